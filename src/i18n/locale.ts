/** The languages the bot speaks (its own messages; not the contact's Lang for CloudMonitor's alerts). */
export const LOCALES = ['en', 'zh-cn'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * A Slack user locale (users.info with include_locale, e.g. `zh-CN`, `en-US`, `ja-JP`) → the bot's language:
 * Chinese locales get Simplified Chinese, everything else English.
 */
export function localeFromSlack(slackLocale: string | undefined): Locale {
  return slackLocale && /^zh/i.test(slackLocale) ? 'zh-cn' : 'en';
}
