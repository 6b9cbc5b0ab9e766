import { type Locale, localeFromSlack } from '../i18n/locale.js';
import type { PinoLogger } from '../log/logger.js';
import type { Store } from '../store/store.js';
import { within } from './ack-budgets.js';
import { createLookupClient } from './web-client.js';

/** How long a user's language is remembered, ms (Slack locale changes are rare). */
const REMEMBER_MS = 7 * 24 * 3_600_000;

/** Which language to speak to each Slack user: their Slack locale, remembered in the store. */
export interface LocaleResolver {
  /**
   * The user's language; English when Slack cannot say (never throws).
   * @param maxWaitMs answer English if the lookup takes longer (it still finishes and is remembered): for
   *        paths that must ack Slack within 3 s
   */
  of(userId: string, maxWaitMs?: number): Promise<Locale>;
  /** The language already remembered for the user (a store read only; English if none): for paths that ack Slack. */
  remembered(userId: string): Promise<Locale>;
  /** Remembers a locale already read from users.info (saves a call). */
  remember(userId: string, slackLocale: string | undefined): Promise<Locale>;
}

/**
 * Resolves languages from users.info with include_locale (Slack Web API; `locale` is only returned with it),
 * caching each user's in the store for 7 days. Failures (store, Slack) fall back to English and are logged at
 * warn with the user id.
 */
export function createLocaleResolver(
  store: Store,
  options: { token: string; slackApiUrl?: string; logger: Pick<PinoLogger, 'warn'> },
): LocaleResolver {
  const { logger } = options;
  const warn = (what: string, userId: string) => (error: unknown) => {
    logger.warn({ err: error, userId }, what);
    return undefined;
  };
  const client = createLookupClient(options);
  const key = (userId: string) => `locale:${userId}`;
  const resolver: LocaleResolver = {
    async remember(userId, slackLocale) {
      const locale = localeFromSlack(slackLocale);
      if (slackLocale)
        await store.set(key(userId), locale, REMEMBER_MS).catch(warn('could not remember the Slack language', userId));
      return locale;
    },
    async remembered(userId) {
      return (
        (await store
          .get<Locale>(key(userId))
          .catch(warn('could not read the remembered Slack language; using English', userId))) ?? 'en'
      );
    },
    async of(userId, maxWaitMs) {
      const lookup = (async (): Promise<Locale> => {
        const known = await store
          .get<Locale>(key(userId))
          .catch(warn('could not read the remembered Slack language', userId));
        if (known) return known;
        try {
          const { user } = await client.users.info({ user: userId, include_locale: true });
          return await resolver.remember(userId, user?.locale);
        } catch (error) {
          warn('could not read the Slack language (users.info); using English', userId)(error);
          return 'en';
        }
      })();
      if (maxWaitMs === undefined) return lookup;
      return (await within(lookup, maxWaitMs)) ?? 'en';
    },
  };
  return resolver;
}
