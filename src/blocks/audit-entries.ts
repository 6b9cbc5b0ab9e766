import type { types } from '@slack/bolt';
import type { AuditEntry } from '../store/audit.js';
import type { SlackMessage } from './approval-request.js';
import { escapeMrkdwn, mention, slackDate, truncate } from './mrkdwn.js';

/** Most entries one `/alert-contact audit` answer shows (one section each; Slack allows 50 blocks a message). */
export const AUDIT_ENTRIES_SHOWN = 20;

/** Longest free text (e.g. a rejection reason) shown per entry, in characters before escaping. */
const DETAIL_MAX = 300;

/** What each known audit action reads as after the actor's name. */
const ACTION_TEXT: Record<string, string> = {
  'request-submitted': 'submitted a request',
  'removal-requested': 'asked to remove a contact',
  'decision-approve': 'approved',
  'decision-reject': 'rejected',
  'decision-retry': 'retried',
  putcontact: 'called PutContact',
  deletecontact: 'called DeleteContact',
  putcontactgroup: 'called PutContactGroup',
  'group-add': 'added the contact to a group',
  'group-remove': 'took the contact out of a group',
  'activation-check': 'checked activation',
  'activation-reminder': 'sent an activation reminder',
  'activation-confirmed': 'confirmed activation',
};

/** Actors that are not Slack users. */
const ACTOR_TEXT: Record<string, string> = {
  bot: 'The bot',
  slack: 'Slack (user deactivated)',
  auto: 'Auto-approval',
};

const isUserId = (text: string) => /^[UW][A-Z0-9]{2,}$/.test(text);

/** A user ID as a mention, anything else as escaped text. */
function who(actor: string): string {
  if (isUserId(actor)) return mention(actor);
  return Object.hasOwn(ACTOR_TEXT, actor) ? (ACTOR_TEXT[actor] as string) : escapeMrkdwn(truncate(actor, 40));
}

/** Inline code with stored text: escaped, no backtick that could end the span, at most `max` characters before escaping. */
function code(text: string, max: number): string {
  return `\`${escapeMrkdwn(truncate(text.replace(/`/g, "'"), max))}\``;
}

/**
 * The mrkdwn text of one entry: when, who, what; the request and whom it is about; the CloudMonitor action,
 * RequestId and outcome; any detail (e.g. a rejection reason) on one line. Each stored field is cut to a bound
 * before escaping, so the whole stays under a section's 3000 characters.
 */
export function describeAuditEntry(entry: AuditEntry): string {
  const what = Object.hasOwn(ACTION_TEXT, entry.action) ? (ACTION_TEXT[entry.action] as string) : code(entry.action, 40);
  const lines = [`${slackDate(entry.at)} · ${who(entry.actor)} ${what}`];

  const about: string[] = [];
  if (entry.requestId) about.push(`request ${code(entry.requestId, 40)}`);
  if (entry.contactName) about.push(`contact *${escapeMrkdwn(truncate(entry.contactName, 60))}*`);
  if (entry.subject && entry.subject !== entry.actor) about.push(`of ${isUserId(entry.subject) ? mention(entry.subject) : code(entry.subject, 40)}`);
  if (about.length > 0) lines.push(about.join(' · '));

  if (entry.cmsAction || entry.cmsRequestId || entry.outcome) {
    const cms: string[] = [];
    if (entry.cmsAction) cms.push(`CloudMonitor *${escapeMrkdwn(truncate(entry.cmsAction, 40))}*`);
    if (entry.cmsRequestId) cms.push(`RequestId ${code(entry.cmsRequestId, 60)}`);
    if (entry.outcome) cms.push(`${entry.outcome === 'ok' ? ':white_check_mark:' : ':information_source:'} ${code(entry.outcome, 40)}`);
    lines.push(cms.join(' · '));
  }
  if (entry.detail) lines.push(`> ${escapeMrkdwn(truncate(entry.detail.replace(/\s+/g, ' ').trim(), DETAIL_MAX))}`);
  return truncate(lines.join('\n'), 3000);
}

/**
 * The ephemeral answer to `/alert-contact audit [@user]`: the given entries, newest first as given, one section
 * each, at most {@link AUDIT_ENTRIES_SHOWN}. Every piece of stored text is escaped; user IDs become mentions.
 * @param entries newest first; pass one more than {@link AUDIT_ENTRIES_SHOWN} to have "older entries" noted
 * @param subject the Slack user ID the list is filtered on, if any
 */
export function buildAuditEntries(entries: readonly AuditEntry[], subject?: string): SlackMessage {
  const shown = entries.slice(0, AUDIT_ENTRIES_SHOWN);
  const whose = subject ? ` about ${mention(subject)}` : '';
  if (shown.length === 0) {
    const text = `No audit entries${whose} yet.`;
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  const title = `*Audit log${whose}*: the ${shown.length === 1 ? 'latest entry' : `${shown.length} latest entries`}, newest first`;
  const blocks: types.KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: title } },
    { type: 'divider' },
    ...shown.map((entry): types.KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: describeAuditEntry(entry) } })),
  ];
  if (entries.length > shown.length) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'Older entries are not shown. Export them with `npm run audit -- --since 30d --format csv`.' }],
    });
  }
  return { text: `Audit log${whose}: ${shown.length} latest ${shown.length === 1 ? 'entry' : 'entries'}.`, blocks };
}
