/**
 * The child side of the parent ↔ child protocol used by every bench child (app under test, bare Bolt baseline,
 * stored-state sweeper). Messages travel over Node's IPC channel (`fork`):
 * - child → parent `{ type: 'ready', port? }` once it can take load;
 * - parent → child `{ type, id, ... }` requests, answered by `{ type: 'reply', id, ok, value | error }`;
 * - built-in requests: `stats` (RSS, heap, event-loop delay, log counts; `reset: true` starts a new period),
 *   `gc` (full collection, with --expose-gc) and `stop` (graceful stop, then exit 0, so a `--cpu-prof` profile
 *   gets written).
 */
import { createCountingLog, type LogCounts } from './counting-log.js';
import { type EventLoopDelay, startEventLoopMonitor } from './event-loop.js';

/** A request from the parent. */
export interface ParentRequest {
  type: string;
  id: number;
  [field: string]: unknown;
}

/** The answer to a {@link ParentRequest}. */
export interface ChildReply {
  type: 'reply';
  id: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}

/** What `stats` returns: memory in bytes, event-loop delay and log counts since the last reset. */
export interface ChildStats {
  rssBytes: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  /** C++ objects bound to JS (buffers, sockets…). */
  externalBytes: number;
  eventLoop: EventLoopDelay;
  log: LogCounts;
}

/** Answers one request type; the value (or a promise of it) is sent back as the reply. */
export type RequestHandler = (request: ParentRequest) => unknown;

function send(message: object): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

/**
 * Starts answering the parent. The event-loop monitor and the counting log start here, so a child's figures
 * cover everything after this call.
 * @param handlers extra request types (e.g. `populate`, `sweep`)
 * @param onStop called by `stop` before the process exits (stop the app, close the store)
 * @returns the counting log destination, to hand to the app's logger
 */
export function serveParent(
  handlers: Record<string, RequestHandler>,
  onStop: () => Promise<void>,
): { log: ReturnType<typeof createCountingLog> } {
  if (!process.send) throw new Error('bench children must be started with an IPC channel (child_process.fork)');
  const monitor = startEventLoopMonitor();
  const log = createCountingLog();
  const builtIn: Record<string, RequestHandler> = {
    /** Full garbage collection, when started with --expose-gc; answers whether it ran. */
    gc: () => {
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      return gc !== undefined;
    },
    stats: (request) => {
      const memory = process.memoryUsage();
      const stats: ChildStats = {
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
        heapTotalBytes: memory.heapTotal,
        externalBytes: memory.external,
        eventLoop: monitor.read(request.reset === true),
        log: log.read(request.reset === true),
      };
      return stats;
    },
  };
  process.on('message', (raw: unknown) => {
    const request = raw as ParentRequest;
    if (typeof request?.type !== 'string' || typeof request.id !== 'number') return;
    if (request.type === 'stop') {
      onStop()
        .catch(() => undefined)
        .then(() => send({ type: 'reply', id: request.id, ok: true } satisfies ChildReply))
        .finally(() => process.exit(0));
      return;
    }
    const handler = handlers[request.type] ?? builtIn[request.type];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown request type ${request.type}`);
        return handler(request);
      })
      .then(
        (value) => send({ type: 'reply', id: request.id, ok: true, value } satisfies ChildReply),
        (error: unknown) =>
          send({
            type: 'reply',
            id: request.id,
            ok: false,
            error: error instanceof Error ? (error.stack ?? error.message) : String(error),
          } satisfies ChildReply),
      );
  });
  // The parent going away (crash, Ctrl-C) must not leave this process behind.
  process.on('disconnect', () => process.exit(0));
  return { log };
}

/** Tells the parent this child is ready; `port` is the HTTP port it listens on, if any. */
export function sendReady(port?: number): Promise<void> {
  return send({ type: 'ready', ...(port === undefined ? {} : { port }) });
}

/** Reports a start-up failure to the parent (stderr and IPC), then exits 1. */
export function failStart(error: unknown): void {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`bench child failed: ${message}\n`);
  setTimeout(() => process.exit(1), 1_000).unref();
  void send({ type: 'failed', error: message }).finally(() => process.exit(1));
}
