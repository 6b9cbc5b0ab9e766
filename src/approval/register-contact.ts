import type { webApi } from '@slack/bolt';
import { buildRegisteredDm } from '../blocks/requester-messages.js';
import { asCmsError } from '../cms/errors.js';
import type { AppDeps } from '../deps.js';
import { channelsNeedingActivation, pendingChannels } from '../reminders/activation.js';
import { scheduleReminders } from '../reminders/reminders.js';
import type { ContactRequest } from '../store/requests.js';
import { refreshApprovalMessage } from './admin-message.js';

/**
 * Carries out an approved request (status `approving`): reserves the ContactName for the requester, calls
 * PutContact (with the full channel set), and then, on success, records the registration, updates the admin
 * message, DMs the requester which channels to activate, and schedules reminders; on failure, stores
 * CloudMonitor's error code and message with status `failed`, and the admin message offers Retry.
 * Every step's outcome is stored before the next; nothing here throws.
 * @returns the request in its final state (`registered` or `failed`)
 */
export async function registerContact(deps: AppDeps, client: webApi.WebClient, requestId: string): Promise<ContactRequest | undefined> {
  // One worker per request across replicas. The lease lasts RESUME_AFTER (default 10 min: far longer than the
  // slowest PutContact with its retries), after which a crashed worker's request is resumed by a sweeper.
  if (!(await deps.requests.claimWork(requestId, deps.instanceId, deps.config.resumeAfterMs))) return deps.requests.get(requestId);
  try {
    return await carryOut(deps, client, requestId);
  } finally {
    await deps.requests.releaseWork(requestId, deps.instanceId).catch(() => {});
  }
}

async function carryOut(deps: AppDeps, client: webApi.WebClient, requestId: string): Promise<ContactRequest | undefined> {
  const request = await deps.requests.get(requestId);
  if (!request || request.status !== 'approving') return request;
  const { contact } = request;

  if (!(await deps.requests.claimOwnership(contact.ContactName, request.requesterId))) {
    const owner = await deps.requests.ownerOf(contact.ContactName);
    return fail(deps, client, request, {
      code: 'ContactNameTaken',
      message: `The name is already registered through this bot by ${owner ? `<@${owner}>` : 'another user'}; ask the requester to pick another.`,
    });
  }

  let cmsRequestId: string;
  try {
    ({ requestId: cmsRequestId } = await deps.cms.putContact(contact));
  } catch (error) {
    const cmsError = asCmsError(error);
    deps.logger.warn({ err: cmsError, requestId }, 'PutContact failed');
    await deps.audit.append({ actor: 'bot', action: 'put-contact', requestId, contactName: contact.ContactName, cmsAction: 'PutContact', cmsRequestId: cmsError.requestId, outcome: cmsError.code });
    return fail(deps, client, request, { code: cmsError.code, message: cmsError.message, requestId: cmsError.requestId });
  }
  await deps.audit.append({ actor: 'bot', action: 'put-contact', requestId, contactName: contact.ContactName, cmsAction: 'PutContact', cmsRequestId, outcome: 'ok' });

  const registered = await deps.requests.update(requestId, {
    status: 'registered',
    result: { ok: true, requestId: cmsRequestId, at: deps.now() },
  });
  await deps.requests.recordRegistration(registered);
  deps.logger.info({ requestId, contactName: contact.ContactName }, 'contact registered');
  await refreshApprovalMessage(deps, client, registered);

  let pending = channelsNeedingActivation(contact, request.previous);
  try {
    const remote = await deps.cms.describeContact(contact.ContactName);
    if (remote) pending = pendingChannels(contact, remote);
  } catch (error) {
    deps.logger.warn({ err: error, requestId }, 'DescribeContactList failed after PutContact; assuming new channels need activation');
  }
  try {
    await deps.poster.post({ channel: registered.requesterId, ...buildRegisteredDm(registered, pending) });
  } catch (error) {
    deps.logger.error({ err: error, requestId }, 'could not DM the requester about their registration');
  }
  if (pending.length > 0) {
    await scheduleReminders(deps, {
      requestId,
      requesterId: registered.requesterId,
      contactName: contact.ContactName,
      registeredAt: registered.updatedAt,
    });
  }
  return registered;
}

async function fail(
  deps: AppDeps,
  client: webApi.WebClient,
  request: ContactRequest,
  result: { code: string; message: string; requestId?: string },
): Promise<ContactRequest> {
  const failed = await deps.requests.update(request.id, {
    status: 'failed',
    result: { ok: false, ...result, at: deps.now() },
  });
  await refreshApprovalMessage(deps, client, failed);
  return failed;
}
