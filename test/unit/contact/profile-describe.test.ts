/**
 * The Description prefilled from a Slack profile (src/contact/profile-describe.ts), issue 13: in Chinese it read
 * "…。 (via Slack)" (an English suffix after a full stop and a space). Now the person's language decides the
 * joiner and the suffix, trailing punctuation is dropped, and the result stays within Describe's bound.
 */
import { describe, expect, it } from 'vitest';
import { describeFromProfile } from '../../../src/contact/profile-describe.js';
import { DESCRIBE_MAX_CHARS, parseContact } from '../../../src/contact/schema.js';

describe('describeFromProfile', () => {
  it.each([
    ['en', ['Dana Ops', 'DBA'], 'Dana Ops, DBA (via Slack)'],
    ['en', ['Dana Ops', undefined], 'Dana Ops (via Slack)'],
    ['en', ['Dana Ops', 'DBA.'], 'Dana Ops, DBA (via Slack)'],
    ['zh-cn', ['李伟', undefined], '李伟（通过 Slack）'],
    ['zh-cn', ['李伟', '运维工程师'], '李伟，运维工程师（通过 Slack）'],
    ['zh-cn', ['王芳', '数据库管理员。'], '王芳，数据库管理员（通过 Slack）'],
    ['zh-cn', ['王芳', '数据库管理员。 '], '王芳，数据库管理员（通过 Slack）'],
    ['zh-cn', ['王芳。', '  '], '王芳（通过 Slack）'],
    ['zh-cn', [undefined, 'SRE'], 'SRE（通过 Slack）'],
  ] as const)('%s %j → %j', (locale, parts, expected) => {
    expect(describeFromProfile(locale, ...parts)).toBe(expected);
  });

  it('no space before or after the full-width suffix, no "。 " anywhere in Chinese', () => {
    const text = describeFromProfile('zh-cn', '李伟', '运维。') ?? '';
    expect(text).not.toMatch(/\s（|。\s|。（|\(via Slack\)/);
    expect(text.endsWith('（通过 Slack）')).toBe(true);
  });

  it('undefined when the profile has no text', () => {
    expect(describeFromProfile('en')).toBeUndefined();
    expect(describeFromProfile('zh-cn', '', undefined, '  ', '。')).toBeUndefined();
  });

  it(`stays within ${DESCRIBE_MAX_CHARS} characters (astral ones counted as one) and passes the schema`, () => {
    for (const locale of ['en', 'zh-cn'] as const) {
      const text = describeFromProfile(locale, '😀'.repeat(300), '值'.repeat(10)) ?? '';
      expect([...text].length).toBe(DESCRIBE_MAX_CHARS);
      const parsed = parseContact({ ContactName: 'dana', Describe: text, Channels: { AliIM: 'x' } });
      expect(parsed.ok).toBe(true);
    }
  });
});
