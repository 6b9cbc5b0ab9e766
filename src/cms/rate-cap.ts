import pThrottle from 'p-throttle';

/**
 * Window over which the cap is counted, ms: 1.1 s rather than 1 s, so that network jitter cannot bunch the calls
 * up on arrival, where CloudMonitor counts them.
 */
export const CAP_WINDOW_MS = 1_100;

/**
 * A client-side cap on how many calls start per second: at most `callsPerSecond` in any sliding window of
 * {@link CAP_WINDOW_MS}, counted at the moment each call actually starts. Calls over the cap wait (first come,
 * first served); nothing is dropped. Bursts up to the cap go out at once, so a lone call never waits.
 *
 * It is p-throttle's strict (sliding-window) mode with a `weight` function: with one, p-throttle checks the window
 * against the calls already started when each timer fires. Without it, strict mode fixes each call's start time
 * when the call is queued, so timers that fire late on a busy event loop start several calls together, and its
 * window also lets `limit + 1` through now and then (cf. sindresorhus/p-throttle#49): the benchmark's fake
 * CloudMonitor saw 12 calls in one second at a cap of 10.
 * @param callsPerSecond the cap, calls per second (≥ 1)
 * @returns a wrapper: `cap(fn)` returns `fn` rate-capped (resolving with `fn`'s result)
 */
export function rateCap(callsPerSecond: number) {
  return pThrottle({ limit: callsPerSecond, interval: CAP_WINDOW_MS, strict: true, weight: () => 1 });
}
