import { webApi } from '@slack/bolt';
import { buildRegisteredDm, buildRejectedDm, buildRemovedDm } from '../blocks/requester-messages.js';
import type { AppDeps } from '../compose.js';
import { channelsNeedingActivation, pendingChannels } from '../reminders/activation.js';
import { isIn, TOLD_STATUSES, type ContactRequest } from '../requests/request.js';
import { attemptOwner } from '../store/store.js';

/**
 * DMs the requester the outcome of their request (registered: which channels to activate; rejected: the
 * reason) and records that they were told. A lease (`tell:<id>`, 60 s) keeps the worker and the sweeper from
 * sending it twice at once. A DM Slack refused is left for the sweeper to try again; one whose answer was lost
 * (it may have arrived) is not sent again.
 * @returns true when the DM was sent now
 */
export async function notifyRequester(deps: AppDeps, request: ContactRequest): Promise<boolean> {
  if (!isIn(TOLD_STATUSES, request.status)) return false;
  const lease = `tell:${request.id}`;
  const owner = attemptOwner(deps.instanceId);
  // As long as a DM may take, but no longer than RESUME_AFTER: a crashed sender's DM is picked up soon after.
  if (!(await deps.store.claim(lease, owner, Math.min(60_000, deps.config.resumeAfterMs)))) return false;
  try {
    const locale = await deps.locales.of(request.requesterId);
    const message =
      request.status === 'rejected'
        ? buildRejectedDm(locale, request)
        : request.status === 'removed'
          ? buildRemovedDm(locale, request)
          : buildRegisteredDm(locale, request, await activationPending(deps, request));
    await deps.poster.post({ channel: request.requesterId, ...message });
    await deps.requests.markTold(request.id);
    return true;
  } catch (error) {
    const about = request.status === 'rejected' ? 'rejection' : request.status === 'removed' ? 'removal' : 'registration';
    if (error instanceof webApi.WebAPIPlatformError) {
      // Slack refused it (ok:false): nothing was delivered; the sweeper tries again.
      await deps.store.release(lease, owner);
      deps.logger.error({ err: error, requestId: request.id }, `could not DM the requester about their ${about}; will retry`);
    } else {
      // The answer was lost (5xx, network): the DM may have arrived, and a second one must not (issue: no blind
      // re-posts). Counted as told.
      await deps.requests.markTold(request.id);
      deps.logger.error({ err: error, requestId: request.id }, `could not confirm the DM to the requester about their ${about}; not re-sent`);
    }
    return false;
  }
}

/** SMS/Mail still to activate, per DescribeContactList; if CloudMonitor can't be asked, the new or changed ones. */
async function activationPending(deps: AppDeps, request: ContactRequest) {
  try {
    const remote = await deps.cms.describeContact(request.contact.ContactName);
    if (remote) return pendingChannels(request.contact, remote);
  } catch (error) {
    deps.logger.warn({ err: error, requestId: request.id }, 'DescribeContactList failed after PutContact; assuming new channels need activation');
  }
  return channelsNeedingActivation(request.contact, request.previous);
}
