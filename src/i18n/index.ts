import { type Catalogue, en } from './en.js';
import type { Locale } from './locale.js';
import { zhCn } from './zh-cn.js';

export type { Catalogue } from './en.js';
export { LOCALES, type Locale, localeFromSlack } from './locale.js';

const CATALOGUES: Record<Locale, Catalogue> = { en, 'zh-cn': zhCn };

/** The catalogue for a language (English for anything unknown). */
export function messages(locale: Locale | undefined): Catalogue {
  return CATALOGUES[locale ?? 'en'] ?? en;
}
