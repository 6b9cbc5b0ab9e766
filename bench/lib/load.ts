/**
 * Load generation with autocannon (in the parent; the app under test is a child process). Each request is built
 * by `build()` right before it is sent (autocannon `setupRequest`), so signatures and trigger_ids are fresh.
 */
import autocannon from 'autocannon';
import { percentile } from './figures.js';
import type { SignedRequest } from './slack-payloads.js';

/** What one load run measured. Latencies are of 2xx answers, in ms, from the parent's clock. */
export interface LoadResult {
  /** Completed requests (any status). */
  completed: number;
  /** 2xx answers. */
  ok: number;
  /** Requests sent, including those still unanswered when the run ended. */
  sent: number;
  /** 2xx answers per second over the run. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** autocannon's p99, corrected for coordinated omission when a rate is set (1 ms resolution). */
  correctedP99Ms: number;
  /** Non-2xx answers + connection errors + timeouts. */
  failures: number;
  durationS: number;
}

/** One load run: where, how many connections, how long (s) or how many requests, and how to build each request. */
export interface LoadOptions {
  /** The app's origin, `http://127.0.0.1:<port>`. */
  url: string;
  connections: number;
  /** Run for this many seconds ... */
  durationS?: number;
  /** ... or until this many requests have completed. */
  amount?: number;
  /** Total requests per second across connections (open-loop); unset = as fast as answers come (closed-loop). */
  overallRate?: number;
  /** Builds the next request. */
  build: () => SignedRequest;
  /** Sees each answer's status and body (e.g. to count validation errors). */
  onResponse?: (status: number, body: string) => void;
  /** Per-request timeout, s (default 10). */
  timeoutS?: number;
}

/** A running load: `done` resolves with the result; `stop()` ends it early. */
export interface RunningLoad {
  done: Promise<LoadResult>;
  stop(): void;
}

/** Starts a load run (see {@link LoadOptions}). */
export function startLoad(options: LoadOptions): RunningLoad {
  const latencies: number[] = [];
  const request: autocannon.Request = {
    setupRequest: (req) => Object.assign(req, options.build()),
    ...(options.onResponse ? { onResponse: (status: number, body: string) => options.onResponse?.(status, body) } : {}),
  };
  let instance: autocannon.Instance | undefined;
  const done = new Promise<LoadResult>((resolve, reject) => {
    instance = autocannon(
      {
        url: options.url,
        // autocannon refuses more connections than requests.
        connections: options.amount !== undefined ? Math.min(options.connections, options.amount) : options.connections,
        ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.durationS ?? 5 }),
        ...(options.overallRate !== undefined ? { overallRate: options.overallRate } : {}),
        timeout: options.timeoutS ?? 10,
        requests: [request],
      },
      (error: unknown, result: autocannon.Result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        latencies.sort((a, b) => a - b);
        const ok = result['2xx'];
        resolve({
          completed: result.requests.total,
          ok,
          sent: result.requests.sent,
          rps: result.duration > 0 ? ok / result.duration : 0,
          p50Ms: percentile(latencies, 50),
          p99Ms: percentile(latencies, 99),
          maxMs: latencies.at(-1) ?? Number.NaN,
          correctedP99Ms: result.latency.p99,
          failures: result.non2xx + result.errors + result.timeouts,
          durationS: result.duration,
        });
      },
    );
    instance.on('response', (_client: autocannon.Client, status: number, _bytes: number, responseTime: number) => {
      if (status >= 200 && status < 300) latencies.push(responseTime);
    });
  });
  return {
    done,
    stop: () => instance?.stop(),
  };
}

/** Runs a load to the end (see {@link LoadOptions}). */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  return startLoad(options).done;
}
