import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { buildNoticeModal } from '../../blocks/contact-modal.js';
import { escapeMrkdwn, truncate } from '../../blocks/mrkdwn.js';
import { postApprovalMessage, refreshApprovalMessage } from '../../approval/admin-message.js';
import { AUTO_APPROVER, qualifiesForAutoApproval } from '../../approval/auto-approval.js';
import { carryOutRequest } from '../../approval/carry-out.js';
import { decide } from '../../approval/decide.js';
import { groupCacheFor, selfServiceGroupNames } from '../../cms/group-cache.js';
import { diffContacts, diffGroups } from '../../contact/compare.js';
import { parseContact, type Contact, type FieldErrors } from '../../contact/schema.js';
import type { AppDeps } from '../../deps.js';
import { messages, type Catalogue } from '../../i18n/index.js';
import type { ContactRequest } from '../../store/requests.js';
import { BLOCK_ID } from '../../slack-ids.js';
import { describeSlackError } from '../commands/open-contact-form.js';
import { readInput, readSelectedOptions } from './read-state.js';
import { withinOrFail } from '../../time-budget.js';

/** Which input block shows the error for each field of the contact schema. */
const ERROR_BLOCK: Record<keyof FieldErrors, string> = {
  ContactName: BLOCK_ID.contactName,
  Describe: BLOCK_ID.describe,
  'Channels.Mail': BLOCK_ID.mail,
  'Channels.SMS': BLOCK_ID.sms,
  'Channels.AliIM': BLOCK_ID.aliIm,
  'Channels.DingWebHook': BLOCK_ID.dingWebHook,
  Lang: BLOCK_ID.lang,
};

/**
 * How long a submission waits for CloudMonitor (the contact groups, the user's current ones) before it answers
 * with an inline error instead, ms: Slack wants the answer within 3 s (slack-platform.md §1.5).
 */
export const GROUPS_CHECK_BUDGET_MS = 1_500;

/** A submission's contact groups: the self-service groups wanted, and those the contact is in now. */
interface GroupChoice {
  groups: string[];
  previousGroups: string[];
}

/**
 * `view_submission` of the contact modal. Validates with the contact schema before any side effect; mistakes go
 * back as `response_action: "errors"` keyed by block_id. Whether this is a new contact or an edit is decided from
 * the store, never from private_metadata. A valid request that changes something counts against the per-user
 * submission limit (SUBMISSION_LIMIT) and is stored with its audit entry in one store batch (status pending; then
 * it replaces the requester's earlier undecided request), all before the ack; the modal is updated to say it was
 * sent, and the approval message is posted to the admin channel. If that post fails, the requester is told by
 * DM; the request is kept.
 * When the form had the contact-groups block, the chosen groups must be self-service groups that exist (checked
 * against the group cache; anything else is an inline error on that block); the request then carries them as
 * `groups`, and the contact's current self-service groups as `previousGroups` (DescribeContactList's
 * ContactGroups for an edit, none for a new contact). A change of groups alone is a change to approve.
 */
export function handleContactSubmission(deps: AppDeps) {
  return async ({ ack, body, view, client, logger }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const userId = body.user.id;
    const values = view.state?.values;
    // The user's language is bounded: the answer must reach Slack within 3 s.
    const [registered, open, locale] = await Promise.all([
      deps.requests.registeredContactOf(userId),
      deps.requests.openRequestOf(userId),
      deps.locales.remembered(userId), // learnt when the form opened; no Slack call before the ack
    ]);
    const m = messages(locale);

    const input = {
      ContactName: registered ? registered.contact.ContactName : readInput(values, BLOCK_ID.contactName),
      Describe: readInput(values, BLOCK_ID.describe),
      Channels: {
        Mail: readInput(values, BLOCK_ID.mail),
        SMS: readInput(values, BLOCK_ID.sms),
        AliIM: readInput(values, BLOCK_ID.aliIm),
        DingWebHook: readInput(values, BLOCK_ID.dingWebHook),
      },
      Lang: readInput(values, BLOCK_ID.lang),
    };
    const parsed = parseContact(input, deps.config.cms.site);
    const errors: Record<string, string> = {};
    if (!parsed.ok) {
      for (const [field, code] of Object.entries(parsed.errors)) errors[ERROR_BLOCK[field as keyof FieldErrors]] = m.errors[code];
    } else if (!registered) {
      const owner = await deps.requests.ownerOf(parsed.contact.ContactName);
      if (owner && owner !== userId) errors[BLOCK_ID.contactName] = m.form.nameTaken;
    }
    const selectedGroups = readSelectedOptions(values, BLOCK_ID.groups);
    let groupChoice: GroupChoice | undefined;
    if (selectedGroups !== undefined) {
      // The current groups are only needed when the request will be made: skip that read when it will not.
      const currentOf = parsed.ok && registered && Object.keys(errors).length === 0 ? registered.contact.ContactName : undefined;
      const checked = await checkGroupChoice(deps, userId, selectedGroups, currentOf, m);
      if (checked.ok) groupChoice = checked.choice;
      else errors[BLOCK_ID.groups] = checked.error;
    }
    if (open?.status === 'approving') {
      errors[BLOCK_ID.describe] ??= m.form.earlierInProgress;
    }
    if (Object.keys(errors).length > 0 || !parsed.ok) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    const contact = parsed.contact;
    const groupsChange = groupChoice ? diffGroups(groupChoice.previousGroups, groupChoice.groups) : undefined;
    const changesGroups = groupsChange !== undefined && groupsChange.added.length + groupsChange.removed.length > 0;
    if (registered && diffContacts(registered.contact, contact).length === 0 && !changesGroups && !open) {
      await ack({
        response_action: 'update',
        view: buildNoticeModal(m.form.noChangesTitle, m.form.noChanges(escapeMrkdwn(contact.ContactName)), m.form.close),
      });
      return;
    }

    const now = deps.now();
    const request: ContactRequest = {
      id: deps.requests.newId(),
      requesterId: userId,
      kind: registered ? 'update' : 'create',
      contact,
      ...(registered ? { previous: registered.contact } : {}),
      // A new contact that joins no group leaves the admins nothing to read about groups.
      ...(groupChoice && (registered || groupChoice.groups.length > 0) ? { groups: groupChoice.groups, previousGroups: groupChoice.previousGroups } : {}),
      status: 'pending',
      attempts: 0,
      createdAt: now,
      updatedAt: now,
    };
    // The use of the submission limit, the request and its audit entry: one store batch (one commit), or nothing.
    const stored = await deps.submissions.tryConsume(userId, [
      ...deps.requests.createWrites(request),
      ...deps.audit.writesFor({ actor: userId, subject: userId, action: 'request-submitted', requestId: request.id, contactName: contact.ContactName, detail: request.kind }),
    ]);
    if (!stored) {
      const { count, windowMs } = deps.config.submissionLimit;
      const firstBlock = registered ? BLOCK_ID.describe : BLOCK_ID.contactName;
      await ack({
        response_action: 'errors',
        errors: {
          [firstBlock]: m.form.tooMany(count, windowMs >= 60_000 ? m.form.minutes(Math.round(windowMs / 60_000)) : m.form.seconds(Math.round(windowMs / 1000))),
        },
      });
      return;
    }
    // The earlier undecided request gives way to this one (stored first: a crash in between leaves both, not none).
    let superseded: ContactRequest | undefined;
    if (open && (await deps.requests.claimDecision(open, `superseded-by:${request.id}`))) {
      superseded = await deps.requests.update(open.id, { status: 'superseded', attempts: open.attempts + 1 });
    }
    // The contact is logged for operators; the logger masks its phone number and e-mail.
    logger.info({ requestId: request.id, requesterId: userId, kind: request.kind, contact, groups: request.groups }, 'request submitted');
    const auto = deps.config.approval === 'auto';
    await ack({
      response_action: 'update',
      view: auto
        ? buildNoticeModal(m.form.receivedTitle, m.form.received(escapeMrkdwn(contact.ContactName)), m.form.close)
        : buildNoticeModal(m.form.sentTitle, m.form.sent(escapeMrkdwn(contact.ContactName)), m.form.close),
    });

    if (superseded) await refreshApprovalMessage(deps, client, superseded);
    let checked = request.kind === 'create' ? await checkExisting(deps, request) : request;
    const autoApproved = auto && qualifiesForAutoApproval(checked) ? await decide(deps, checked.id, 'approve', AUTO_APPROVER) : undefined;
    if (autoApproved?.ok) checked = await deps.requests.update(checked.id, { auto: true });
    try {
      await postApprovalMessage(deps, checked);
    } catch (error) {
      logger.error({ err: error, requestId: request.id }, 'could not post the approval request to the admin channel');
      await deps.poster
        .post({
          channel: userId,
          text: m.form.notPosted(escapeMrkdwn(contact.ContactName), request.id, describeSlackError(error), `<#${deps.config.slack.adminChannelId}>`),
        })
        .catch((dmError: unknown) => logger.error({ err: dmError, requestId: request.id }, 'could not DM the requester either'));
    }
    if (autoApproved?.ok) await carryOutRequest(deps, client, checked.id);
  };
}

/**
 * Checks a submission's chosen groups against the self-service groups that exist (the group cache, filtered by
 * SELF_SERVICE_GROUPS) and, for an edit, reads the contact's current groups (DescribeContactList), both within
 * {@link GROUPS_CHECK_BUDGET_MS}. Groups come back in the offered order; groups that are not self-service are
 * left out of both lists, so a request never touches them.
 * @param selected option values from the groups block (untrusted)
 * @param currentOf the ContactName whose current groups to read; undefined → none (a new contact, or no request)
 * @returns the choice, or the inline error for the groups block
 */
async function checkGroupChoice(
  deps: AppDeps,
  userId: string,
  selected: readonly string[],
  currentOf: string | undefined,
  m: Catalogue,
): Promise<{ ok: true; choice: GroupChoice } | { ok: false; error: string }> {
  const [listed, remote] = await Promise.allSettled([
    withinOrFail(groupCacheFor(deps).list(), GROUPS_CHECK_BUDGET_MS),
    currentOf === undefined ? Promise.resolve(undefined) : withinOrFail(deps.cms.describeContact(currentOf), GROUPS_CHECK_BUDGET_MS),
  ]);
  const unavailable = m.form.groupsUnavailable;
  if (listed.status === 'rejected') {
    deps.logger.warn({ err: listed.reason, userId }, 'could not list the contact groups to check a submission');
    return { ok: false, error: unavailable };
  }
  const offered = selfServiceGroupNames(listed.value, deps.config.selfServiceGroups);
  const unknown = selected.filter((name) => !offered.includes(name));
  if (unknown.length > 0) {
    const shown = `${unknown.slice(0, 3).map((name) => `"${truncate(name, 40)}"`).join(', ')}${unknown.length > 3 ? ', …' : ''}`;
    return { ok: false, error: m.form.groupNotOffered(shown) };
  }
  if (remote.status === 'rejected') {
    deps.logger.warn({ err: remote.reason, userId }, "could not read the contact's current groups to check a submission");
    return { ok: false, error: unavailable };
  }
  const current = remote.value?.ContactGroups ?? [];
  return {
    ok: true,
    choice: { groups: offered.filter((name) => selected.includes(name)), previousGroups: offered.filter((name) => current.includes(name)) },
  };
}

/**
 * For a new contact: asks CloudMonitor (DescribeContactList) whether the name exists already. One that exists
 * without an owner in the store was not registered through the bot: the request is flagged so admins see the
 * overwrite, side by side. A failed check is flagged as unknown rather than blocking the request.
 */
async function checkExisting(deps: AppDeps, request: ContactRequest): Promise<ContactRequest> {
  try {
    const remote = await deps.cms.describeContact(request.contact.ContactName);
    if (!remote) return request;
    const previous: Contact = { ContactName: remote.ContactName, Describe: remote.Describe, Channels: remote.Channels };
    if (remote.Lang === 'en' || remote.Lang === 'zh-cn') previous.Lang = remote.Lang;
    return await deps.requests.update(request.id, { previous, overwritesUnowned: true });
  } catch (error) {
    deps.logger.warn({ err: error, requestId: request.id }, 'could not check whether the ContactName exists in CloudMonitor');
    return deps.requests.update(request.id, { existenceUnknown: true });
  }
}
