import pLimit from 'p-limit';
import type { AppDeps } from '../compose.js';
import { carryOutRequest } from './carry-out.js';

/**
 * How many resumed approvals, posts and DMs one sweep runs at once. Each waits on CloudMonitor or Slack, whose
 * own caps (the CloudMonitor client's calls per second, Slack's rate limits) set the pace; this only keeps one
 * slow call from holding up the rest.
 */
export const RESUME_CONCURRENCY = 4;

/**
 * Finishes work a crash or an outage left behind, driven from stored state:
 * - requests in `approving` for longer than `stuckAfterMs` are carried out again by `carryOutRequest`, which
 *   does nothing while a live worker holds (and renews) the request's work lease, and otherwise re-reads
 *   CloudMonitor before writing;
 * - pending requests whose approval message could not be posted are posted again, and requesters who were not
 *   told the outcome of a decided request are told (after 30 s, or `stuckAfterMs` if shorter).
 * Up to {@link RESUME_CONCURRENCY} of each run at once.
 * @param stuckAfterMs age in ms after which an `approving` request counts as abandoned
 * @returns how many requests were picked up (resumed approvals: only those no live worker held)
 */
export async function resumeUnfinished(deps: AppDeps, stuckAfterMs: number): Promise<number> {
  const now = deps.now();
  const limit = pLimit(RESUME_CONCURRENCY);
  let picked = 0;
  const approving = await deps.requests.approvingSince(now - stuckAfterMs);
  await Promise.all(
    approving.map((id) =>
      limit(async () => {
        const result = await carryOutRequest(deps, id, { resumed: true });
        if (result?.status !== 'approving') picked += 1;
      }),
    ),
  );
  const unposted = await deps.requests.unpostedSince(now - Math.min(30_000, stuckAfterMs));
  await Promise.all(
    unposted.map((id) =>
      limit(async () => {
        const request = await deps.requests.get(id);
        if (request?.status !== 'pending' || request.adminMessage) return;
        try {
          if (await deps.notifier.postApprovalMessage(request)) picked += 1;
        } catch (error) {
          deps.logger.warn({ err: error, requestId: id }, 'approval message still cannot be posted; will retry');
        }
      }),
    ),
  );
  const untold = await deps.requests.untoldSince(now - Math.min(30_000, stuckAfterMs));
  await Promise.all(
    untold.map((id) =>
      limit(async () => {
        const request = await deps.requests.get(id);
        if (request && (await deps.notifier.tellRequester(request))) picked += 1;
      }),
    ),
  );
  return picked;
}
