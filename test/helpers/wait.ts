/**
 * Waiting in tests without fixed sleeps: {@link waitUntil} polls a condition until it holds (or a deadline
 * passes); {@link waitUntilQuiet} checks that nothing more happens, by watching the calls the fakes record until
 * none has arrived for a quiet period (or fails when they keep coming past a deadline).
 */
import type { FakeCloudMonitor } from '../fakes/cloudmonitor.js';
import type { FakeSlack } from '../fakes/slack-web-api.js';

export interface WaitOptions {
  /** Longest wait, ms. Default 5000. */
  timeoutMs?: number;
  /** Time between two checks, ms. Default 10. */
  intervalMs?: number;
  /** What is awaited, for the timeout's message. */
  what?: string;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `condition` until it returns something other than undefined or false, and resolves with that.
 * A condition that throws counts as not yet; its last error is named if the wait times out.
 * @throws Error after `timeoutMs` (default 5000), naming `what` and the condition's last error
 */
export async function waitUntil<T>(
  condition: () => T | undefined | false | Promise<T | undefined | false>,
  options: WaitOptions = {},
): Promise<T> {
  const { timeoutMs = 5_000, intervalMs = 10, what = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) break;
    await pause(intervalMs);
  }
  const thrown =
    lastError === undefined
      ? ''
      : ` Last error: ${lastError instanceof Error ? lastError.message : String(lastError)}.`;
  throw new Error(`waitUntil: ${what} did not hold within ${timeoutMs} ms.${thrown}`);
}

/** The fakes whose recorded calls {@link waitUntilQuiet} watches (a TestBot has both). */
export interface RecordingFakes {
  slack: FakeSlack;
  cms?: FakeCloudMonitor;
}

export interface QuietOptions {
  /** How long no new call must arrive, ms. Default 300. */
  quietMs?: number;
  /** Longest wait for such a quiet period, ms. Default 5000. */
  timeoutMs?: number;
}

/** How many calls the fakes have recorded so far: Slack Web API calls, response_url posts, CloudMonitor requests. */
function recordedCalls(fakes: RecordingFakes): number {
  return fakes.slack.calls.length + fakes.slack.responseUrlPosts.length + (fakes.cms?.requests.length ?? 0);
}

/**
 * Waits until the app has stopped calling the fakes: resolves once no Slack Web API call, response_url post or
 * CloudMonitor request has been recorded for `quietMs` (default 300), so that a following assertion that
 * "nothing (more) happened" sees everything the app was going to do. Choose `quietMs` longer than any periodic
 * work the assertion is about (e.g. a sweep interval).
 * @throws Error when calls keep arriving for `timeoutMs` (default 5000): the app is not idle
 */
export async function waitUntilQuiet(fakes: RecordingFakes, options: QuietOptions = {}): Promise<void> {
  const { quietMs = 300, timeoutMs = 5_000 } = options;
  const deadline = Date.now() + Math.max(timeoutMs, quietMs);
  let seen = recordedCalls(fakes);
  let quietSince = Date.now();
  for (;;) {
    await pause(Math.min(20, quietMs));
    const now = Date.now();
    const count = recordedCalls(fakes);
    if (count !== seen) {
      seen = count;
      quietSince = now;
    } else if (now - quietSince >= quietMs) {
      return;
    }
    if (now >= deadline)
      throw new Error(`waitUntilQuiet: the fakes were still being called after ${timeoutMs} ms (${seen} calls so far)`);
  }
}
