/** English texts: the `langs` surface (part of the English catalogue, src/i18n/en.ts). */
export const langs = { auto: 'automatic', en: 'English', 'zh-cn': '简体中文' };
