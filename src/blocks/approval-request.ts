import type { types } from '@slack/bolt';
import { diffContacts } from '../contact/compare.js';
import type { ContactRequest } from '../store/requests.js';
import { ACTION_ID, BLOCK_ID } from '../slack-ids.js';
import { FIELD_LABEL, showField } from './contact-fields.js';
import { escapeMrkdwn, mention, slackDate, truncate } from './mrkdwn.js';

/** A message for chat.postMessage / chat.update: top-level `text` fallback plus blocks. */
export interface SlackMessage {
  text: string;
  blocks: types.KnownBlock[];
}

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });
const FIELDS = Object.keys(FIELD_LABEL) as Array<keyof typeof FIELD_LABEL>;

/** Header, requester, every field (phone masked but the last 4 digits) and, for a change, what changes. */
function summary(request: ContactRequest): types.KnownBlock[] {
  const name = escapeMrkdwn(request.contact.ContactName);
  const who = mention(request.requesterId);
  const intro =
    request.origin === 'offboarding'
      ? `Slack reports ${who} deactivated. Remove their alert contact *${name}* from CloudMonitor?`
      : `${who} asks to ${KIND_VERB[request.kind]} *${name}* in CloudMonitor.`;
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: plain(KIND_HEADER[request.kind]) },
    { type: 'section', text: { type: 'mrkdwn', text: intro } },
    {
      type: 'section',
      fields: FIELDS.map((field) => ({
        type: 'mrkdwn' as const,
        text: truncate(`*${FIELD_LABEL[field]}*\n${showField(field, request.contact, 'admin')}`, 2000),
      })),
    },
  ];
  if (request.overwritesUnowned) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `:warning: *${name} already exists in CloudMonitor and was not registered through this bot.* Approving overwrites it; compare below.`,
      },
    });
  } else if (request.existenceUnknown) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: ":grey_question: I couldn't ask CloudMonitor whether this name exists already." }] });
  }
  if (request.previous) {
    const changes = diffContacts(request.previous, request.contact);
    const lines = changes.map((change) => {
      const before = showField(change.field, request.previous, 'admin');
      const after = showField(change.field, request.contact, 'admin');
      return `• *${FIELD_LABEL[change.field]}*: ${before} → ${after}`;
    });
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(`*What changes*\n${lines.join('\n') || 'Nothing: the same values are sent again.'}`, 3000) },
    });
  }
  const groups = groupsLine(request);
  if (groups) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(groups, 3000) } });
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `Request \`${request.id}\` · submitted ${slackDate(request.createdAt)}` }],
  });
  return blocks;
}

const KIND_HEADER: Record<ContactRequest['kind'], string> = {
  create: 'Alert contact request',
  update: 'Alert contact change',
  remove: 'Alert contact removal',
};
const KIND_VERB: Record<ContactRequest['kind'], string> = {
  create: 'register a new alert contact',
  update: 'change their alert contact',
  remove: 'remove their alert contact',
};

/** "*Contact groups*: A, B (+C, −D)", or undefined when the request leaves groups alone. */
function groupsLine(request: ContactRequest): string | undefined {
  const before = request.previousGroups ?? [];
  const after = request.kind === 'remove' ? [] : request.groups;
  if (after === undefined) return undefined;
  const added = after.filter((group) => !before.includes(group));
  const removed = before.filter((group) => !after.includes(group));
  const changes = [...added.map((group) => `+${group}`), ...removed.map((group) => `−${group}`)];
  const list = after.length > 0 ? after.map(escapeMrkdwn).join(', ') : 'none';
  return `*Contact groups*: ${list}${changes.length > 0 ? ` (${escapeMrkdwn(changes.join(', '))})` : ' (unchanged)'}`;
}

function fallback(request: ContactRequest, status: string): string {
  return `${KIND_HEADER[request.kind]} from ${mention(request.requesterId)} for ${escapeMrkdwn(request.contact.ContactName)}: ${status}`;
}

/**
 * The admin-channel message for a request, in whatever state it is in (Slack's approval pattern):
 * pending → Approve / Reject buttons; approving → who approved, no buttons; registered / rejected / superseded →
 * the outcome; failed → CloudMonitor's error code and message with Retry / Reject buttons.
 */
export function buildApprovalMessage(request: ContactRequest): SlackMessage {
  const blocks = summary(request);
  const decision = request.decision;
  const by = decision ? `${mention(decision.by)} ${slackDate(decision.at)}` : '';
  const reject = {
    type: 'button' as const,
    action_id: ACTION_ID.reject,
    text: plain('Reject'),
    style: 'danger' as const,
    value: request.id,
  };
  switch (request.status) {
    case 'pending':
      blocks.push({
        type: 'actions',
        block_id: BLOCK_ID.approvalActions,
        elements: [
          { type: 'button', action_id: ACTION_ID.approve, text: plain('Approve'), style: 'primary', value: request.id },
          reject,
        ],
      });
      return { text: fallback(request, 'waiting for approval'), blocks };
    case 'approving':
      blocks.push(status(`:hourglass_flowing_sand: ${request.auto ? 'Approved automatically (APPROVAL=auto)' : `Approved by ${by}`}; working on it in CloudMonitor…`));
      return { text: fallback(request, 'registering'), blocks };
    case 'registered':
    case 'removed': {
      const cmsId = request.result?.requestId ? ` (RequestId \`${escapeMrkdwn(request.result.requestId)}\`)` : '';
      const outcome = request.status === 'removed' ? 'Removed from CloudMonitor' : 'Registered in CloudMonitor';
      const how = request.auto ? ':robot_face: Approved automatically (APPROVAL=auto), for your information.' : `:white_check_mark: Approved by ${by}.`;
      blocks.push(status(`${how} ${outcome}${cmsId}.`));
      return { text: fallback(request, request.status), blocks };
    }
    case 'failed': {
      const result = request.result;
      const code = escapeMrkdwn(result?.code ?? 'UnknownError');
      const message = escapeMrkdwn(truncate(result?.message ?? '', 500));
      const cmsId = result?.requestId ? ` · RequestId \`${escapeMrkdwn(result.requestId)}\`` : '';
      blocks.push(
        status(`:warning: Approved by ${by}, but CloudMonitor refused: \`${code}\` ${message}${cmsId}\nNothing is lost: Retry sends the same request again.`),
        {
          type: 'actions',
          block_id: BLOCK_ID.approvalActions,
          elements: [{ type: 'button', action_id: ACTION_ID.retry, text: plain('Retry'), style: 'primary', value: request.id }, reject],
        },
      );
      return { text: fallback(request, `failed (${result?.code ?? 'error'})`), blocks };
    }
    case 'rejected': {
      const reason = decision?.reason ? `\n>${escapeMrkdwn(truncate(decision.reason, 1000)).replace(/\n/g, '\n>')}` : '';
      blocks.push(status(`:no_entry_sign: Rejected by ${by}.${reason}`));
      return { text: fallback(request, 'rejected'), blocks };
    }
    case 'superseded':
      blocks.push(status(':leftwards_arrow_with_hook: Replaced by a newer request from the same person; nothing to decide here.'));
      return { text: fallback(request, 'replaced by a newer request'), blocks };
  }
}

function status(text: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } };
}
