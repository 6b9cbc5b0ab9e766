import type { types } from '@slack/bolt';
import type { ChannelStatus, ContactStatus, OpenRequestStatus } from '../status/contact-status.js';
import type { ContactRequest } from '../store/requests.js';
import { ACTION_ID, BLOCK_ID, COMMAND } from '../slack-ids.js';
import { buildApprovalMessage, type SlackMessage } from './approval-request.js';
import { FIELD_LABEL, LANG_LABEL, showChannel } from './contact-fields.js';
import { escapeMrkdwn, slackDate, truncate } from './mrkdwn.js';

/** Slack's block limits per surface (docs.slack.dev Block Kit reference): messages 50, Home tabs 100. */
const MESSAGE_BLOCKS_MAX = 50;

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });
const section = (text: string): types.SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } });
const context = (text: string): types.ContextBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, 3000) }] });

const ACTIVATION_TEXT: Record<ChannelStatus['activation'], string> = {
  active: ':white_check_mark: active',
  pending: ':hourglass_flowing_sand: *waiting for activation*',
  unknown: ':grey_question: activation not checked',
};

/** Where the activation link went, per channel that has one (CloudMonitor sends it on PutContact). */
const ACTIVATION_HINT: Partial<Record<ChannelStatus['channel'], string>> = {
  SMS: 'open the link in the text message from Alibaba Cloud',
  Mail: 'open the link in the email from Alibaba Cloud (check spam too)',
};

/** "• *Mobile (SMS)* *******1234: waiting for activation (open the link…)": masked, escaped. */
function channelLine(entry: ChannelStatus): string {
  const label = FIELD_LABEL[`Channels.${entry.channel}`];
  const hint = entry.activation === 'pending' && ACTIVATION_HINT[entry.channel] ? `: ${ACTIVATION_HINT[entry.channel]}` : '';
  return `• *${label}* ${showChannel(entry.channel, entry.value, 'requester')}: ${ACTIVATION_TEXT[entry.activation]}${hint}`;
}

const REQUEST_VERB: Record<OpenRequestStatus['kind'], string> = {
  create: 'register',
  update: 'change',
  remove: 'remove',
};

/** One line on the user's open request: what it asks and where it stands, with when. */
function openRequestLine(request: OpenRequestStatus): string {
  const what = `Your request to ${REQUEST_VERB[request.kind]} *${escapeMrkdwn(request.contactName)}*`;
  switch (request.status) {
    case 'pending':
      return `:hourglass: ${what} is waiting for an admin (sent ${slackDate(request.createdAt)}).`;
    case 'approving':
      return `:gear: ${what} was approved${request.decidedAt ? ` ${slackDate(request.decidedAt)}` : ''} and is being carried out in CloudMonitor.`;
    case 'failed': {
      const code = escapeMrkdwn(request.failure?.code ?? 'UnknownError');
      return `:warning: ${what} was approved, but CloudMonitor refused it (\`${code}\`, ${slackDate(request.updatedAt)}). The admins can retry it; nothing is lost.`;
    }
  }
}

/** The context line saying where the activation states come from. */
function liveLine(status: ContactStatus): string {
  switch (status.live.kind) {
    case 'found':
      return `Live from CloudMonitor, ${slackDate(status.readAt)}.`;
    case 'not_asked':
      return ':hourglass_flowing_sand: Asking CloudMonitor for the live activation state…';
    case 'missing':
      return `:warning: CloudMonitor no longer has this contact (${slackDate(status.readAt)}).`;
    case 'unavailable':
      return `:warning: I couldn't reach CloudMonitor (\`${escapeMrkdwn(status.live.code)}\`), so this is what was registered; the live activation state is unavailable right now.`;
  }
}

/**
 * The body of a user's status, shared by `/alert-contact status` and the App Home: their contact (name,
 * description, language, when registered), each channel masked (phone but its last 4 digits, email local part)
 * with its activation state, the contact groups, whether the data is live, the next activation reminder, and
 * their open request. All user and CloudMonitor text is escaped. At most 7 blocks.
 * @param status from src/status/contact-status.ts (times epoch ms)
 */
export function buildStatusBlocks(status: ContactStatus): types.KnownBlock[] {
  const blocks: types.KnownBlock[] = [];
  const contact = status.contact;
  if (!contact) {
    blocks.push(
      section(
        `:information_source: You don't have an alert contact registered through me.${status.openRequest ? '' : ` Register with \`${COMMAND}\`: an admin approves it, then CloudMonitor alerts reach you.`}`,
      ),
    );
  } else {
    const lang = contact.lang ? (LANG_LABEL[contact.lang] ?? escapeMrkdwn(contact.lang)) : 'automatic';
    blocks.push(
      section(
        `*Your alert contact: ${escapeMrkdwn(contact.name)}*\n${escapeMrkdwn(contact.describe)}\nAlert language: ${lang} · registered ${slackDate(contact.registeredAt)}`,
      ),
    );
    if (status.live.kind === 'missing') {
      blocks.push(
        section(
          `:warning: CloudMonitor no longer has a contact named *${escapeMrkdwn(contact.name)}*, so no alerts reach you. Run \`${COMMAND} edit\` and submit to register it again, or ask an alert-contact admin.`,
        ),
      );
    } else {
      const lines = contact.channels.map(channelLine);
      blocks.push(section(`*Channels*\n${lines.join('\n') || 'none'}`));
      const groups =
        status.live.kind === 'found'
          ? status.live.groups.length > 0
            ? status.live.groups.map(escapeMrkdwn).join(', ')
            : 'none'
          : '_unknown until CloudMonitor answers_';
      blocks.push(section(`*Contact groups*: ${groups}`));
      blocks.push(context(liveLine(status)));
      const unsettled = contact.channels.some((entry) => entry.activation !== 'active');
      if (status.nextReminder && unsettled) {
        const { dueAt, index, count } = status.nextReminder;
        const when = dueAt <= status.readAt ? 'due now' : slackDate(dueAt);
        blocks.push(context(`:bell: Next activation check and reminder: ${when} (${index + 1} of ${count}).`));
      }
    }
  }
  if (status.openRequest) blocks.push(section(openRequestLine(status.openRequest)));
  return blocks;
}

/** The top-level `text` (notification and screen-reader fallback): contact, channel states, open request. */
function statusFallback(status: ContactStatus): string {
  const parts: string[] = [];
  const contact = status.contact;
  if (!contact) parts.push("You don't have an alert contact registered.");
  else if (status.live.kind === 'missing') parts.push(`Your alert contact ${escapeMrkdwn(contact.name)} is no longer in CloudMonitor.`);
  else {
    const channels = contact.channels.map((entry) => `${FIELD_LABEL[`Channels.${entry.channel}`]} ${entry.activation === 'unknown' ? 'not checked' : entry.activation}`);
    parts.push(`Your alert contact ${escapeMrkdwn(contact.name)}: ${channels.join(', ') || 'no channels'}.`);
  }
  if (status.openRequest) parts.push(`Open request: ${status.openRequest.status}.`);
  return parts.join(' ');
}

/**
 * The ephemeral answer to `/alert-contact status`: {@link buildStatusBlocks} plus how to change or remove the
 * contact. Within Slack's 50-block message limit.
 */
export function buildStatusMessage(status: ContactStatus): SlackMessage {
  const how = status.contact
    ? `Change it: \`${COMMAND} edit\` · remove it: \`${COMMAND} remove\``
    : status.openRequest
      ? `Change your request: \`${COMMAND}\``
      : `Register: \`${COMMAND}\``;
  return { text: statusFallback(status), blocks: [...buildStatusBlocks(status), context(how)] };
}

/** Options of {@link buildHomeView}. */
export interface HomeViewOptions {
  /** A note shown at the top, e.g. why a button did nothing (mrkdwn; escape user text before passing it). */
  notice?: string;
}

/**
 * The App Home tab (views.publish): a header, an optional notice, {@link buildStatusBlocks}, and buttons:
 * Register (no contact) or Edit, Remove (with a contact; it opens a confirmation modal), Refresh status.
 * Within the Home tab's 100-block limit.
 */
export function buildHomeView(status: ContactStatus, options: HomeViewOptions = {}): types.HomeView {
  const blocks: types.KnownBlock[] = [{ type: 'header', text: plain('Your CloudMonitor alert contact') }];
  if (options.notice) blocks.push(section(options.notice));
  blocks.push(...buildStatusBlocks(status), { type: 'divider' });
  const buttons: types.Button[] = [];
  if (status.contact) {
    buttons.push({ type: 'button', action_id: ACTION_ID.homeEdit, text: plain('Edit'), value: 'edit' });
    buttons.push({ type: 'button', action_id: ACTION_ID.homeRemove, text: plain('Remove'), style: 'danger', value: 'remove' });
  } else {
    buttons.push({ type: 'button', action_id: ACTION_ID.homeRegister, text: plain(status.openRequest ? 'Change my request' : 'Register'), style: 'primary', value: 'register' });
  }
  buttons.push({ type: 'button', action_id: ACTION_ID.homeRefresh, text: plain('Refresh status'), value: 'refresh' });
  blocks.push({ type: 'actions', block_id: BLOCK_ID.homeActions, elements: buttons });
  blocks.push(context(`You can do the same with \`${COMMAND}\` in any channel (\`${COMMAND} help\` lists everything).`));
  return { type: 'home', blocks };
}

/**
 * The App Home when the status cannot be read at all (the store is down): what happened and a Refresh button,
 * so the tab is never a dead end.
 * @param text mrkdwn; escape user text before passing it
 */
export function buildHomeErrorView(text: string): types.HomeView {
  return {
    type: 'home',
    blocks: [
      { type: 'header', text: plain('Your CloudMonitor alert contact') },
      section(text),
      {
        type: 'actions',
        block_id: BLOCK_ID.homeActions,
        elements: [{ type: 'button', action_id: ACTION_ID.homeRefresh, text: plain('Refresh status'), value: 'refresh' }],
      },
    ],
  };
}

/** Options of {@link buildPendingList}. */
export interface PendingListOptions {
  /** True when the store may hold more open requests than `requests` (the read was capped). */
  more?: boolean;
}

/**
 * The admins' ephemeral answer to `/alert-contact pending`: open requests (pending and failed), oldest first,
 * each as its approval message shows it (summary from {@link buildApprovalMessage}) with the same buttons
 * (Approve / Reject, or Retry / Reject; action_id as on the approval message, value = the request id), so the
 * approval handlers act on them and update the message in the admins' channel. Requests are added while they fit
 * Slack's 50-block message limit; the rest are counted in the last line. Each request's block_ids get its id
 * appended, because block_ids must be unique within a message.
 * @param requests open requests, oldest first
 */
export function buildPendingList(requests: readonly ContactRequest[], options: PendingListOptions = {}): SlackMessage {
  if (requests.length === 0) {
    return { text: 'No open alert-contact requests.', blocks: [section(':tada: No open alert-contact requests: nothing waits for an admin.')] };
  }
  const blocks: types.KnownBlock[] = [];
  const footerBlocks = 1;
  let shown = 0;
  for (const request of requests) {
    const own = [
      ...(shown > 0 ? [{ type: 'divider' } as types.DividerBlock] : []),
      ...buildApprovalMessage(request).blocks.map((block) => (block.block_id ? { ...block, block_id: truncate(`${block.block_id}.${request.id}`, 255) } : block)),
    ];
    if (blocks.length + own.length + footerBlocks > MESSAGE_BLOCKS_MAX) break;
    blocks.push(...own);
    shown += 1;
  }
  const rest = requests.length - shown;
  const total = `${requests.length}${options.more ? '+' : ''}`;
  const footer =
    rest > 0 || options.more
      ? `Showing the oldest ${shown} of ${total} open requests. Decide these, then run \`${COMMAND} pending\` again for the rest.`
      : `${shown} open request${shown === 1 ? '' : 's'}, oldest first. The buttons work as in the admins' channel and update its message.`;
  blocks.push(context(footer));
  return { text: `${total} open alert-contact request${requests.length === 1 && !options.more ? '' : 's'}, oldest first.`, blocks };
}
