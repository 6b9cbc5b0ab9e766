/**
 * Prefill helpers (src/listeners/flows/contact-prefill.ts): a ContactName suggestion from Slack profile names
 * (must itself satisfy the ContactName rule: 2–40 characters, letters incl. Chinese, digits, `.`, `_`, `-`, letter
 * first) and the PutContact Lang from a Slack locale (only en / zh-cn exist; anything else → automatic).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseContact } from '../../../../src/contact/schema.js';
import { langFromLocale, suggestContactName } from '../../../../src/listeners/flows/contact-prefill.js';

describe('suggestContactName', () => {
  it.each([
    ['Dana Ops', 'Dana_Ops'],
    ['李伟', '李伟'],
    ['  42 Bob!', 'Bob'],
    ['dana.ops-1', 'dana.ops-1'],
    ['Ｄａｎａ', 'Dana'],
    ['O’Brien, Pat', 'OBrien_Pat'],
  ])('%j → %j', (name, expected) => {
    expect(suggestContactName(name)).toBe(expected);
  });

  it('a candidate that leaves fewer than 2 characters falls through to the next one', () => {
    expect(suggestContactName('X', 'dana')).toBe('dana');
    expect(suggestContactName('!!', '7', 'Li Wei')).toBe('Li_Wei');
    expect(suggestContactName(undefined, '', 'dana')).toBe('dana');
  });

  it('undefined when no candidate works', () => {
    expect(suggestContactName()).toBeUndefined();
    expect(suggestContactName('1', '😀😀', '')).toBeUndefined();
  });

  it('cuts to 40 characters (Chinese and astral characters counted as one)', () => {
    expect(suggestContactName('a'.repeat(60))).toBe('a'.repeat(40));
    expect(suggestContactName('李'.repeat(50))).toBe('李'.repeat(40));
    expect(suggestContactName('\u{20000}'.repeat(50))).toBe('\u{20000}'.repeat(40));
  });

  it('property: every suggestion is a ContactName the schema accepts unchanged', () => {
    const unit = fc.oneof(
      fc.constantFrom(
        'a',
        'Z',
        '1',
        ' ',
        '.',
        '_',
        '-',
        '!',
        '李',
        '\u{20000}',
        'é',
        'Ａ',
        '😀',
        '\u200B',
        '\uD800',
        '\t',
        'ﬁ',
      ),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.string({ unit, maxLength: 60 }), { nil: undefined }), { maxLength: 3 }),
        (candidates) => {
          const name = suggestContactName(...candidates);
          if (name === undefined) return;
          const result = parseContact({ ContactName: name, Describe: 'x', Channels: { AliIM: 'im' } });
          expect(result.ok, name).toBe(true);
          if (result.ok) expect(result.contact.ContactName).toBe(name);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('langFromLocale', () => {
  it.each([
    ['zh-CN', 'zh-cn'],
    ['zh-cn', 'zh-cn'],
    ['en-US', 'en'],
    ['en-GB', 'en'],
    ['EN-us', 'en'],
    ['ja-JP', undefined],
    ['fr-FR', undefined],
    ['es-ES', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %j', (locale, expected) => {
    expect(langFromLocale(locale)).toBe(expected);
  });

  it('only ever returns a Lang PutContact accepts, or undefined (automatic)', () => {
    fc.assert(
      fc.property(fc.option(fc.string(), { nil: undefined }), (locale) => {
        expect([undefined, 'en', 'zh-cn']).toContain(langFromLocale(locale));
      }),
    );
  });
});
