import { groupCacheFor, selfServiceGroupNames } from '../cms/group-cache.js';
import type { AppDeps } from '../compose.js';
import { diffContacts, diffGroups } from '../contact/compare.js';
import { contactFromRemote } from '../contact/merge.js';
import { type ErrorCode, type FieldErrors, parseContact } from '../contact/schema.js';
import { GROUPS_CHECK_BUDGET_MS, within } from '../slack/ack-budgets.js';
import { AUTO_APPROVER, qualifiesForAutoApproval } from './auto-approval.js';
import { carryOutRequest } from './carry-out.js';
import { decide, supersede } from './decide.js';
import { lookUpName, nameLookupsFor } from './name-lookups.js';
import { type ContactRequest, newRequest } from './request.js';

/** What a person typed into the contact form, untrusted; a channel left empty is undefined. */
export interface ContactSubmission {
  userId: string;
  fields: {
    ContactName?: string;
    Describe?: string;
    Mail?: string;
    SMS?: string;
    AliIM?: string;
    DingWebHook?: string;
    Lang?: string;
  };
  /** True when the form had no ContactName input (an edit, or a claim of the contact the form offered). */
  nameFixed?: boolean;
  /** The contact groups chosen; undefined when the form had no group input. */
  selectedGroups?: readonly string[];
}

/** A form field a problem is shown on: a contact schema field, or the contact groups. */
export type SubmitField = keyof FieldErrors | 'groups';

/** Why a field is refused, as a code the listener turns into the person's language. */
export type SubmitProblem =
  | { code: ErrorCode }
  | { code: 'nameTaken' | 'earlierInProgress' | 'groupsUnavailable' | 'claimTaken' }
  | { code: 'groupNotOffered'; names: string[] };

export type SubmitResult =
  /** Nothing stored: show each problem under its field. */
  | { outcome: 'invalid'; problems: Partial<Record<SubmitField, SubmitProblem>> }
  /** The submission changes nothing of the registered contact and nothing is open: nothing stored. */
  | { outcome: 'unchanged'; contactName: string }
  /** SUBMISSION_LIMIT used up: nothing stored; `field` is the form's first field. */
  | { outcome: 'limited'; field: 'ContactName' | 'Describe'; count: number; windowMs: number }
  /** Stored as a pending request (and the earlier undecided one superseded); `auto`: APPROVAL=auto applies. */
  | { outcome: 'stored'; request: ContactRequest; superseded?: ContactRequest; auto: boolean };

/** A submission's contact groups: the self-service groups wanted, and those the contact is in now. */
interface GroupChoice {
  groups: string[];
  previousGroups: string[];
  /** The contact's current groups could not be read in time: `previousGroups` is a placeholder until they are. */
  unread?: boolean;
}

/**
 * Submitting the contact form, up to the point where Slack must get its answer. Validates with the contact
 * schema before any side effect; whether this is a new contact or an edit is decided from the store. The chosen
 * groups must be self-service groups that exist (the group cache, serving its last list when a reload does not
 * answer within GROUPS_CHECK_BUDGET_MS); an edit's current groups are read from CloudMonitor within that budget, or
 * else after the ack (`groupsUnread`, read by {@link forwardSubmission} before the approval message is posted).
 * A valid request that changes something counts against the
 * per-user submission limit and is stored with its audit entry in one store batch (status pending); then it
 * replaces the requester's earlier undecided request. A change of groups alone is a change.
 * A person with no registered contact whose form offered them an existing contact to claim (the offer remembered in
 * the store when the form opened; the form then has no ContactName input) submits a `claim` request for that
 * contact: never "unchanged" (ownership is what changes), refused when another Slack user owns it by now.
 * @returns what the listener acks with; `stored` requests then go on with {@link forwardSubmission}
 */
export async function submitContact(deps: AppDeps, submission: ContactSubmission): Promise<SubmitResult> {
  const { userId, fields } = submission;
  const [registered, open, offer] = await Promise.all([
    deps.requests.registeredContactOf(userId),
    deps.requests.openRequestOf(userId),
    submission.nameFixed ? deps.requests.claimOfferOf(userId) : Promise.resolve(undefined),
  ]);
  // A claim: no registered contact, and the form (without a name input) offered this contact.
  const claim = !registered && offer ? offer : undefined;
  const parsed = parseContact(
    {
      ContactName: registered ? registered.contact.ContactName : (claim?.contactName ?? fields.ContactName),
      Describe: fields.Describe,
      Channels: { Mail: fields.Mail, SMS: fields.SMS, AliIM: fields.AliIM, DingWebHook: fields.DingWebHook },
      Lang: fields.Lang,
    },
    deps.config.cms.site,
  );
  const problems: Partial<Record<SubmitField, SubmitProblem>> = {};
  if (!parsed.ok) {
    for (const [field, code] of Object.entries(parsed.errors)) problems[field as keyof FieldErrors] = { code };
  } else if (!registered) {
    const owner = await deps.requests.ownerOf(parsed.contact.ContactName);
    if (owner && owner !== userId) {
      if (claim) problems.Describe = { code: 'claimTaken' };
      else problems.ContactName = { code: 'nameTaken' };
    }
  }
  let groupChoice: GroupChoice | undefined;
  if (submission.selectedGroups !== undefined) {
    // The current groups are only needed when the request will be made: skip that read when it will not.
    const valid = parsed.ok && Object.keys(problems).length === 0;
    const currentOf = registered?.contact.ContactName ?? claim?.contactName;
    const checked = await checkGroupChoice(deps, userId, submission.selectedGroups, valid ? currentOf : undefined);
    if (checked.ok) groupChoice = checked.choice;
    else problems.groups = checked.problem;
  }
  if (open?.status === 'approving') problems.Describe ??= { code: 'earlierInProgress' };
  if (Object.keys(problems).length > 0 || !parsed.ok) return { outcome: 'invalid', problems };

  const contact = parsed.contact;
  const groupsChange = groupChoice ? diffGroups(groupChoice.previousGroups, groupChoice.groups) : undefined;
  const changesGroups =
    groupChoice?.unread === true ||
    (groupsChange !== undefined && groupsChange.added.length + groupsChange.removed.length > 0);
  if (registered && !claim && diffContacts(registered.contact, contact).length === 0 && !changesGroups && !open) {
    return { outcome: 'unchanged', contactName: contact.ContactName };
  }

  const request = newRequest(
    {
      id: deps.requests.newId(),
      requesterId: userId,
      kind: registered ? 'update' : claim ? 'claim' : 'create',
      contact,
      ...(registered ? { previous: registered.contact } : {}),
      ...(claim ? { claim: { matchedBy: claim.matchedBy } } : {}),
      // A new contact that joins no group leaves the admins nothing to read about groups.
      ...(groupChoice && (registered || claim || groupChoice.groups.length > 0)
        ? { groups: groupChoice.groups, previousGroups: groupChoice.previousGroups }
        : {}),
      ...(groupChoice?.unread ? { groupsUnread: true } : {}),
      // Posted first and looked up afterwards (name-lookups.ts), unless APPROVAL=auto needs the finding first.
      ...(!registered && !claim && deps.config.approval !== 'auto' ? { existencePending: true } : {}),
    },
    deps.now(),
  );
  // The use of the submission limit, the request and its audit entry: one store batch (one commit), or nothing.
  const stored = await deps.submissions.tryConsume(userId, [
    ...deps.requests.createWrites(request),
    ...deps.audit.writesFor({
      actor: userId,
      subject: userId,
      action: 'request-submitted',
      requestId: request.id,
      contactName: contact.ContactName,
      detail: request.kind,
    }),
  ]);
  if (!stored) {
    const { count, windowMs } = deps.config.submissionLimit;
    return { outcome: 'limited', field: registered || claim ? 'Describe' : 'ContactName', count, windowMs };
  }
  // The earlier undecided request gives way to this one (stored first: a crash in between leaves both, not none).
  const superseded = open ? await supersede(deps, open, request.id) : undefined;
  // The contact is logged for operators; the logger masks its phone number and e-mail.
  deps.logger.info(
    { requestId: request.id, requesterId: userId, kind: request.kind, contact, groups: request.groups },
    'request submitted',
  );
  deps.metrics.requests.inc({ kind: request.kind, outcome: 'submitted' });
  return { outcome: 'stored', request, ...(superseded ? { superseded } : {}), auto: deps.config.approval === 'auto' };
}

/** Whether a stored request's approval message is in the admin channel. */
export type PostOutcome =
  /** Posted now (or already posted). */
  | { posted: true }
  /** Slack refused or could not be reached (`error`); the requester was told by DM and the sweeper posts it later. */
  | { posted: false; error: unknown }
  /** Another worker (the sweeper) is posting it right now. */
  | { posted: false; error?: undefined };

/**
 * What follows a stored submission: the superseded request's approval message is updated; a new contact's approval
 * message is posted first and its name looked up in CloudMonitor afterwards by the name-lookup runner
 * (name-lookups.ts: an existing contact nobody registered through the bot is flagged as an overwrite), except under
 * APPROVAL=auto, which looks before deciding; a claimed contact is read as CloudMonitor has it now (`previous`,
 * shown to admins side by side with the form's values); an edit's current groups not read in time are read now;
 * APPROVAL=auto approves what qualifies; the approval message is posted (or, when Slack refuses, the requester is
 * told by DM and the sweeper posts it later); an auto-approved request is carried out.
 * @returns `posted`: settles as soon as the approval message is posted or known not to be (so the listener can
 *   say truthfully whether the admins have it); `finished`: settles when everything, including an auto-approved
 *   PutContact, is done (a new contact's lookup goes on in the runner, not here). Neither rejects for Slack or
 *   CloudMonitor failures.
 */
export function forwardSubmission(
  deps: AppDeps,
  stored: Extract<SubmitResult, { outcome: 'stored' }>,
): { posted: Promise<PostOutcome>; finished: Promise<void> } {
  const steps = postSubmission(deps, stored);
  const finished = steps.then(async ({ requestId, autoApproved }) => {
    if (autoApproved) await carryOutRequest(deps, requestId);
  });
  return { posted: steps.then(({ outcome }) => outcome), finished };
}

async function postSubmission(
  deps: AppDeps,
  stored: Extract<SubmitResult, { outcome: 'stored' }>,
): Promise<{ requestId: string; autoApproved: boolean; outcome: PostOutcome }> {
  if (stored.superseded) await deps.notifier.refreshApprovalMessage(stored.superseded);
  const { request } = stored;
  // A new contact without APPROVAL=auto is posted first and looked up in CloudMonitor afterwards (the finding is
  // added to the message), so the admins never wait for the CloudMonitor queue; auto-approval needs the finding.
  const postFirst = request.existencePending === true;
  let checked = postFirst
    ? request
    : request.kind === 'create'
      ? await checkExisting(deps, request)
      : request.kind === 'claim'
        ? await checkClaimed(deps, request)
        : await readCurrentGroups(deps, request);
  const autoApproved =
    stored.auto && qualifiesForAutoApproval(checked)
      ? await decide(deps, checked.id, 'approve', AUTO_APPROVER)
      : undefined;
  if (autoApproved?.ok) checked = await deps.requests.update(checked.id, { auto: true });
  let outcome: PostOutcome;
  try {
    const posted = await deps.notifier.postApprovalMessage(checked);
    outcome = posted?.adminMessage ? { posted: true } : { posted: false };
  } catch (error) {
    deps.logger.error(
      { err: error, requestId: checked.id },
      'could not post the approval request to the admin channel',
    );
    await deps.notifier.tellNotPosted(checked, error);
    outcome = { posted: false, error };
  }
  // The lookup waits in the store's list, not in memory: a burst of submissions queues there at CloudMonitor's pace.
  if (postFirst) void nameLookupsFor(deps).wake();
  return { requestId: checked.id, autoApproved: autoApproved?.ok === true, outcome };
}

/**
 * Checks a submission's chosen groups against the self-service groups that exist (the group cache, filtered by
 * SELF_SERVICE_GROUPS; its last list when a reload is slow) and, for an edit, reads the contact's current groups
 * (DescribeContactList), both within GROUPS_CHECK_BUDGET_MS; current groups not read in time are marked `unread`.
 * Groups come back in the offered order; groups that are not self-service are left out of
 * both lists, so a request never touches them.
 * @param selected option values from the groups input (untrusted)
 * @param currentOf the ContactName whose current groups to read; undefined → none (a new contact, or no request)
 */
async function checkGroupChoice(
  deps: AppDeps,
  userId: string,
  selected: readonly string[],
  currentOf: string | undefined,
): Promise<{ ok: true; choice: GroupChoice } | { ok: false; problem: SubmitProblem }> {
  const [listed, remote] = await Promise.allSettled([
    groupCacheFor(deps).listWithin(GROUPS_CHECK_BUDGET_MS),
    // undefined: no answer in time (read after the ack); { remote }: CloudMonitor's answer; rejected: its error.
    currentOf === undefined
      ? Promise.resolve({ remote: undefined })
      : within(
          deps.cms.describeContact(currentOf).then((found) => ({ remote: found })),
          GROUPS_CHECK_BUDGET_MS,
        ),
  ]);
  if (listed.status === 'rejected') {
    deps.logger.warn({ err: listed.reason, userId }, 'could not list the contact groups to check a submission');
    return { ok: false, problem: { code: 'groupsUnavailable' } };
  }
  const offered = selfServiceGroupNames(listed.value, deps.config.selfServiceGroups);
  const unknown = selected.filter((name) => !offered.includes(name));
  if (unknown.length > 0) return { ok: false, problem: { code: 'groupNotOffered', names: unknown } };
  const groups = offered.filter((name) => selected.includes(name));
  if (remote.status === 'rejected') {
    deps.logger.warn(
      { err: remote.reason, userId },
      "could not read the contact's current groups to check a submission",
    );
    return { ok: false, problem: { code: 'groupsUnavailable' } };
  }
  if (remote.value === undefined) {
    // Slow CloudMonitor: the request is accepted now and its current groups read after the ack.
    deps.logger.info(
      { userId },
      "the contact's current groups are read after the ack (CloudMonitor did not answer in time)",
    );
    return { ok: true, choice: { groups, previousGroups: [], unread: true } };
  }
  const current = remote.value.remote?.ContactGroups ?? [];
  return { ok: true, choice: { groups, previousGroups: offered.filter((name) => current.includes(name)) } };
}

/**
 * For an edit whose current groups CloudMonitor did not give in time at submission: reads them now (the client's
 * own timeout and retries), so the admins see and approve the real change. When they still cannot be read, the
 * request leaves the groups untouched (rather than guess which to leave) and says so in the log.
 */
async function readCurrentGroups(deps: AppDeps, request: ContactRequest): Promise<ContactRequest> {
  if (!request.groupsUnread) return request;
  try {
    const remote = await deps.cms.describeContact(request.contact.ContactName);
    const offered = selfServiceGroupNames(await groupCacheFor(deps).list(), deps.config.selfServiceGroups);
    const current = remote?.ContactGroups ?? [];
    return await deps.requests.update(request.id, {
      previousGroups: offered.filter((name) => current.includes(name)),
      groupsUnread: undefined,
    });
  } catch (error) {
    deps.logger.warn(
      { err: error, requestId: request.id },
      "could not read the contact's current groups; the request leaves the groups as they are",
    );
    return deps.requests.update(request.id, { groups: undefined, previousGroups: undefined, groupsUnread: undefined });
  }
}

/**
 * For a claim: the claimed contact as CloudMonitor has it now becomes `previous` (what approval compares with: no
 * PutContact when nothing differs). A contact that is gone, or a failed read, leaves `previous` unset, flagged as
 * unknown: approval then writes the contact as the form has it.
 */
async function checkClaimed(deps: AppDeps, request: ContactRequest): Promise<ContactRequest> {
  try {
    const remote = await deps.cms.describeContact(request.contact.ContactName);
    if (remote) return await deps.requests.update(request.id, { previous: contactFromRemote(remote) });
    return await deps.requests.update(request.id, { existenceUnknown: true });
  } catch (error) {
    deps.logger.warn({ err: error, requestId: request.id }, 'could not read the claimed contact from CloudMonitor');
    return deps.requests.update(request.id, { existenceUnknown: true });
  }
}

/** For a new contact looked up before its approval message is posted (APPROVAL=auto): records {@link lookUpName}'s finding. */
async function checkExisting(deps: AppDeps, request: ContactRequest): Promise<ContactRequest> {
  return deps.requests.update(request.id, await lookUpName(deps, request));
}
