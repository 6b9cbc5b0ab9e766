import type { AppDeps } from '../compose.js';
import { carryOutRequest } from './carry-out.js';

/**
 * Finishes work a crash or an outage left behind, driven from stored state:
 * - requests stuck in `approving` for longer than `stuckAfterMs` (the process died during PutContact or before
 *   recording its outcome) are carried out again by `carryOutRequest` (PutContact is an upsert, so repeating it
 *   with the same values is safe);
 * - pending requests whose approval message could not be posted are posted again, and requesters who were not
 *   told the outcome of a decided request are told (after 30 s, or `stuckAfterMs` if shorter).
 * @param stuckAfterMs age in ms after which an `approving` request counts as abandoned
 * @returns how many requests were picked up
 */
export async function resumeUnfinished(deps: AppDeps, stuckAfterMs: number): Promise<number> {
  const now = deps.now();
  let picked = 0;
  for (const id of await deps.requests.approvingSince(now - stuckAfterMs)) {
    deps.logger.warn({ requestId: id }, 'resuming an approval that did not finish');
    await carryOutRequest(deps, id);
    picked += 1;
  }
  for (const id of await deps.requests.unpostedSince(now - Math.min(30_000, stuckAfterMs))) {
    const request = await deps.requests.get(id);
    if (request?.status !== 'pending' || request.adminMessage) continue;
    try {
      if (await deps.notifier.postApprovalMessage(request)) picked += 1;
    } catch (error) {
      deps.logger.warn({ err: error, requestId: id }, 'approval message still cannot be posted; will retry');
    }
  }
  for (const id of await deps.requests.untoldSince(now - Math.min(30_000, stuckAfterMs))) {
    const request = await deps.requests.get(id);
    if (request && (await deps.notifier.tellRequester(request))) picked += 1;
  }
  return picked;
}
