import { resumeUnfinished } from '../requests/resume.js';
import { withCmsPriority } from '../cms/call-scheduler.js';
import type { AppDeps } from '../compose.js';
import { sweepReminders } from '../reminders/reminders.js';
import { purgeExpiredData } from '../store/retention.js';

export interface BackgroundJobOptions {
  /** How often the jobs run, ms. Default 1000, so a reminder goes out within a few seconds of its due time. */
  intervalMs?: number;
  /** Age after which an approval still in progress counts as abandoned, ms (RESUME_AFTER). */
  stuckAfterMs: number;
}

/**
 * Runs the periodic jobs (due reminders; resuming approvals and posts that a crash or outage left unfinished;
 * deleting data past its retention, itself at most every 10 minutes: store/retention.ts) every `intervalMs`, never two rounds at once. Every job is driven from stored state and takes leases, so
 * several replicas can run it side by side.
 * @returns stop(), which waits for a running round to finish
 */
export function startBackgroundJobs(deps: AppDeps, options: BackgroundJobOptions): { stop(): Promise<void> } {
  const { stuckAfterMs } = options;
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const round = async () => {
    await withCmsPriority('background', () => sweepReminders(deps)).catch((error: unknown) => deps.logger.error({ err: error }, 'reminder sweep failed'));
    await resumeUnfinished(deps, stuckAfterMs).catch((error: unknown) => deps.logger.error({ err: error }, 'resume sweep failed'));
    await purgeExpiredData(deps).catch((error: unknown) => deps.logger.error({ err: error }, 'retention purge failed'));
  };
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    running = round().finally(() => {
      busy = false;
    });
  }, options.intervalMs ?? 1_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
