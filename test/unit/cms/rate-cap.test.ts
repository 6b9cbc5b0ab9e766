/**
 * The client-side CloudMonitor cap (src/cms/rate-cap.ts): at most N calls start in any 1 s window, counted when
 * each call really starts (recorded inside the capped function, so no network or server timing is involved).
 */
import { describe, expect, it } from 'vitest';
import { rateCap } from '../../../src/cms/rate-cap.js';

/** The most start times within any 1 s (sliding). */
function peakPerSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return Math.max(0, ...sorted.map((at, i) => sorted.slice(i).filter((other) => other < at + 1_000).length));
}

/** Queues `calls` calls at once under a cap of `cap`/s; resolves with the time each one started (Date.now()). */
async function startTimes(cap: number, calls: number): Promise<number[]> {
  const started: number[] = [];
  const capped = rateCap(cap)(async () => {
    started.push(Date.now());
  });
  await Promise.all(Array.from({ length: calls }, () => capped()));
  return started;
}

describe('rateCap', () => {
  it('starts every queued call, never more than the cap in 1 s', async () => {
    const started = await startTimes(5, 12);
    expect(started).toHaveLength(12);
    expect(peakPerSecond(started)).toBeLessThanOrEqual(5);
  });

  it('holds the cap in every 1 s window when a busy event loop makes its timers fire late', async () => {
    // Blocks the event loop for 300 ms every 700 ms, as a burst of other work does: timers due meanwhile fire late.
    const stall = setInterval(() => {
      const until = Date.now() + 300;
      while (Date.now() < until);
    }, 700);
    try {
      const started = await startTimes(10, 45);
      expect(started).toHaveLength(45);
      expect(peakPerSecond(started)).toBeLessThanOrEqual(10);
    } finally {
      clearInterval(stall);
    }
  }, 20_000);
});
