import type { PinoLogger } from '../log/logger.js';
import type { Store } from '../store/store.js';
import { createLookupClient } from './web-client.js';

/**
 * How long a Slack profile is kept without a `user_change` event refreshing it, ms (1 day): the fallback for a
 * missed event. Slack sends `user_change` whenever a member's profile changes
 * (https://docs.slack.dev/reference/events/user_change), and the app subscribes to it.
 */
export const PROFILE_TTL_MS = 24 * 3_600_000;

/** The part of a Slack user (users.info `user`, or a `user_change` event's `user`) the form's prefill reads. */
export interface SlackUser {
  id?: string;
  name?: string;
  real_name?: string;
  deleted?: boolean;
  /** Only in users.info answers asked with include_locale. */
  locale?: string;
  profile?: { real_name?: string; display_name?: string; email?: string; phone?: string; title?: string };
}

/** Slack users' profiles, kept in the store so a person the bot has seen costs no users.info. */
export interface ProfileCache {
  /**
   * The user's profile: the stored one, or users.info with include_locale (then stored for {@link PROFILE_TTL_MS}).
   * @throws the Web API error when users.info fails and nothing is stored
   */
  of(userId: string): Promise<SlackUser>;
  /**
   * Stores a profile Slack sent in a `user_change` event. The event carries no `locale` (users.info returns it
   * only with include_locale), so a stored one is kept.
   */
  remember(user: SlackUser): Promise<void>;
}

/**
 * Creates the profile cache on the store, with its own WebClient for users.info (one retry). Store failures fall
 * back to users.info and are logged at warn.
 */
export function createProfileCache(
  store: Store,
  options: { token: string; slackApiUrl?: string; logger: Pick<PinoLogger, 'warn'> },
): ProfileCache {
  const client = createLookupClient(options);
  const key = (userId: string) => `profile:${userId}`;
  const keep = (user: SlackUser): SlackUser => ({
    id: user.id,
    name: user.name,
    real_name: user.real_name,
    deleted: user.deleted,
    locale: user.locale,
    profile: {
      real_name: user.profile?.real_name,
      display_name: user.profile?.display_name,
      email: user.profile?.email,
      phone: user.profile?.phone,
      title: user.profile?.title,
    },
  });
  const warn = (what: string, userId: string | undefined) => (error: unknown) => {
    options.logger.warn({ err: error, userId }, what);
    return undefined;
  };
  return {
    async of(userId) {
      const stored = await store
        .get<SlackUser>(key(userId))
        .catch(warn('could not read a stored Slack profile', userId));
      if (stored) return stored;
      const { user } = await client.users.info({ user: userId, include_locale: true });
      const profile = keep({ ...(user as SlackUser), id: userId });
      await store.set(key(userId), profile, PROFILE_TTL_MS).catch(warn('could not store a Slack profile', userId));
      return profile;
    },
    async remember(user) {
      if (!user.id) return;
      const stored = await store
        .get<SlackUser>(key(user.id))
        .catch(warn('could not read a stored Slack profile', user.id));
      const next = keep({ ...user, locale: user.locale ?? stored?.locale });
      await store.set(key(user.id), next, PROFILE_TTL_MS).catch(warn('could not store a Slack profile', user.id));
    },
  };
}
