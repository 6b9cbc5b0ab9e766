import type { types } from '@slack/bolt';

/** A Block Kit `plain_text` text object with emoji shortcodes rendered. */
export function plain(text: string): types.PlainTextElement {
  return { type: 'plain_text', text, emoji: true };
}

/**
 * Escapes user text for Slack mrkdwn: `&`, `<`, `>` become entities, so a typed `<!channel>` or `<url|label>`
 * is shown as text, never acted on (Slack docs, "Formatting text for app surfaces: escaping text").
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A user mention; `userId` comes from a signed Slack payload, never from typed text. */
export function mention(userId: string): string {
  return `<@${userId.replace(/[^A-Z0-9]/gi, '')}>`;
}

/**
 * A date Slack renders in each reader's time zone, with a UTC fallback for clients that cannot.
 * @param ms epoch milliseconds
 */
export function slackDate(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const fallback = new Date(seconds * 1000)
    .toISOString()
    .replace('T', ' ')
    .replace(/:\d\d\.\d+Z$/, ' UTC');
  return `<!date^${seconds}^{date_short_pretty} {time}|${fallback}>`;
}

/**
 * Cuts text to at most `max` characters (code points), marking the cut with `…`. Never cuts inside an entity
 * made by {@link escapeMrkdwn} (`&amp;`, `&lt;`, `&gt;`): a partial one at the cut is dropped.
 */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return `${chars
    .slice(0, max - 1)
    .join('')
    .replace(/&[a-z]{0,3}$/, '')}…`;
}
