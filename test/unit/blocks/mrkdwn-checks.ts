/**
 * Shared checks for the Block Kit builder tests: collect every mrkdwn string a builder produced (section text,
 * fields, context elements, and a message's top-level `text`, which Slack renders as mrkdwn) and assert that user
 * text in them is escaped (Slack docs, "Formatting text for app surfaces: escaping text").
 */
import { expect } from 'vitest';

/** Every `text` of a `{ type: 'mrkdwn', text }` object anywhere in `value`. */
export function mrkdwnTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(mrkdwnTexts);
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  const own = record.type === 'mrkdwn' && typeof record.text === 'string' ? [record.text] : [];
  return [...own, ...Object.values(record).flatMap(mrkdwnTexts)];
}

/** Every mrkdwn string of a message: its blocks' mrkdwn objects plus the top-level `text` fallback. */
export function messageTexts(message: { text: string; blocks: unknown[] }): string[] {
  return [message.text, ...mrkdwnTexts(message.blocks)];
}

/**
 * Asserts that nothing in `texts` is a Slack control sequence except the ones the app writes itself: user mentions
 * `<@U…>` and dates `<!date^…|…>`; and that every `&` starts one of the three entities.
 */
export function expectEscaped(texts: string[]): void {
  for (const text of texts) {
    for (const token of text.match(/<[^>]*>?/g) ?? []) {
      expect(token, `unescaped "<" in ${JSON.stringify(text)}`).toMatch(/^<(@[A-Z0-9]+|!date\^\d+\^[^|>]*\|[^<>]*)>$/);
    }
    for (const match of text.matchAll(/&/g)) {
      const rest = text.slice(match.index);
      expect(rest, `bare "&" in ${JSON.stringify(text)}`).toMatch(/^&(amp|lt|gt);/);
    }
  }
}

/** The escaped form of a string, computed independently: what a reader should see in mrkdwn. */
export function escaped(text: string): string {
  return text.split('&').join('&amp;').split('<').join('&lt;').split('>').join('&gt;');
}
