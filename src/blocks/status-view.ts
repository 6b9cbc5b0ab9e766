import type { types } from '@slack/bolt';
import { type Locale, messages } from '../i18n/index.js';
import type { ContactRequest } from '../requests/request.js';
import { ACTION_ID, BLOCK_ID, COMMAND } from '../slack/ids.js';
import type { ChannelStatus, ContactStatus, OpenRequestStatus } from '../status/contact-status.js';
import { buildApprovalMessage, type SlackMessage } from './approval-request.js';
import { showChannel } from './contact-fields.js';
import { escapeMrkdwn, plain, slackDate, truncate } from './primitives.js';

/** Slack's block limits per surface (docs.slack.dev Block Kit reference): messages 50, Home tabs 100. */
const MESSAGE_BLOCKS_MAX = 50;

const section = (text: string): types.SectionBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncate(text, 3000) },
});
const context = (text: string): types.ContextBlock => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: truncate(text, 3000) }],
});

/** "• *Mobile (SMS)* *******1234: waiting for activation (open the link…)": masked, escaped, in `locale`. */
function channelLine(locale: Locale, entry: ChannelStatus): string {
  const { fields, status: m } = messages(locale);
  const hint =
    entry.activation === 'pending' && (entry.channel === 'SMS' || entry.channel === 'Mail')
      ? m.activationHint[entry.channel]
      : undefined;
  const state = hint ? m.withHint(m.activation[entry.activation], hint) : m.activation[entry.activation];
  return m.channelLine(
    fields[`Channels.${entry.channel}`],
    showChannel(entry.channel, entry.value, 'requester'),
    state,
  );
}

/** One line on the user's open request: what it asks and where it stands, with when. */
function openRequestLine(locale: Locale, request: OpenRequestStatus): string {
  const m = messages(locale).status;
  const what = m.requestWhat[request.kind](escapeMrkdwn(request.contactName));
  switch (request.status) {
    case 'pending':
      return m.requestPending(what, slackDate(request.createdAt));
    case 'approving':
      return request.decidedAt ? m.requestApprovedAt(what, slackDate(request.decidedAt)) : m.requestApproving(what);
    case 'failed': {
      const code = escapeMrkdwn(request.failure?.code ?? 'UnknownError');
      return m.requestFailed(what, code, slackDate(request.updatedAt));
    }
  }
}

/** The context line saying where the activation states come from. */
function liveLine(locale: Locale, status: ContactStatus): string {
  const m = messages(locale).status;
  switch (status.live.kind) {
    case 'found':
      return m.liveFound(slackDate(status.readAt));
    case 'not_asked':
      return m.liveAsking;
    case 'missing':
      return m.liveMissing(slackDate(status.readAt));
    case 'unavailable':
      return m.liveUnavailable(escapeMrkdwn(status.live.code));
  }
}

/** The contact's Lang (CloudMonitor's alert language, as the user chose it) by name, in `locale`. */
function langName(locale: Locale, lang: string | undefined): string {
  const langs = messages(locale).langs;
  if (!lang) return langs.auto;
  return lang === 'en' || lang === 'zh-cn' ? langs[lang] : escapeMrkdwn(lang);
}

/**
 * The body of a user's status, shared by `/alert-contact status` and the App Home: their contact (name,
 * description, language, when registered), each channel masked (phone but its last 4 digits, email local part)
 * with its activation state, the contact groups, whether the data is live, the next activation reminder, and
 * their open request. All user and CloudMonitor text is escaped. At most 7 blocks.
 * @param locale the reader's language
 * @param status from src/status/contact-status.ts (times epoch ms)
 */
export function buildStatusBlocks(locale: Locale, status: ContactStatus): types.KnownBlock[] {
  const m = messages(locale).status;
  const blocks: types.KnownBlock[] = [];
  const contact = status.contact;
  if (!contact) {
    blocks.push(section(`${m.noContact}${status.openRequest ? '' : m.registerHint(COMMAND)}`));
  } else {
    blocks.push(
      section(
        `${m.contactHeading(escapeMrkdwn(contact.name))}\n${escapeMrkdwn(contact.describe)}\n${m.languageLine(langName(locale, contact.lang), slackDate(contact.registeredAt))}`,
      ),
    );
    if (status.live.kind === 'missing') {
      blocks.push(section(m.missing(escapeMrkdwn(contact.name), COMMAND)));
    } else {
      const lines = contact.channels.map((entry) => channelLine(locale, entry));
      blocks.push(section(m.channels(lines.join('\n') || m.none)));
      const groups =
        status.live.kind === 'found'
          ? status.live.groups.length > 0
            ? status.live.groups.map(escapeMrkdwn).join(m.separator)
            : m.none
          : m.groupsUnknown;
      blocks.push(section(m.groups(groups)));
      blocks.push(context(liveLine(locale, status)));
      const unsettled = contact.channels.some((entry) => entry.activation !== 'active');
      if (status.nextReminder && unsettled) {
        const { dueAt, index, count } = status.nextReminder;
        const when = dueAt <= status.readAt ? m.dueNow : slackDate(dueAt);
        blocks.push(context(m.nextReminder(when, index + 1, count)));
      }
    }
  }
  if (status.openRequest) blocks.push(section(openRequestLine(locale, status.openRequest)));
  return blocks;
}

/** The top-level `text` (notification and screen-reader fallback): contact, channel states, open request. */
function statusFallback(locale: Locale, status: ContactStatus): string {
  const { fields, approval, status: s } = messages(locale);
  const m = s.fallback;
  const parts: string[] = [];
  const contact = status.contact;
  if (!contact) parts.push(m.noContact);
  else if (status.live.kind === 'missing') parts.push(m.missing(escapeMrkdwn(contact.name)));
  else {
    const channels = contact.channels.map((entry) =>
      m.channel(fields[`Channels.${entry.channel}`], m.state[entry.activation]),
    );
    parts.push(m.contact(escapeMrkdwn(contact.name), channels.join(s.separator) || m.noChannels));
  }
  if (status.openRequest) parts.push(m.openRequest(approval.statusWord[status.openRequest.status]));
  return parts.join(' ');
}

/**
 * The ephemeral answer to `/alert-contact status`: {@link buildStatusBlocks} plus how to change or remove the
 * contact. Within Slack's 50-block message limit.
 * @param locale the reader's language
 */
export function buildStatusMessage(locale: Locale, status: ContactStatus): SlackMessage {
  const m = messages(locale).status;
  const how = status.contact
    ? m.howChange(COMMAND)
    : status.openRequest
      ? m.howChangeRequest(COMMAND)
      : m.howRegister(COMMAND);
  return { text: statusFallback(locale, status), blocks: [...buildStatusBlocks(locale, status), context(how)] };
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
 * @param locale the viewing user's language
 */
export function buildHomeView(locale: Locale, status: ContactStatus, options: HomeViewOptions = {}): types.HomeView {
  const m = messages(locale).status.home;
  const blocks: types.KnownBlock[] = [{ type: 'header', text: plain(m.header) }];
  if (options.notice) blocks.push(section(options.notice));
  blocks.push(...buildStatusBlocks(locale, status), { type: 'divider' });
  const buttons: types.Button[] = [];
  if (status.contact) {
    buttons.push({ type: 'button', action_id: ACTION_ID.homeEdit, text: plain(m.edit), value: 'edit' });
    buttons.push({
      type: 'button',
      action_id: ACTION_ID.homeRemove,
      text: plain(m.remove),
      style: 'danger',
      value: 'remove',
    });
  } else {
    buttons.push({
      type: 'button',
      action_id: ACTION_ID.homeRegister,
      text: plain(status.openRequest ? m.changeRequest : m.register),
      style: 'primary',
      value: 'register',
    });
  }
  buttons.push({ type: 'button', action_id: ACTION_ID.homeRefresh, text: plain(m.refresh), value: 'refresh' });
  blocks.push({ type: 'actions', block_id: BLOCK_ID.homeActions, elements: buttons });
  blocks.push(context(m.footer(COMMAND)));
  return { type: 'home', blocks };
}

/**
 * The App Home when the status cannot be read at all (the store is down): what happened and a Refresh button,
 * so the tab is never a dead end. It says so in the viewing user's `locale`.
 */
export function buildHomeErrorView(locale: Locale): types.HomeView {
  const m = messages(locale).status.home;
  return {
    type: 'home',
    blocks: [
      { type: 'header', text: plain(m.header) },
      section(m.readFailed(m.refresh)),
      {
        type: 'actions',
        block_id: BLOCK_ID.homeActions,
        elements: [{ type: 'button', action_id: ACTION_ID.homeRefresh, text: plain(m.refresh), value: 'refresh' }],
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
 * @param locale the asking admin's language (the list and its summaries)
 * @param requests open requests, oldest first
 */
export function buildPendingList(
  locale: Locale,
  requests: readonly ContactRequest[],
  options: PendingListOptions = {},
): SlackMessage {
  const m = messages(locale).pending;
  if (requests.length === 0) {
    return { text: m.none, blocks: [section(m.noneBlock)] };
  }
  const blocks: types.KnownBlock[] = [];
  const footerBlocks = 1;
  let shown = 0;
  for (const request of requests) {
    const own = [
      ...(shown > 0 ? [{ type: 'divider' } as types.DividerBlock] : []),
      ...buildApprovalMessage(request, locale).blocks.map((block) =>
        block.block_id ? { ...block, block_id: truncate(`${block.block_id}.${request.id}`, 255) } : block,
      ),
    ];
    if (blocks.length + own.length + footerBlocks > MESSAGE_BLOCKS_MAX) break;
    blocks.push(...own);
    shown += 1;
  }
  const rest = requests.length - shown;
  const more = options.more ? '+' : '';
  const footer = rest > 0 || options.more ? m.some(shown, `${requests.length}${more}`, COMMAND) : m.all(shown);
  blocks.push(context(footer));
  return { text: m.text(requests.length, more), blocks };
}
