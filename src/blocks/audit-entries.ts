import type { types } from '@slack/bolt';
import { CHANNELS, type Channel } from '../contact/schema.js';
import { type Locale, messages } from '../i18n/index.js';
import type { AuditEntry } from '../store/audit.js';
import type { SlackMessage } from './approval-request.js';
import { escapeMrkdwn, mention, slackDate, truncate } from './primitives.js';

/** Most entries one `/alert-contact audit` answer shows (one section each; Slack allows 50 blocks a message). */
export const AUDIT_ENTRIES_SHOWN = 20;

/** Longest free text (e.g. a rejection reason) shown per entry, in characters before escaping. */
const DETAIL_MAX = 300;

const isUserId = (text: string) => /^[UW][A-Z0-9]{2,}$/.test(text);

/** A user ID as a mention, a known non-user actor by name, anything else as escaped text. */
function who(locale: Locale, actor: string): string {
  if (isUserId(actor)) return mention(actor);
  const actors: Record<string, string> = messages(locale).audit.actors;
  return Object.hasOwn(actors, actor) ? (actors[actor] as string) : escapeMrkdwn(truncate(actor, 40));
}

/** Inline code with stored text: escaped, no backtick that could end the span, at most `max` characters before escaping. */
function code(text: string, max: number): string {
  return `\`${escapeMrkdwn(truncate(text.replace(/`/g, "'"), max))}\``;
}

/**
 * The mrkdwn text of one entry, in `locale`: when, who, what; the request and whom it is about; the CloudMonitor
 * action, RequestId and outcome; any detail (e.g. a rejection reason) on one line. Each stored field is cut to a
 * bound before escaping, so the whole stays under a section's 3000 characters.
 */
export function describeAuditEntry(locale: Locale, entry: AuditEntry): string {
  const m = messages(locale).audit;
  const actions: Record<string, string> = m.actions;
  const what = Object.hasOwn(actions, entry.action) ? (actions[entry.action] as string) : code(entry.action, 40);
  const lines = [m.line(slackDate(entry.at), who(locale, entry.actor), what)];

  const about: string[] = [];
  if (entry.requestId) about.push(m.request(code(entry.requestId, 40)));
  if (entry.contactName) about.push(m.contact(escapeMrkdwn(truncate(entry.contactName, 60))));
  if (entry.subject && entry.subject !== entry.actor)
    about.push(m.about(isUserId(entry.subject) ? mention(entry.subject) : code(entry.subject, 40)));
  if (about.length > 0) lines.push(about.join(' · '));

  if (entry.cmsAction || entry.cmsRequestId || entry.outcome) {
    const cms: string[] = [];
    if (entry.cmsAction) cms.push(m.cloudMonitor(escapeMrkdwn(truncate(entry.cmsAction, 40))));
    if (entry.cmsRequestId) cms.push(m.requestId(code(entry.cmsRequestId, 60)));
    if (entry.outcome)
      cms.push(
        `${entry.outcome === 'ok' ? ':white_check_mark:' : ':information_source:'} ${outcomeText(locale, entry.outcome)}`,
      );
    lines.push(cms.join(' · '));
  }
  if (entry.detail) lines.push(`> ${detailText(locale, entry.action, entry.detail)}`);
  return truncate(lines.join('\n'), 3000);
}

/** A known outcome word in `locale`; anything else (a CloudMonitor error code) as inline code, as written. */
function outcomeText(locale: Locale, outcome: string): string {
  const outcomes: Record<string, string> = messages(locale).audit.outcomes;
  return Object.hasOwn(outcomes, outcome) ? (outcomes[outcome] as string) : code(outcome, 40);
}

/**
 * An entry's detail as mrkdwn in `locale`: the codes the bot stores (a request's kind, a removal's origin, the
 * comma-separated channels of a reminder) as words; free text (a rejection reason, a group name) escaped, on one
 * line, at most {@link DETAIL_MAX} characters before escaping.
 */
function detailText(locale: Locale, action: string, detail: string): string {
  const m = messages(locale).audit;
  const kinds: Record<string, string> = m.kinds;
  const origins: Record<string, string> = m.origins;
  if (action === 'request-submitted' && Object.hasOwn(kinds, detail)) return kinds[detail] as string;
  if (action === 'removal-requested' && Object.hasOwn(origins, detail)) return origins[detail] as string;
  if (action === 'activation-reminder') {
    const channels = detail.split(',').map((channel) => channel.trim());
    if (channels.every((channel) => (CHANNELS as readonly string[]).includes(channel))) {
      const labels = messages(locale).fields;
      return m.stillToActivate(
        channels.map((channel) => labels[`Channels.${channel as Channel}`]).join(messages(locale).status.separator),
      );
    }
  }
  return escapeMrkdwn(truncate(detail.replace(/\s+/g, ' ').trim(), DETAIL_MAX));
}

/** The command that exports older entries (src/cli/audit-export.ts). */
const EXPORT_COMMAND = 'npm run audit -- --since 30d --format csv';

/**
 * The ephemeral answer to `/alert-contact audit [@user]`: the given entries, newest first as given, one section
 * each, at most {@link AUDIT_ENTRIES_SHOWN}. Every piece of stored text is escaped; user IDs become mentions.
 * @param locale the asking admin's language
 * @param entries newest first; pass one more than {@link AUDIT_ENTRIES_SHOWN} to have "older entries" noted
 * @param subject the Slack user ID the list is filtered on, if any
 */
export function buildAuditEntries(locale: Locale, entries: readonly AuditEntry[], subject?: string): SlackMessage {
  const m = messages(locale).audit;
  const shown = entries.slice(0, AUDIT_ENTRIES_SHOWN);
  const whom = subject ? mention(subject) : undefined;
  if (shown.length === 0) {
    const text = whom ? m.noneAbout(whom) : m.none;
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  const title = whom ? m.titleAbout(whom, shown.length) : m.title(shown.length);
  const blocks: types.KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: title } },
    { type: 'divider' },
    ...shown.map(
      (entry): types.KnownBlock => ({
        type: 'section',
        text: { type: 'mrkdwn', text: describeAuditEntry(locale, entry) },
      }),
    ),
  ];
  if (entries.length > shown.length) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: m.older(EXPORT_COMMAND) }],
    });
  }
  return { text: whom ? m.textAbout(whom, shown.length) : m.text(shown.length), blocks };
}
