/**
 * The test helpers that replace fixed sleeps (test/helpers/wait.ts): waitUntil returns as soon as its condition
 * holds and fails at its deadline; waitUntilQuiet returns only after the fakes' recorded calls have stopped for
 * the quiet period, and fails when they keep coming.
 */
import { describe, expect, it } from 'vitest';
import type { FakeSlack } from '../../fakes/slack-web-api.js';
import { waitUntil, waitUntilQuiet } from '../../helpers/wait.js';

/** Just the recorded-call arrays of a FakeSlack, which is all waitUntilQuiet reads. */
function recordingSlack(): { slack: FakeSlack; record: () => void } {
  const calls: unknown[] = [];
  const slack = { calls, responseUrlPosts: [] } as unknown as FakeSlack;
  return { slack, record: () => calls.push({}) };
}

describe('waitUntil', () => {
  it('resolves with the first value that holds, awaiting async conditions', async () => {
    let n = 0;
    expect(await waitUntil(async () => (++n >= 3 ? `after ${n}` : undefined))).toBe('after 3');
  });

  it('fails at its deadline, naming what it waited for and the last error', async () => {
    const started = Date.now();
    await expect(
      waitUntil(
        () => {
          throw new Error('not yet');
        },
        { timeoutMs: 100, what: 'the thing' },
      ),
    ).rejects.toThrow(/the thing did not hold within 100 ms\. Last error: not yet/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });
});

describe('waitUntilQuiet', () => {
  it('waits past a call inside the quiet period until the calls have stopped for a whole quiet period', async () => {
    const { slack, record } = recordingSlack();
    const started = Date.now();
    setTimeout(record, 60);
    setTimeout(record, 120);
    await waitUntilQuiet({ slack }, { quietMs: 100 });
    expect(slack.calls).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(220);
  });

  it('fails when calls keep arriving past the deadline', async () => {
    const { slack, record } = recordingSlack();
    const timer = setInterval(record, 20);
    try {
      await expect(waitUntilQuiet({ slack }, { quietMs: 100, timeoutMs: 300 })).rejects.toThrow(
        /still being called after 300 ms/,
      );
    } finally {
      clearInterval(timer);
    }
  });
});
