import { withCmsPriority } from '../cms/call-scheduler.js';
import type { AppDeps } from '../compose.js';
import { sweepReminders } from '../reminders/reminders.js';
import { nameLookupsFor } from '../requests/name-lookups.js';
import { resumeUnfinished } from '../requests/resume.js';
import { purgeExpiredData } from '../store/retention.js';

export interface BackgroundJobOptions {
  /** How often the jobs run, ms. Default 1000, so a reminder goes out within a few seconds of its due time. */
  intervalMs?: number;
  /** Age after which an approval still in progress counts as abandoned, ms (RESUME_AFTER). */
  stuckAfterMs: number;
}

/**
 * Runs the periodic jobs every `intervalMs` as independent loops, each never two rounds at once:
 * - resume: approvals, approval posts and outcome DMs that a crash or outage left unfinished;
 * - name lookups: new contacts posted before their name was looked up in CloudMonitor (requests/name-lookups.ts;
 *   posting a request wakes the same runner, so this round only picks up what a crash or a backlog left);
 * - reminders: due activation reminders (their CloudMonitor reads queue behind approvals and people waiting);
 * - retention: data past its retention, deleted at most every 10 minutes (store/retention.ts).
 * A backlog of reminders therefore never holds up resumed approvals or untold requesters. Every job is driven
 * from stored state and takes leases, so several replicas can run them side by side.
 * @returns stop(), which waits for running rounds to finish
 */
export function startBackgroundJobs(deps: AppDeps, options: BackgroundJobOptions): { stop(): Promise<void> } {
  const { stuckAfterMs } = options;
  const lookups = nameLookupsFor(deps);
  lookups.start().catch((error: unknown) => deps.logger.error({ err: error }, 'could not list leftover name lookups'));
  const loops = [
    loop(options.intervalMs ?? 1_000, () =>
      resumeUnfinished(deps, stuckAfterMs).catch((error: unknown) =>
        deps.logger.error({ err: error }, 'resume sweep failed'),
      ),
    ),
    loop(options.intervalMs ?? 1_000, () => lookups.wake()),
    loop(options.intervalMs ?? 1_000, () =>
      withCmsPriority('background', () => sweepReminders(deps)).catch((error: unknown) =>
        deps.logger.error({ err: error }, 'reminder sweep failed'),
      ),
    ),
    loop(options.intervalMs ?? 1_000, () =>
      purgeExpiredData(deps).catch((error: unknown) => deps.logger.error({ err: error }, 'retention purge failed')),
    ),
  ];
  return {
    async stop() {
      await Promise.all([...loops.map((running) => running.stop()), lookups.stop()]);
    },
  };
}

/** Runs `round` every `intervalMs`, skipping a tick while the previous round is still running. */
function loop(intervalMs: number, round: () => Promise<unknown>): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    running = round().finally(() => {
      busy = false;
    });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
