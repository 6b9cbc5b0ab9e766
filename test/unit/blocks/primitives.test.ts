/**
 * Block Kit primitives (src/blocks/primitives.ts): escaping of user text (`&`, `<`, `>`), mentions from signed ids only,
 * dates Slack localises with a UTC fallback, truncation by characters.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, mention, slackDate, truncate } from '../../../src/blocks/primitives.js';
import { escaped, expectEscaped } from './mrkdwn-checks.js';

describe('escapeMrkdwn', () => {
  it('turns a typed broadcast, link and ampersand into text', () => {
    expect(escapeMrkdwn('<!channel> <https://x|y> & co')).toBe('&lt;!channel&gt; &lt;https://x|y&gt; &amp; co');
  });

  it('escapes & first, so entities typed by the user stay visible as typed', () => {
    expect(escapeMrkdwn('&lt;')).toBe('&amp;lt;');
  });

  it('property: the output has no control sequence and equals the independent escaping', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('<', '>', '&', '!', '@', 'a', '|', ';', 'l', 't', ' ') }),
        (text) => {
          const out = escapeMrkdwn(text);
          expect(out).toBe(escaped(text));
          expect(out).not.toMatch(/[<>]/);
          expectEscaped([out]);
        },
      ),
    );
  });
});

describe('mention', () => {
  it('formats a user id', () => {
    expect(mention('U0123ABC')).toBe('<@U0123ABC>');
  });

  it('cannot be turned into another control sequence', () => {
    const out = mention('U1> <!channel');
    expect(out).not.toContain('!channel>');
    expect(out.match(/[<>]/g)).toEqual(['<', '>']);
  });
});

describe('slackDate', () => {
  it('is a <!date^seconds^…|fallback> token with a UTC fallback to the minute', () => {
    const ms = Date.UTC(2024, 0, 2, 3, 4, 59, 999);
    const out = slackDate(ms);
    expect(out).toMatch(new RegExp(`^<!date\\^${Math.floor(ms / 1000)}\\^[^|]+\\|2024-01-02 03:04 UTC>$`));
  });
});

describe('truncate', () => {
  it('leaves text at or under the limit alone', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('', 3)).toBe('');
  });

  it('cuts to exactly max characters, marking the cut with …', () => {
    const out = truncate('abcdef', 4);
    expect([...out]).toHaveLength(4);
    expect(out).toBe('abc…');
  });

  it('counts astral characters as one and never splits them', () => {
    const text = '😀'.repeat(10);
    expect(truncate(text, 10)).toBe(text);
    const out = truncate(text, 5);
    expect([...out]).toHaveLength(5);
    expect(out).toBe(`${'😀'.repeat(4)}…`);
  });
});
