/**
 * Masking for logs and Slack messages (src/contact/mask.ts). Rules from the issue: phone numbers masked except the
 * last 4 digits; e-mails keep the domain and hide the local part; a DingTalk webhook's access_token is a credential.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hideWebhookToken, maskEmail, maskPhone, maskWebhook } from '../../../src/contact/mask.js';

describe('maskPhone', () => {
  it('keeps only the last 4 digits of a mainland mobile', () => {
    const masked = maskPhone('13800001234');
    expect(masked.endsWith('1234')).toBe(true);
    expect(masked.replace(/\*/g, '')).toBe('1234');
    expect(masked).toHaveLength(11);
  });

  it('masks every spelling the same way (separators and +86 do not leak digits)', () => {
    for (const phone of ['+86 138 0000 1234', '138-0000-1234', '(138) 0000 1234']) {
      const masked = maskPhone(phone);
      expect(masked.replace(/\*/g, ''), phone).toBe('1234');
      expect(masked).toMatch(/^\*+1234$/);
    }
  });

  it('reveals no digit at all when there are 4 or fewer', () => {
    expect(maskPhone('1234')).toBe('****');
    expect(maskPhone('12')).toBe('**');
    expect(maskPhone('')).toBe('');
  });

  it('property: never shows more than the last 4 digits, in order', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('0', '1', '5', '9', ' ', '-', '+', '(', ')'), maxLength: 30 }),
        (phone) => {
          const digits = phone.replace(/\D/g, '');
          const masked = maskPhone(phone);
          const shown = masked.replace(/\*/g, '');
          expect(shown.length).toBeLessThanOrEqual(4);
          expect(digits.endsWith(shown)).toBe(true);
          expect(masked).toMatch(/^\**\d*$/);
          if (digits.length > 4) expect(shown).toBe(digits.slice(-4));
        },
      ),
    );
  });
});

describe('maskEmail', () => {
  it('keeps the first character and the domain, hides the rest of the local part', () => {
    expect(maskEmail('dana.ops@example.com')).toBe('d***@example.com');
    expect(maskEmail('a@b.cn')).toBe('a***@b.cn');
  });

  it('does not reveal the local part’s length', () => {
    expect(maskEmail('ab@example.com').length).toBe(maskEmail('abcdefghij@example.com').length);
  });

  it('uses the last @ (the domain is what follows it)', () => {
    const masked = maskEmail('"odd@local"@example.com');
    expect(masked.endsWith('@example.com')).toBe(true);
    expect(masked).not.toContain('local');
  });

  it('hides everything when there is no usable @', () => {
    for (const text of ['dana', '@example.com', '']) expect(maskEmail(text), text).toBe('***');
  });

  // BUG (reported): the first "character" is taken as one UTF-16 unit, so a local part starting with an astral
  // character (emoji, CJK Extension B) leaves a lone surrogate in the output, i.e. a broken character in the log line
  // or message. Expected: the whole first character (or nothing) is kept.
  it('never produces a lone surrogate (astral first character)', () => {
    const masked = maskEmail('😀dana@example.com');
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(masked)).toBe(false);
  });
});

describe('maskWebhook', () => {
  const token = '7d49515e8ebf21106a80a9cc4bb3d247771305d52fb15d6201234565';

  it('shortens the access_token so the full credential is never shown', () => {
    const masked = maskWebhook(`https://oapi.dingtalk.com/robot/send?access_token=${token}`);
    expect(masked).not.toContain(token);
    expect(masked.startsWith('https://oapi.dingtalk.com/robot/send?access_token=')).toBe(true);
    // at most a short prefix of the token survives
    const shown = masked.slice('https://oapi.dingtalk.com/robot/send?access_token='.length).replace('…', '');
    expect(token.startsWith(shown)).toBe(true);
    expect(shown.length).toBeLessThanOrEqual(4);
  });

  it('keeps other query parameters', () => {
    const masked = maskWebhook(`https://oapi.dingtalk.com/robot/send?access_token=${token}&timestamp=1700000000000`);
    expect(masked).not.toContain(token);
    expect(masked).toContain('&timestamp=1700000000000');
  });

  it('leaves a URL without access_token unchanged', () => {
    expect(maskWebhook('https://oapi.dingtalk.com/robot/send')).toBe('https://oapi.dingtalk.com/robot/send');
  });

  // BUG (reported, low): only the first access_token is masked. The schema accepts a webhook with two of them
  // (it reads the first), and the second then appears in full in the admin message.
  it('masks every access_token in the URL', () => {
    const masked = maskWebhook(`https://oapi.dingtalk.com/robot/send?access_token=first123456&access_token=${token}`);
    expect(masked).not.toContain(token);
  });
});

// Issue 13: admins saw the first 4 characters of the token; nothing of it is shown to them now.
describe('hideWebhookToken (what admins see)', () => {
  const token = '7d49515e8ebf21106a80a9cc4bb3d247771305d52fb15d6201234565';
  const base = 'https://oapi.dingtalk.com/robot/send';

  it('shows scheme, host, path and the parameter name, none of the token', () => {
    expect(hideWebhookToken(`${base}?access_token=${token}`)).toBe(`${base}?access_token=…`);
  });

  it('hides every access_token and every other value, including timestamp and sign', () => {
    expect(
      hideWebhookToken(`${base}?access_token=first123456&access_token=${token}&timestamp=1700000000000&sign=abc%3D`),
    ).toBe(`${base}?access_token=…&access_token=…&timestamp=…&sign=…`);
  });

  it('hides names it does not know too (a percent-encoded access%5Ftoken is still the token), and the fragment', () => {
    const hidden = hideWebhookToken(`${base}?access%5Ftoken=${token}&${token}&x=1#${token}`);
    expect(hidden).toBe(`${base}?…&…&…`);
    expect(hideWebhookToken(`${base}#${token}`)).toBe(`${base}#…`);
  });

  it('property: no 4 consecutive characters of the token survive, whatever surrounds it', () => {
    fc.assert(
      // Token characters that spell no 4 characters of the names shown (access_token, timestamp, sign).
      fc.property(
        fc.string({ maxLength: 20 }),
        fc.stringMatching(/^[0-9bd]{8,64}$/),
        fc.string({ maxLength: 20 }),
        (before, secret, after) => {
          const hidden = hideWebhookToken(`${base}?${before}access_token=${secret}${after.replace(/[0-9bd]/g, '')}`);
          for (let i = 0; i + 4 <= secret.length; i += 1) expect(hidden).not.toContain(secret.slice(i, i + 4));
        },
      ),
    );
  });

  it('leaves a URL without a query or fragment unchanged', () => {
    expect(hideWebhookToken(base)).toBe(base);
  });
});
