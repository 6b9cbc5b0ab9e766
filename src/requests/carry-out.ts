import { asCmsError } from '../cms/errors.js';
import { diffContacts, diffGroups } from '../contact/compare.js';
import { ACTIVATED_CHANNELS } from '../contact/schema.js';
import type { AppDeps } from '../compose.js';
import { scheduleReminders } from '../reminders/reminders.js';
import type { ContactRequest } from './request.js';
import { withCmsPriority } from '../cms/call-scheduler.js';
import { changeGroupMembership, refuseEmptiedGroups } from '../cms/group-membership.js';

/**
 * Carries out an approved request (status `approving`), once across replicas (a work lease lasting RESUME_AFTER;
 * a crashed worker's request is resumed by a sweeper after that):
 * - create / update / claim: reserve the ContactName for the requester, PutContact with the full channel set (a
 *   claim only when it changes a field), then the
 *   contact group changes (read-modify-write per group), record the registration, schedule reminders, mark it
 *   `registered`;
 * - remove: take the contact out of its groups, DeleteContact, forget the registration (reminders drop), mark it
 *   `removed`.
 * Then the admin message is updated and the requester told (retried by the sweeper if the process dies first).
 * On a CloudMonitor error the request keeps all its data, becomes `failed` with the error code and message, and
 * the admin message offers Retry; repeating every step is safe. Nothing here throws on CloudMonitor errors.
 * Its CloudMonitor calls go first in the queue (`write` priority).
 * @returns the request in its final state
 */
export function carryOutRequest(deps: AppDeps, requestId: string): Promise<ContactRequest | undefined> {
  return withCmsPriority('write', () => carryOut(deps, requestId));
}

async function carryOut(deps: AppDeps, requestId: string): Promise<ContactRequest | undefined> {
  if (!(await deps.requests.claimWork(requestId, deps.instanceId, deps.config.resumeAfterMs))) return deps.requests.get(requestId);
  try {
    const request = await deps.requests.get(requestId);
    if (!request || request.status !== 'approving') return request;
    const done = request.kind === 'remove' ? await remove(deps, request) : await register(deps, request);
    if (!done.ok) return fail(deps, request, done.error);
    const finished = await deps.requests.transition(requestId, request.kind === 'remove' ? 'removed' : 'registered', {
      result: { ok: true, requestId: done.cmsRequestId, at: deps.now() },
    });
    deps.logger.info({ requestId, kind: request.kind, contactName: request.contact.ContactName }, `contact ${finished.status}`);
    await deps.notifier.refreshApprovalMessage(finished);
    await deps.notifier.tellRequester(finished);
    return finished;
  } finally {
    await deps.requests
      .releaseWork(requestId, deps.instanceId)
      .catch((error: unknown) => deps.logger.warn({ err: error, requestId }, 'could not release the work lease; it lapses after RESUME_AFTER'));
  }
}

type StepFailure = { code: string; message: string; requestId?: string; takenBy?: string };
type StepResult = { ok: true; cmsRequestId: string } | { ok: false; error: StepFailure };

async function register(deps: AppDeps, request: ContactRequest): Promise<StepResult> {
  const { contact } = request;
  if (!(await deps.requests.claimOwnership(contact.ContactName, request.requesterId))) {
    // The admin message names the owner (blocks/approval-request.ts renders `ContactNameTaken` in its language).
    const owner = await deps.requests.ownerOf(contact.ContactName);
    return { ok: false, error: { code: 'ContactNameTaken', message: '', ...(owner ? { takenBy: owner } : {}) } };
  }
  const emptied = await emptiedGroupsStep(deps, request);
  if (!emptied.ok) return emptied;
  // A claim that changes no field leaves CloudMonitor's contact as it is: only its owner is recorded.
  const unchangedClaim = request.kind === 'claim' && request.previous !== undefined && diffContacts(request.previous, contact).length === 0;
  const put: StepResult = unchangedClaim ? { ok: true, cmsRequestId: '' } : await cmsStep(deps, request, 'PutContact', () => deps.cms.putContact(contact));
  if (!put.ok) return put;
  const groups = await groupStep(deps, request);
  if (!groups.ok) return groups;
  // Record and schedule before the status: a crash before it repeats idempotent steps on resume.
  await deps.requests.recordRegistration(request);
  if (ACTIVATED_CHANNELS.some((channel) => contact.Channels[channel] !== undefined)) {
    await scheduleReminders(deps, { requestId: request.id, requesterId: request.requesterId, contactName: contact.ContactName, registeredAt: deps.now() });
  }
  return put;
}

async function remove(deps: AppDeps, request: ContactRequest): Promise<StepResult> {
  const emptied = await emptiedGroupsStep(deps, request);
  if (!emptied.ok) return emptied;
  const groups = await groupStep(deps, request);
  if (!groups.ok) return groups;
  const deleted = await cmsStep(deps, request, 'DeleteContact', () => deps.cms.deleteContact(request.contact.ContactName));
  if (!deleted.ok) return deleted;
  await deps.requests.removeRegistration(request);
  return deleted;
}

/** Before any change: refuses (`ContactGroupWouldBeEmpty`) when leaving groups would leave one without members. */
async function emptiedGroupsStep(deps: AppDeps, request: ContactRequest): Promise<StepResult> {
  const drop = groupChange(request)?.drop ?? [];
  if (drop.length === 0) return { ok: true, cmsRequestId: '' };
  return cmsStep(deps, request, 'PutContactGroup', async () => {
    await refuseEmptiedGroups(deps, request.contact.ContactName, drop);
    return { requestId: '' };
  });
}

/** The groups a request joins and leaves (remove: every previous group); undefined when it leaves groups alone. */
function groupChange(request: ContactRequest): { add: string[]; drop: string[] } | undefined {
  const before = request.previousGroups ?? [];
  const after = request.kind === 'remove' ? [] : request.groups;
  if (after === undefined) return undefined;
  const { added: add, removed: drop } = diffGroups(before, after);
  return { add, drop };
}

/** Group changes: the difference between `previousGroups` and `groups` (remove: out of every previous group). */
async function groupStep(deps: AppDeps, request: ContactRequest): Promise<StepResult> {
  const change = groupChange(request);
  if (!change || (change.add.length === 0 && change.drop.length === 0)) return { ok: true, cmsRequestId: '' };
  const { add, drop } = change;
  return cmsStep(deps, request, 'PutContactGroup', async () => {
    await changeGroupMembership(deps, request.contact.ContactName, { add, remove: drop, requestId: request.id, subject: request.requesterId });
    return { requestId: '' };
  });
}

/** Runs one CloudMonitor step, auditing its outcome; CloudMonitor errors become a failed step. */
async function cmsStep(deps: AppDeps, request: ContactRequest, action: 'PutContact' | 'DeleteContact' | 'PutContactGroup', run: () => Promise<{ requestId: string }>): Promise<StepResult> {
  const base = { actor: 'bot', subject: request.requesterId, action: action.toLowerCase() as Lowercase<typeof action>, requestId: request.id, contactName: request.contact.ContactName, cmsAction: action };
  try {
    const { requestId } = await run();
    if (action !== 'PutContactGroup') await deps.audit.append({ ...base, cmsRequestId: requestId, outcome: 'ok' });
    return { ok: true, cmsRequestId: requestId };
  } catch (error) {
    const cmsError = asCmsError(error);
    deps.logger.warn({ err: cmsError, requestId: request.id }, `${action} failed`);
    await deps.audit.append({ ...base, cmsRequestId: cmsError.requestId, outcome: cmsError.code });
    return { ok: false, error: { code: cmsError.code, message: cmsError.message, requestId: cmsError.requestId } };
  }
}

async function fail(
  deps: AppDeps,
  request: ContactRequest,
  result: StepFailure,
): Promise<ContactRequest> {
  const failed = await deps.requests.transition(request.id, 'failed', { result: { ok: false, ...result, at: deps.now() } });
  await deps.notifier.refreshApprovalMessage(failed);
  return failed;
}
