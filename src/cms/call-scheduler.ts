import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Window over which the calls-per-second cap is counted, ms: 1.1 s rather than 1 s, so that network jitter cannot
 * bunch the calls up on arrival, where CloudMonitor counts them.
 */
export const CAP_WINDOW_MS = 1_100;

/**
 * Who is waiting for a CloudMonitor call, most urgent first: `write` (an approval being carried out: PutContact,
 * DeleteContact, group writes and the reads they need), `interactive` (a person waiting: the form, status, a
 * submission's checks), `background` (reminder sweeps, start-up checks, follow-ups nobody watches).
 */
export const CMS_PRIORITIES = ['write', 'interactive', 'background'] as const;
export type CmsPriority = (typeof CMS_PRIORITIES)[number];

const callContext = new AsyncLocalStorage<{ priority: CmsPriority; deadline?: number }>();

/**
 * Runs `work` with every CloudMonitor call it makes (directly or through callees) queued at `priority`.
 * @returns what `work` returns
 */
export function withCmsPriority<T>(priority: CmsPriority, work: () => T): T {
  return callContext.run({ ...callContext.getStore(), priority }, work);
}

/**
 * Runs `work` so that its CloudMonitor calls still waiting in the queue after `ms` milliseconds are dropped
 * (rejected with {@link CallDeadlineError}) instead of being sent, and calls that the queue ahead of them and the
 * calls-per-second cap would keep waiting past that are dropped at once: for lookups a person waits for with a
 * budget, so a burst of them that cannot be served in time neither stays queued ahead of later work nor makes the
 * person wait for nothing.
 * @returns what `work` returns
 */
export function withCmsDeadline<T>(ms: number, work: () => T): T {
  const store = callContext.getStore();
  return callContext.run({ priority: store?.priority ?? 'interactive', deadline: performance.now() + ms }, work);
}

/** The priority of CloudMonitor calls made now: the innermost {@link withCmsPriority}, else `interactive`. */
export function currentCmsPriority(): CmsPriority {
  return callContext.getStore()?.priority ?? 'interactive';
}

/** The `code` of a call the queue dropped ({@link CallDeadlineError}, and the CmsError the client makes of it). */
export const QUEUE_DEADLINE = 'QueueDeadline';

/** A call dropped from the queue because its {@link withCmsDeadline} passed before its turn; `code` is `QueueDeadline`. */
export class CallDeadlineError extends Error {
  readonly code = QUEUE_DEADLINE;
  constructor() {
    super('the CloudMonitor call waited in the queue past its deadline and was not sent');
    this.name = 'CallDeadlineError';
  }
}

export interface CallSchedulerOptions {
  /** Most calls started in any sliding window of {@link CAP_WINDOW_MS} (CMS_CALLS_PER_SECOND). */
  callsPerSecond: number;
  /** Most calls in flight at once. */
  concurrency: number;
  /** Clock of the calls-per-second window, ms; default performance.now. (Deadlines always use performance.now.) */
  now?: () => number;
}

/** Runs a call when its turn comes; resolves or rejects as the call does. */
export type CallScheduler = <T>(call: () => Promise<T>, priority?: CmsPriority) => Promise<T>;

/**
 * A queue for CloudMonitor calls with priorities, under two limits at once: at most `callsPerSecond` calls start in
 * any sliding window of CAP_WINDOW_MS (counted when each call really starts, as CloudMonitor counts arrivals), and
 * at most `concurrency` are in flight. When a slot frees, the oldest waiting call of the most urgent priority
 * starts; within a priority, first come first served. Nothing is dropped. The priority is taken from the caller's
 * {@link withCmsPriority} context unless given.
 */
export function createCallScheduler(options: CallSchedulerOptions): CallScheduler {
  const now = options.now ?? (() => performance.now());
  const queues: Record<CmsPriority, Array<{ start: () => void; drop: () => void; deadline?: number }>> = {
    write: [],
    interactive: [],
    background: [],
  };
  const starts: number[] = [];
  let inFlight = 0;
  let timer: NodeJS.Timeout | undefined;

  /** Drops the start times at or before `time`: they no longer count against the window. */
  const forgetStartsBefore = (time: number): void => {
    while (starts.length > 0 && (starts[0] ?? 0) <= time) starts.shift();
  };

  const pump = (): void => {
    for (;;) {
      const next = CMS_PRIORITIES.map((priority) => queues[priority]).find((queue) => queue.length > 0);
      if (!next || inFlight >= options.concurrency) return;
      const head = next[0];
      if (head?.deadline !== undefined && performance.now() > head.deadline) {
        next.shift();
        head.drop();
        continue;
      }
      const at = now();
      forgetStartsBefore(at - CAP_WINDOW_MS);
      if (starts.length >= options.callsPerSecond) {
        if (!timer) {
          const wait = Math.max(1, (starts[0] ?? at) + CAP_WINDOW_MS - at);
          timer = setTimeout(() => {
            timer = undefined;
            pump();
          }, wait);
        }
        return;
      }
      starts.push(at);
      inFlight += 1;
      next.shift()?.start();
    }
  };

  /**
   * The soonest a call queued now at `priority` could start, as ms from now, if every call ahead of it ran: the
   * calls already started in the current window plus those queued at the same or a more urgent priority, at
   * `callsPerSecond` per window. A lower bound (a call queued later at a more urgent priority can only delay it).
   */
  const soonestStart = (priority: CmsPriority): number => {
    const at = now();
    forgetStartsBefore(at - CAP_WINDOW_MS);
    let ahead = starts.length;
    const clock = performance.now();
    for (const level of CMS_PRIORITIES) {
      // Calls already past their own deadline will be dropped, not started: they are not ahead.
      for (const queued of queues[level]) if (queued.deadline === undefined || queued.deadline >= clock) ahead += 1;
      if (level === priority) break;
    }
    // The n-th start from the oldest one in the window comes floor(n / callsPerSecond) windows after it.
    const since = starts.length > 0 ? at - (starts[0] ?? at) : 0;
    return Math.max(0, Math.floor(ahead / options.callsPerSecond) * CAP_WINDOW_MS - since);
  };

  return (call, priority = currentCmsPriority()) =>
    new Promise((resolve, reject) => {
      const deadline = callContext.getStore()?.deadline;
      // One that cannot start before its deadline even if everything ahead ran is dropped at once, not after waiting.
      if (deadline !== undefined && performance.now() + soonestStart(priority) > deadline) {
        reject(new CallDeadlineError());
        return;
      }
      queues[priority].push({
        deadline,
        drop: () => reject(new CallDeadlineError()),
        start: () => {
          Promise.resolve()
            .then(call)
            .then(resolve, reject)
            .finally(() => {
              inFlight -= 1;
              pump();
            });
        },
      });
      pump();
    });
}
