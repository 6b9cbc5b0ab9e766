import type { types } from '@slack/bolt';
import { diffContacts } from '../contact/compare.js';
import { type Locale, messages } from '../i18n/index.js';
import type { ContactRequest } from '../requests/request.js';
import { ACTION_ID, BLOCK_ID } from '../slack/ids.js';
import { FIELD_LABEL, showField } from './contact-fields.js';
import { escapeMrkdwn, mention, plain, slackDate, truncate } from './primitives.js';

/** A message for chat.postMessage / chat.update: top-level `text` fallback plus blocks. */
export interface SlackMessage {
  text: string;
  blocks: types.KnownBlock[];
}

const FIELDS = Object.keys(FIELD_LABEL) as Array<keyof typeof FIELD_LABEL>;

/** Header, requester, every field (phone masked but the last 4 digits) and, for a change, what changes. */
function summary(request: ContactRequest, locale: Locale): types.KnownBlock[] {
  const m = messages(locale).approval;
  const labels = messages(locale).fields;
  const name = escapeMrkdwn(request.contact.ContactName);
  const who = mention(request.requesterId);
  const intro = request.origin === 'offboarding' ? m.offboarding(who, name) : m.asks[request.kind](who, name);
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: plain(m.header[request.kind]) },
    { type: 'section', text: { type: 'mrkdwn', text: intro } },
    {
      type: 'section',
      fields: FIELDS.map((field) => ({
        type: 'mrkdwn' as const,
        text: truncate(`*${labels[field]}*\n${showField(field, request.contact, 'admin', locale)}`, 2000),
      })),
    },
  ];
  if (request.kind === 'claim' && request.claim) {
    // What matched, shown as the contact has it (masked for the admin channel), and what approving does.
    const matched = showField(
      `Channels.${request.claim.matchedBy}`,
      request.previous ?? request.contact,
      'admin',
      locale,
    );
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(m.claimMatched(matched, m.claimMatchWhat[request.claim.matchedBy]), 3000),
      },
    });
  }
  if (request.overwritesUnowned) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: m.overwrite(name) } });
  } else if (request.existenceUnknown) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: m.existenceUnknown }] });
  } else if (request.existencePending && request.status === 'pending') {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: m.existenceChecking }] });
  }
  if (request.previous) {
    const changes = diffContacts(request.previous, request.contact);
    const lines = changes.map((change) => {
      const before = showField(change.field, request.previous, 'admin', locale);
      const after = showField(change.field, request.contact, 'admin', locale);
      return `• *${labels[change.field]}*: ${before} → ${after}`;
    });
    const nothing = request.kind === 'claim' ? m.claimNoChange : m.nothingChanges;
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(`${m.whatChanges}\n${lines.join('\n') || nothing}`, 3000) },
    });
  }
  const groups = groupsLine(request, locale);
  if (groups) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(groups, 3000) } });
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: m.requestLine(request.id, slackDate(request.createdAt)) }],
  });
  return blocks;
}

/**
 * "*Contact groups*: A, +C, −D": every group the contact ends up in or leaves, each once: a group joined with
 * `+`, a group left with `−`, one kept as it is; "A, B (unchanged)" when nothing changes, "none (unchanged)"
 * when there are none. Undefined when the request leaves groups alone.
 */
function groupsLine(request: ContactRequest, locale: Locale): string | undefined {
  const m = messages(locale).approval;
  const before = request.previousGroups ?? [];
  const after = request.kind === 'remove' ? [] : request.groups;
  if (after === undefined) return undefined;
  const removed = before.filter((group) => !after.includes(group));
  const changed = removed.length > 0 || after.some((group) => !before.includes(group));
  if (!changed) {
    return `${m.groups}: ${m.groupsUnchanged(after.length > 0 ? after.map(escapeMrkdwn).join(m.groupsSeparator) : m.noGroups)}`;
  }
  const items = [
    ...after.map((group) => (before.includes(group) ? escapeMrkdwn(group) : `+${escapeMrkdwn(group)}`)),
    ...removed.map((group) => `−${escapeMrkdwn(group)}`),
  ];
  return `${m.groups}: ${items.join(m.groupsSeparator)}`;
}

/**
 * The admin-channel message for a request, in whatever state it is in (Slack's approval pattern):
 * pending → Approve / Reject buttons; approving → who approved, no buttons; registered / removed / rejected /
 * superseded → the outcome; failed → CloudMonitor's error code and message with Retry / Reject buttons.
 * @param locale the admin channel's language (ADMIN_LANGUAGE)
 */
export function buildApprovalMessage(request: ContactRequest, locale: Locale = 'en'): SlackMessage {
  const m = messages(locale).approval;
  const blocks = summary(request, locale);
  const decision = request.decision;
  const by = decision ? `${mention(decision.by)} ${slackDate(decision.at)}` : '';
  const text = `${m.fallback(m.header[request.kind], mention(request.requesterId), escapeMrkdwn(request.contact.ContactName), m.statusWord[request.status])}`;
  const reject = {
    type: 'button' as const,
    action_id: ACTION_ID.reject,
    text: plain(m.reject),
    style: 'danger' as const,
    value: request.id,
  };
  switch (request.status) {
    case 'pending':
      blocks.push({
        type: 'actions',
        block_id: BLOCK_ID.approvalActions,
        elements: [
          { type: 'button', action_id: ACTION_ID.approve, text: plain(m.approve), style: 'primary', value: request.id },
          reject,
        ],
      });
      break;
    case 'approving':
      blocks.push(status(m.working(request.auto ? m.approvedAuto : m.approvedBy(by))));
      break;
    case 'registered':
    case 'removed': {
      const cmsId = request.result?.requestId ? m.requestId(escapeMrkdwn(request.result.requestId)) : '';
      const outcome = request.status === 'removed' ? m.removed(cmsId) : m.registered(cmsId);
      blocks.push(status(`${request.auto ? m.fyi : m.done(by)} ${outcome}`));
      break;
    }
    case 'failed': {
      const result = request.result;
      const code = escapeMrkdwn(result?.code ?? 'UnknownError');
      const message =
        result?.code === 'ContactNameTaken'
          ? m.nameTaken(result.takenBy ? `<@${result.takenBy}>` : m.anotherUser)
          : result?.code === 'ContactExistsUnowned'
            ? m.existsUnowned
            : escapeMrkdwn(truncate(result?.message ?? '', 500));
      const cmsId = result?.requestId ? ` · RequestId \`${escapeMrkdwn(result.requestId)}\`` : '';
      blocks.push(status(m.failed(by, code, message, cmsId)), {
        type: 'actions',
        block_id: BLOCK_ID.approvalActions,
        elements: [
          { type: 'button', action_id: ACTION_ID.retry, text: plain(m.retry), style: 'primary', value: request.id },
          reject,
        ],
      });
      break;
    }
    case 'rejected': {
      const reason = decision?.reason
        ? `\n>${escapeMrkdwn(truncate(decision.reason, 1000)).replace(/\n/g, '\n>')}`
        : '';
      blocks.push(status(m.rejected(by, reason)));
      break;
    }
    case 'superseded':
      blocks.push(status(m.superseded));
      break;
  }
  return { text, blocks };
}

function status(text: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } };
}
