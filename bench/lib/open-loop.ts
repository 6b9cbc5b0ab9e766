/**
 * Open-loop (constant-rate) load: request i is sent at t0 + i ÷ rate whatever happened to the earlier ones, the
 * way Slack sends slash commands (it does not wait for our ack of one person's command before sending the next
 * person's). Latency is measured from the moment the request is released to the pool, so time spent waiting for a
 * free connection counts against the app (no coordinated omission); it is also reported from the scheduled time,
 * which adds this process's own lateness (its event loop also runs the fake Slack).
 *
 * Why not autocannon's `overallRate`: it paces each connection at rate ÷ connections with one request in flight per
 * connection, so when the app stalls the next sends are deferred (coordinated omission, only estimated afterwards
 * in its corrected histogram). Here a timer releases every due request and an undici keep-alive Pool
 * (https://undici.nodejs.org/#/docs/api/Pool) carries them, with more connections than ever need to be in flight.
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { percentile } from './figures.js';
import type { SignedRequest } from './slack-payloads.js';

/** Where, how fast, how long, and how to build each request. */
export interface OpenLoopOptions {
  /** The app's origin, `http://127.0.0.1:<port>`. */
  url: string;
  /** Requests per second (constant). */
  ratePerSecond: number;
  /** Seconds of sending; `ratePerSecond × durationS` requests in all. */
  durationS: number;
  /** Keep-alive connections of the pool (requests beyond them queue in the pool; the queueing is measured). */
  connections: number;
  /**
   * Builds request i right before it is sent.
   * @param scheduledAt epoch ms the request was due (Slack's clock for it starts here)
   */
  build: (scheduledAt: number, index: number) => SignedRequest;
  /** Per-request timeout for headers and body, ms (default 10 000). */
  timeoutMs?: number;
}

/** What an open-loop run measured; latencies in ms, of 2xx answers, from the release to the pool (p50/p99/max) or from the scheduled time (`scheduled*`). */
export interface OpenLoopResult {
  /** Requests sent (= rate × duration). */
  sent: number;
  /** 2xx answers. */
  ok: number;
  /** Non-2xx answers, connection errors and timeouts. */
  failures: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  scheduledP99Ms: number;
  scheduledMaxMs: number;
  /** How late the generator released requests (event-loop lag of this process), p99 and max, ms. */
  sendLagP99Ms: number;
  sendLagMaxMs: number;
  /** Seconds from the first scheduled send to the first failed request, or NaN when none failed. */
  firstFailureS: number;
  /** Requests sent per second, first to last send. */
  achievedRate: number;
}

/**
 * Sends `ratePerSecond × durationS` requests at a constant rate and waits for every answer (or its timeout).
 * @throws never for a failed request (counted in `failures`); only for invalid options
 */
export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  if (!(options.ratePerSecond > 0) || !(options.durationS > 0))
    throw new Error('runOpenLoop: rate and duration must be positive');
  const total = Math.max(1, Math.round(options.ratePerSecond * options.durationS));
  const intervalMs = 1_000 / options.ratePerSecond;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const pool = new Pool(options.url, { connections: options.connections, pipelining: 1, keepAliveTimeout: 60_000 });
  const latencies: number[] = [];
  const fromSchedule: number[] = [];
  const lags: number[] = [];
  const inFlight: Promise<void>[] = [];
  let failures = 0;
  let firstFailure = Number.NaN;
  const fail = () => {
    failures += 1;
    if (Number.isNaN(firstFailure)) firstFailure = performance.now();
  };
  let firstSend = Number.NaN;
  let lastSend = Number.NaN;

  const fire = (index: number, scheduled: number) => {
    const now = performance.now();
    lags.push(now - scheduled);
    if (index === 0) firstSend = now;
    lastSend = now;
    const request = options.build(performance.timeOrigin + scheduled, index);
    inFlight.push(
      pool
        .request({
          path: request.path,
          method: request.method,
          headers: request.headers,
          body: request.body,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        })
        .then(async (response) => {
          await response.body.text();
          if (response.statusCode >= 200 && response.statusCode < 300) {
            const end = performance.now();
            latencies.push(end - now);
            fromSchedule.push(end - scheduled);
          } else fail();
        })
        .catch(fail),
    );
  };

  const t0 = performance.now() + 10;
  let next = 0;
  try {
    await new Promise<void>((resolve) => {
      const tick = () => {
        const now = performance.now();
        while (next < total && t0 + next * intervalMs <= now) {
          fire(next, t0 + next * intervalMs);
          next += 1;
        }
        if (next >= total) return resolve();
        setTimeout(tick, Math.max(0, t0 + next * intervalMs - performance.now()));
      };
      setTimeout(tick, 10);
    });
    await Promise.all(inFlight);
  } finally {
    await pool.close().catch(() => undefined);
  }
  latencies.sort((a, b) => a - b);
  fromSchedule.sort((a, b) => a - b);
  lags.sort((a, b) => a - b);
  return {
    sent: total,
    ok: latencies.length,
    failures,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.at(-1) ?? Number.NaN,
    scheduledP99Ms: percentile(fromSchedule, 99),
    scheduledMaxMs: fromSchedule.at(-1) ?? Number.NaN,
    sendLagP99Ms: percentile(lags, 99),
    sendLagMaxMs: lags.at(-1) ?? Number.NaN,
    firstFailureS: (firstFailure - t0) / 1_000,
    achievedRate: total > 1 && lastSend > firstSend ? ((total - 1) * 1_000) / (lastSend - firstSend) : Number.NaN,
  };
}
