import { withCmsPriority } from '../cms/call-scheduler.js';
import type { RemoteContact } from '../cms/client.js';
import { asCmsError } from '../cms/errors.js';
import { changeGroupMembership, refuseEmptiedGroups } from '../cms/group-membership.js';
import type { AppDeps } from '../compose.js';
import { diffContacts, diffGroups } from '../contact/compare.js';
import { contactFromRemote } from '../contact/merge.js';
import { ACTIVATED_CHANNELS, CHANNELS, type Contact } from '../contact/schema.js';
import { scheduleReminders } from '../reminders/reminders.js';
import { attemptOwner } from '../store/store.js';
import type { ContactRequest } from './request.js';

/**
 * Carries out an approved request (status `approving`), by one worker at a time across replicas:
 * - the worker takes the request's work lease (RESUME_AFTER long) and renews it every third of that while it
 *   runs, so a slow step (a PutContact retried after Throttling) never lets the sweeper start a second worker;
 *   before each write it renews the lease and re-reads the request, and stops writing when either was lost;
 * - create / update / claim: reserve the ContactName for the requester, PutContact with the full channel set (a
 *   claim only when it changes a field), then the
 *   contact group changes (read-modify-write per group), record the registration, schedule reminders, mark it
 *   `registered`;
 * - remove: take the contact out of its groups, DeleteContact, forget the registration (reminders drop), mark it
 *   `removed`.
 * A worker that resumes a request (the first one died or lost its lease) or retries a failed one first re-reads
 * the contact with DescribeContactList and skips PutContact when CloudMonitor already shows it as requested, or
 * DeleteContact when it is already gone, so each approved request costs at most one PutContact.
 * Then the admin message is updated and the requester told (retried by the sweeper if the process dies first).
 * On a CloudMonitor error the request keeps all its data, becomes `failed` with the error code and message, and
 * the admin message offers Retry. Nothing here throws on CloudMonitor errors. Its CloudMonitor calls go first in
 * the queue (`write` priority).
 * @param options.resumed true when the sweeper calls it for a request left in `approving` (logged once won)
 * @returns the request in its final state, or as it is when another worker holds it
 */
export function carryOutRequest(
  deps: AppDeps,
  requestId: string,
  options: { resumed?: boolean } = {},
): Promise<ContactRequest | undefined> {
  return withCmsPriority('write', () => carryOut(deps, requestId, options));
}

async function carryOut(
  deps: AppDeps,
  requestId: string,
  options: { resumed?: boolean },
): Promise<ContactRequest | undefined> {
  const lease = await WorkLease.take(deps, requestId);
  if (!lease) return deps.requests.get(requestId);
  try {
    const request = await deps.requests.get(requestId);
    if (request?.status !== 'approving') return request;
    if (options.resumed) deps.logger.warn({ requestId }, 'resuming an approval that did not finish');
    // Work begun before (a dead worker, a lapsed lease, a failed attempt) may have written already: look first.
    const lookFirst = await deps.requests.markWorkBegun(requestId);
    const done =
      request.kind === 'remove'
        ? await remove(deps, request, lease, lookFirst)
        : await register(deps, request, lease, lookFirst);
    if (done === LEASE_LOST) return leaseLost(deps, requestId);
    if (!done.ok) return fail(deps, request, done.error, done.patch);
    if (!(await lease.stillOurs())) return leaseLost(deps, requestId);
    const finished = await deps.requests.transition(requestId, request.kind === 'remove' ? 'removed' : 'registered', {
      result: { ok: true, requestId: done.cmsRequestId, at: deps.now() },
    });
    deps.logger.info(
      { requestId, kind: request.kind, contactName: request.contact.ContactName },
      `contact ${finished.status}`,
    );
    await deps.notifier.refreshApprovalMessage(finished);
    await deps.notifier.tellRequester(finished);
    return finished;
  } finally {
    await lease.release();
  }
}

/** The work lease of one attempt: a unique owner (leases are re-entrant per owner), renewed on a timer. */
class WorkLease {
  private lost = false;
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly deps: AppDeps,
    private readonly requestId: string,
    private readonly owner: string,
  ) {
    this.timer = setInterval(() => void this.renew(), Math.max(250, Math.floor(deps.config.resumeAfterMs / 3)));
    this.timer.unref();
  }

  static async take(deps: AppDeps, requestId: string): Promise<WorkLease | undefined> {
    const owner = attemptOwner(deps.instanceId);
    if (!(await deps.requests.claimWork(requestId, owner, deps.config.resumeAfterMs))) return undefined;
    return new WorkLease(deps, requestId, owner);
  }

  /** Renews the lease; false once another worker took it (then it stays false). */
  async renew(): Promise<boolean> {
    if (this.lost) return false;
    try {
      if (!(await this.deps.requests.renewWork(this.requestId, this.owner, this.deps.config.resumeAfterMs)))
        this.lost = true;
    } catch (error) {
      // The store did not answer: the lease may lapse; the check before the next write decides.
      this.deps.logger.warn({ err: error, requestId: this.requestId }, 'could not renew the work lease');
    }
    return !this.lost;
  }

  /** Before a write: the lease is renewed (and still ours) and the request is still `approving`. */
  async stillOurs(): Promise<boolean> {
    if (!(await this.renew())) return false;
    return (await this.deps.requests.get(this.requestId))?.status === 'approving';
  }

  async release(): Promise<void> {
    clearInterval(this.timer);
    if (this.lost) return;
    await this.deps.requests
      .releaseWork(this.requestId, this.owner)
      .catch((error: unknown) =>
        this.deps.logger.warn(
          { err: error, requestId: this.requestId },
          'could not release the work lease; it lapses after RESUME_AFTER',
        ),
      );
  }
}

const LEASE_LOST = Symbol('lease lost');

async function leaseLost(deps: AppDeps, requestId: string): Promise<ContactRequest | undefined> {
  deps.logger.warn({ requestId }, 'work lease lost to another worker; this one stops before writing');
  return deps.requests.get(requestId);
}

type StepFailure = { code: string; message: string; requestId?: string; takenBy?: string };
type StepResult =
  | { ok: true; cmsRequestId: string }
  | {
      ok: false;
      error: StepFailure;
      patch?: Pick<ContactRequest, 'previous' | 'overwritesUnowned' | 'existencePending'>;
    };

async function register(
  deps: AppDeps,
  request: ContactRequest,
  lease: WorkLease,
  lookFirst: boolean,
): Promise<StepResult | typeof LEASE_LOST> {
  const { contact } = request;
  if (!(await deps.requests.claimOwnership(contact.ContactName, request.requesterId))) {
    // The admin message names the owner (blocks/approval-request.ts renders `ContactNameTaken` in its language).
    const owner = await deps.requests.ownerOf(contact.ContactName);
    return { ok: false, error: { code: 'ContactNameTaken', message: '', ...(owner ? { takenBy: owner } : {}) } };
  }
  const emptied = await emptiedGroupsStep(deps, request);
  if (!emptied.ok) return emptied;
  if (request.kind === 'create' && request.existencePending) {
    // Approved before the name was looked up (the message was posted first): look now, and never overwrite a
    // contact nobody registered through the bot without an admin having seen it side by side.
    const looked = await lookStep(deps, request);
    if (!looked.ok) return looked;
    if (looked.remote) {
      return {
        ok: false,
        error: { code: 'ContactExistsUnowned', message: '' },
        patch: { previous: contactFromRemote(looked.remote), overwritesUnowned: true, existencePending: undefined },
      };
    }
    // Recorded before PutContact: a worker resuming after a crash must not take our own write for someone else's.
    if (!(await lease.stillOurs())) return LEASE_LOST;
    await deps.requests.update(request.id, { existencePending: undefined });
  }
  let put: StepResult = { ok: true, cmsRequestId: '' };
  // A claim that changes no field leaves CloudMonitor's contact as it is: only its owner is recorded.
  const unchangedClaim =
    request.kind === 'claim' && request.previous !== undefined && diffContacts(request.previous, contact).length === 0;
  const live = lookFirst && !unchangedClaim ? await lookStep(deps, request) : undefined;
  if (live && !live.ok) return live;
  if (unchangedClaim) {
    deps.logger.info(
      { requestId: request.id, contactName: contact.ContactName },
      'claim changes no field; PutContact skipped',
    );
  } else if (live?.ok && live.remote && alreadyAsRequested(live.remote, contact, request.previous)) {
    deps.logger.info(
      { requestId: request.id, contactName: contact.ContactName },
      'CloudMonitor already shows the contact as requested; PutContact skipped',
    );
  } else {
    if (!(await lease.stillOurs())) return LEASE_LOST;
    put = await cmsStep(deps, request, 'PutContact', () => deps.cms.putContact(contact));
    if (!put.ok) return put;
  }
  if (!(await lease.stillOurs())) return LEASE_LOST;
  const groups = await groupStep(deps, request);
  if (!groups.ok) return groups;
  // Record and schedule before the status: a crash before it repeats idempotent steps on resume.
  await deps.requests.recordRegistration(request);
  if (ACTIVATED_CHANNELS.some((channel) => contact.Channels[channel] !== undefined)) {
    await scheduleReminders(deps, {
      requestId: request.id,
      requesterId: request.requesterId,
      contactName: contact.ContactName,
      registeredAt: deps.now(),
    });
  }
  return put;
}

async function remove(
  deps: AppDeps,
  request: ContactRequest,
  lease: WorkLease,
  lookFirst: boolean,
): Promise<StepResult | typeof LEASE_LOST> {
  const emptied = await emptiedGroupsStep(deps, request);
  if (!emptied.ok) return emptied;
  if (!(await lease.stillOurs())) return LEASE_LOST;
  const groups = await groupStep(deps, request);
  if (!groups.ok) return groups;
  const live = lookFirst ? await lookStep(deps, request) : undefined;
  if (live && !live.ok) return live;
  let deleted: StepResult = { ok: true, cmsRequestId: '' };
  if (live?.ok && !live.remote) {
    deps.logger.info(
      { requestId: request.id, contactName: request.contact.ContactName },
      'contact already gone from CloudMonitor; DeleteContact skipped',
    );
  } else {
    if (!(await lease.stillOurs())) return LEASE_LOST;
    deleted = await cmsStep(deps, request, 'DeleteContact', () => deps.cms.deleteContact(request.contact.ContactName));
    if (!deleted.ok) return deleted;
  }
  await deps.requests.removeRegistration(request);
  return deleted;
}

/**
 * Whether CloudMonitor's contact (DescribeContactList) already is what the request asks for, field by field
 * (`diffContacts`). A channel listed with a ChannelsState but without its value (pending activation) counts as
 * the requested value (`contactFromRemote`), unless the request changes that channel's value: then what
 * CloudMonitor holds cannot be told, and the answer is no (write again rather than leave the old value). A Lang
 * the request leaves unset is not compared (CloudMonitor fills in its default).
 */
export function alreadyAsRequested(remote: RemoteContact, wanted: Contact, previous?: Contact): boolean {
  for (const channel of CHANNELS) {
    const hidden = remote.Channels[channel] === undefined && remote.ChannelsState[channel] !== undefined;
    const before = previous?.Channels[channel];
    if (hidden && before !== undefined && before !== wanted.Channels[channel]) return false;
  }
  const live = contactFromRemote(remote, wanted);
  return diffContacts(wanted.Lang === undefined ? { ...live, Lang: undefined } : live, wanted).length === 0;
}

type LookResult = { ok: true; remote: RemoteContact | undefined } | { ok: false; error: StepFailure };

/** DescribeContactList before a repeated write; a CloudMonitor error fails the step (writing blind could repeat it). */
async function lookStep(deps: AppDeps, request: ContactRequest): Promise<LookResult> {
  try {
    return { ok: true, remote: await deps.cms.describeContact(request.contact.ContactName) };
  } catch (error) {
    const cmsError = asCmsError(error);
    deps.logger.warn({ err: cmsError, requestId: request.id }, 'DescribeContactList failed before a repeated write');
    return { ok: false, error: { code: cmsError.code, message: cmsError.message, requestId: cmsError.requestId } };
  }
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
    await changeGroupMembership(deps, request.contact.ContactName, {
      add,
      remove: drop,
      requestId: request.id,
      subject: request.requesterId,
    });
    return { requestId: '' };
  });
}

/** Runs one CloudMonitor step, auditing its outcome; CloudMonitor errors become a failed step. */
async function cmsStep(
  deps: AppDeps,
  request: ContactRequest,
  action: 'PutContact' | 'DeleteContact' | 'PutContactGroup',
  run: () => Promise<{ requestId: string }>,
): Promise<StepResult> {
  const base = {
    actor: 'bot',
    subject: request.requesterId,
    action: action.toLowerCase() as Lowercase<typeof action>,
    requestId: request.id,
    contactName: request.contact.ContactName,
    cmsAction: action,
  };
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
  patch: Pick<ContactRequest, 'previous' | 'overwritesUnowned' | 'existencePending'> = {},
): Promise<ContactRequest> {
  const failed = await deps.requests.transition(request.id, 'failed', {
    ...patch,
    result: { ok: false, ...result, at: deps.now() },
  });
  await deps.notifier.refreshApprovalMessage(failed);
  return failed;
}
