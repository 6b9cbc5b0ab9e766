import type { webApi } from '@slack/bolt';
import { asCmsError } from '../cms/errors.js';
import type { AppDeps } from '../deps.js';
import { ACTIVATED_CHANNELS } from '../contact/schema.js';
import { scheduleReminders } from '../reminders/reminders.js';
import type { ContactRequest } from '../store/requests.js';
import { refreshApprovalMessage } from './admin-message.js';
import { notifyRequester } from './notify-requester.js';

/**
 * Carries out an approved request (status `approving`): reserves the ContactName for the requester, calls
 * PutContact (with the full channel set), and then, on success, records the registration, schedules reminders,
 * marks it registered, updates the admin message and DMs the requester which channels to activate (the DM is
 * retried by the sweeper if the process dies before it is sent); on failure, stores
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

  // Record, schedule, then mark registered: a crash before the mark repeats an idempotent PutContact on resume.
  await deps.requests.recordRegistration(request);
  if (ACTIVATED_CHANNELS.some((channel) => contact.Channels[channel] !== undefined)) {
    await scheduleReminders(deps, { requestId, requesterId: request.requesterId, contactName: contact.ContactName, registeredAt: deps.now() });
  }
  const registered = await deps.requests.update(requestId, {
    status: 'registered',
    result: { ok: true, requestId: cmsRequestId, at: deps.now() },
  });
  deps.logger.info({ requestId, contactName: contact.ContactName }, 'contact registered');
  await refreshApprovalMessage(deps, client, registered);
  await notifyRequester(deps, registered);
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
