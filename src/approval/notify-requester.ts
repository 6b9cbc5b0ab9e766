import { buildRegisteredDm, buildRejectedDm, buildRemovedDm } from '../blocks/requester-messages.js';
import type { AppDeps } from '../deps.js';
import { channelsNeedingActivation, pendingChannels } from '../reminders/activation.js';
import { TOLD_STATUSES, type ContactRequest } from '../store/requests.js';

/**
 * DMs the requester the outcome of their request (registered: which channels to activate; rejected: the
 * reason) and records that they were told. A lease (`tell:<id>`, 60 s) keeps the worker and the sweeper from
 * sending it twice at once; a failed DM is logged and left for the sweeper to try again.
 * @returns true when the DM was sent now
 */
export async function notifyRequester(deps: AppDeps, request: ContactRequest): Promise<boolean> {
  if (!TOLD_STATUSES.includes(request.status)) return false;
  if (!(await deps.store.claim(`tell:${request.id}`, deps.instanceId, 60_000))) return false;
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
    deps.logger.error({ err: error, requestId: request.id }, `could not DM the requester about their ${about}`);
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
