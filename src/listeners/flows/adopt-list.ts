import { createHash } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import pThrottle from 'p-throttle';
import type { AdoptPage, AdoptRow } from '../../blocks/adopt-list.js';
import type { AppDeps } from '../../compose.js';
import { normalizedChannel } from '../../requests/claim.js';

/** Contacts per page of the adopt list: one DescribeContactList page, and at most this many Slack lookups. */
export const ADOPT_PAGE_SIZE = 15;

/**
 * Most users.lookupByEmail calls started per minute: Slack's Tier 3 allows "50+" per minute per app per workspace
 * (https://docs.slack.dev/reference/methods/users.lookupByEmail,
 * https://docs.slack.dev/apis/web-api/rate-limits), so 50 in any sliding minute stays within it.
 */
export const LOOKUPS_PER_MINUTE = 50;

/** How long a lookup's answer (who has an e-mail address, or nobody) is reused, ms (an hour). */
export const LOOKUP_CACHE_TTL_MS = 60 * 60_000;

/** What the store remembers of one lookup: the user found, or none. */
interface LookupRecord {
  userId?: string;
  /** Deactivated, or a bot: never a match. */
  inactive?: boolean;
}

/** One limiter per app (AppDeps object): every lookup of the app shares the Tier 3 budget. */
const limiters = new WeakMap<object, <T>(work: () => Promise<T>) => Promise<T>>();

function limiterFor(deps: object): <T>(work: () => Promise<T>) => Promise<T> {
  let limiter = limiters.get(deps);
  if (!limiter) {
    const throttle = pThrottle({ limit: LOOKUPS_PER_MINUTE, interval: 60_000, strict: true });
    const run = throttle(<T>(work: () => Promise<T>) => work());
    limiter = <T>(work: () => Promise<T>) => run(work) as Promise<T>;
    limiters.set(deps, limiter);
  }
  return limiter;
}

/**
 * Who in Slack has `email` (users.lookupByEmail, scope users:read.email), remembered in the store for
 * {@link LOOKUP_CACHE_TTL_MS} under a hash of the address, and at most {@link LOOKUPS_PER_MINUTE} calls per minute
 * across the app (more wait their turn; a 429 is waited out by the Web API client's Retry-After handling).
 * @returns the lookup; `users_not_found` is a lookup with no user
 * @throws the Web API error for anything else (e.g. `ratelimited` after the client gave up)
 */
export async function lookupSlackUser(
  deps: Pick<AppDeps, 'store'>,
  client: webApi.WebClient,
  email: string,
): Promise<LookupRecord> {
  const key = `slack-email:${createHash('sha256').update(email.toLowerCase()).digest('hex')}`;
  const cached = await deps.store.get<LookupRecord>(key);
  if (cached) return cached;
  let record: LookupRecord;
  try {
    const { user } = await limiterFor(deps)(() => client.users.lookupByEmail({ email }));
    record = user?.id ? { userId: user.id, ...(user.deleted || user.is_bot ? { inactive: true } : {}) } : {};
  } catch (error) {
    if ((error as { data?: { error?: string } }).data?.error !== 'users_not_found') throw error;
    record = {};
  }
  await deps.store.set(key, record, LOOKUP_CACHE_TTL_MS);
  return record;
}

/**
 * One page of the adopt list: page `page` of DescribeContactList ({@link ADOPT_PAGE_SIZE} contacts, under the
 * CloudMonitor calls-per-second cap), the contacts owned through the bot left out (counted), each other one with
 * the Slack user its e-mail address matches, or why none: no address, nobody in Slack has it, that user is
 * deactivated, already has a contact through the bot, or has a request open.
 * @param page 1-based
 * @throws CmsError when CloudMonitor cannot be read
 */
export async function loadAdoptPage(deps: AppDeps, client: webApi.WebClient, page: number): Promise<AdoptPage> {
  const { contacts, total } = await deps.cms.listContactsPage(page, ADOPT_PAGE_SIZE);
  const owners = await Promise.all(contacts.map((contact) => deps.requests.ownerOf(contact.ContactName)));
  const unowned = contacts.filter((_, index) => owners[index] === undefined);
  const rows: AdoptRow[] = [];
  for (const contact of unowned) rows.push(await matchRow(deps, client, contact));
  return { page, pageSize: ADOPT_PAGE_SIZE, total, rows, ownedCount: contacts.length - unowned.length };
}

async function matchRow(deps: AppDeps, client: webApi.WebClient, contact: AdoptRow['contact']): Promise<AdoptRow> {
  const email = normalizedChannel('Mail', contact.Channels.Mail) ?? contact.Channels.Mail;
  if (!email) return { contact, reason: { code: 'noEmail' } };
  let found: LookupRecord;
  try {
    found = await lookupSlackUser(deps, client, email);
  } catch (error) {
    deps.logger.warn({ err: error, contactName: contact.ContactName }, 'users.lookupByEmail failed for the adopt list');
    return { contact, reason: { code: 'lookupFailed' } };
  }
  const userId = found.userId;
  if (!userId) return { contact, reason: { code: 'noSlackUser' } };
  if (found.inactive) return { contact, reason: { code: 'deactivated', userId } };
  const [registered, open] = await Promise.all([
    deps.requests.registeredContactOf(userId),
    deps.requests.openRequestOf(userId),
  ]);
  if (registered)
    return { contact, reason: { code: 'userHasContact', userId, contactName: registered.contact.ContactName } };
  if (open) return { contact, reason: { code: 'userHasRequest', userId } };
  return { contact, match: { userId } };
}
