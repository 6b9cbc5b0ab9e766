import type { en } from '../en.js';

/** 简体中文: the `langs` surface (same keys as src/i18n/en/langs.ts). */
export const langs: (typeof en)['langs'] = { auto: '自动', en: 'English', 'zh-cn': '简体中文' };
