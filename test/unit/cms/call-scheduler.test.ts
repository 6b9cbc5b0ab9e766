/**
 * The client-side CloudMonitor cap and queue (src/cms/call-scheduler.ts): at most N calls start in any 1 s window,
 * counted when each call really starts (recorded inside the call, so no network or server timing is involved);
 * at most `concurrency` in flight; the most urgent priority first; a call past its deadline dropped, not sent.
 */
import { describe, expect, it } from 'vitest';
import {
  CAP_WINDOW_MS,
  CallDeadlineError,
  type CmsPriority,
  createCallScheduler,
  withCmsDeadline,
  withCmsPriority,
} from '../../../src/cms/call-scheduler.js';

/** The most start times within any 1 s (sliding). */
function peakPerSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return Math.max(0, ...sorted.map((at, i) => sorted.slice(i).filter((other) => other < at + 1_000).length));
}

/** Queues `calls` calls at once under a cap of `cap`/s; resolves with the time each one started (Date.now()). */
async function startTimes(cap: number, calls: number): Promise<number[]> {
  const started: number[] = [];
  const schedule = createCallScheduler({ callsPerSecond: cap, concurrency: 1_000 });
  await Promise.all(
    Array.from({ length: calls }, () =>
      schedule(async () => {
        started.push(Date.now());
      }),
    ),
  );
  return started;
}

describe('createCallScheduler: the cap', () => {
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

describe('createCallScheduler: priorities and concurrency', () => {
  it('starts waiting writes before interactive reads before background reads, first come first served within each', async () => {
    const schedule = createCallScheduler({ callsPerSecond: 1_000, concurrency: 1 });
    const order: string[] = [];
    let release: () => void = () => {};
    const blocker = schedule(() => new Promise<void>((resolve) => (release = resolve)), 'background');
    const queued = (['background', 'interactive', 'write', 'background', 'write', 'interactive'] as CmsPriority[]).map(
      (priority, i) =>
        schedule(async () => {
          order.push(`${priority}-${i}`);
        }, priority),
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    await Promise.all([blocker, ...queued]);
    expect(order).toEqual(['write-2', 'write-4', 'interactive-1', 'interactive-5', 'background-0', 'background-3']);
  });

  it('takes the priority from withCmsPriority when none is given (interactive outside any)', async () => {
    const schedule = createCallScheduler({ callsPerSecond: 1_000, concurrency: 1 });
    const order: string[] = [];
    let release: () => void = () => {};
    const blocker = schedule(() => new Promise<void>((resolve) => (release = resolve)));
    const calls = [
      withCmsPriority('background', () => schedule(async () => void order.push('background'))),
      schedule(async () => void order.push('interactive')),
      withCmsPriority('write', async () => {
        await Promise.resolve();
        return schedule(async () => void order.push('write'));
      }),
    ];
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    await Promise.all([blocker, ...calls]);
    expect(order).toEqual(['write', 'interactive', 'background']);
  });

  it('never has more than `concurrency` calls in flight, and a failed call frees its slot', async () => {
    const schedule = createCallScheduler({ callsPerSecond: 1_000, concurrency: 3 });
    let inFlight = 0;
    let peak = 0;
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        schedule(async () => {
          inFlight += 1;
          peak = Math.max(peak, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 5));
          inFlight -= 1;
          if (i % 4 === 0) throw new Error(`call ${i} failed`);
          return i;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(results.filter((result) => result.status === 'rejected')).toHaveLength(5);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(15);
  });
});

describe('createCallScheduler: deadlines', () => {
  it('drops a call still queued when its withCmsDeadline passes (never sent); calls without one still run', async () => {
    const schedule = createCallScheduler({ callsPerSecond: 1_000, concurrency: 1 });
    const started: string[] = [];
    let release: () => void = () => {};
    const blocker = schedule(() => new Promise<void>((resolve) => (release = resolve)));
    const bounded = withCmsDeadline(20, () => schedule(async () => void started.push('bounded')));
    const unbounded = schedule(async () => void started.push('unbounded'));
    await new Promise((resolve) => setTimeout(resolve, 60));
    release();
    await blocker;
    await expect(bounded).rejects.toBeInstanceOf(CallDeadlineError);
    await unbounded;
    expect(started).toEqual(['unbounded']);
  });

  it('drops at once a call the cap and the calls ahead would keep waiting past its deadline; one that can make it waits its turn', async () => {
    // 2 calls per window of CAP_WINDOW_MS: 6 calls ahead (2 start now, 4 wait).
    const schedule = createCallScheduler({ callsPerSecond: 2, concurrency: 10 });
    let startedAhead = 0;
    const ahead = Array.from({ length: 6 }, () => schedule(async () => void (startedAhead += 1)));
    const outcome: Record<string, string> = {};
    const watch = (name: string, call: Promise<unknown>) =>
      call.then(
        () => (outcome[name] = 'ran'),
        (error: unknown) => (outcome[name] = error instanceof CallDeadlineError ? 'dropped' : 'failed'),
      );
    // 6 ahead: it starts 3 windows after the first two; a budget longer than that waits its turn.
    const fits = watch(
      'fits',
      withCmsDeadline(4 * CAP_WINDOW_MS, () => schedule(async () => 'ran')),
    );
    // 7 ahead: it cannot start within 3 windows either, and its budget is shorter: dropped now, not at its deadline.
    const hopeless = watch(
      'hopeless',
      withCmsDeadline(1.5 * CAP_WINDOW_MS, () => schedule(async () => 'ran')),
    );
    await hopeless;
    // Dropped while the first window's two calls were the only ones started, long before its deadline.
    expect(outcome).toEqual({ hopeless: 'dropped' });
    expect(startedAhead).toBe(2);
    await Promise.all([...ahead, fits]);
    expect(outcome).toEqual({ hopeless: 'dropped', fits: 'ran' });
  });

  it('a call whose turn comes before its deadline runs', async () => {
    const schedule = createCallScheduler({ callsPerSecond: 1_000, concurrency: 1 });
    await expect(withCmsDeadline(1_000, () => schedule(async () => 'ran'))).resolves.toBe('ran');
  });
});
