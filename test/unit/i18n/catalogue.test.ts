import { describe, expect, it } from 'vitest';
import { en } from '../../../src/i18n/en.js';
import { localeFromSlack, messages } from '../../../src/i18n/index.js';
import { zhCn } from '../../../src/i18n/zh-cn.js';

/** Every leaf of a catalogue as `path → value`. */
function leaves(value: unknown, path = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value))
      for (const [p, v] of leaves(child, path ? `${path}.${key}` : key)) out.set(p, v);
  } else {
    out.set(path, value);
  }
  return out;
}

const sample = (fn: (...args: string[]) => string) => fn(...Array.from({ length: fn.length }, (_, i) => `«${i}»`));

describe('message catalogues', () => {
  const english = leaves(en);
  const chinese = leaves(zhCn);

  it('have exactly the same keys in English and Simplified Chinese', () => {
    expect([...chinese.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('have the same kind of entry (text or function with the same parameters) under each key, never empty', () => {
    for (const [key, value] of english) {
      const other = chinese.get(key);
      expect(typeof other, key).toBe(typeof value);
      if (typeof value === 'function' && typeof other === 'function') {
        expect(other.length, key).toBe(value.length);
        const rendered = sample(other as (...args: string[]) => string);
        // Every parameter is used in the translation too.
        for (let i = 0; i < value.length; i += 1) expect(rendered, key).toContain(`«${i}»`);
      } else {
        expect(String(other).length, key).toBeGreaterThan(0);
      }
    }
  });

  it('translate: the Chinese texts are not the English ones (language names and proper nouns aside)', () => {
    const same = [...english]
      .filter(([key, value]) => typeof value === 'string' && chinese.get(key) === value)
      .map(([key]) => key);
    // Only the names of the languages themselves read the same in both.
    expect(same.filter((key) => !/^langs\.(en|zh-cn)$/.test(key))).toEqual([]);
  });

  it('follows the Slack locale, falling back to English', () => {
    expect(localeFromSlack('zh-CN')).toBe('zh-cn');
    expect(localeFromSlack('zh-TW')).toBe('zh-cn');
    expect(localeFromSlack('en-US')).toBe('en');
    expect(localeFromSlack('ja-JP')).toBe('en');
    expect(localeFromSlack(undefined)).toBe('en');
    expect(messages('zh-cn')).toBe(zhCn);
    expect(messages(undefined)).toBe(en);
  });
});
