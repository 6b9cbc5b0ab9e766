import type { AppDeps } from '../compose.js';
import type { CmsClient, ContactGroup } from './client.js';

/**
 * The oldest list of contact groups the form is ever given, ms (1 minute): a group created in the console is
 * offered within a minute.
 */
export const GROUP_CACHE_TTL_MS = 60_000;

/**
 * Age after which a list is refreshed in the background while it keeps being served (stale-while-revalidate,
 * RFC 5861's idea), ms (30 s): callers between this and {@link GROUP_CACHE_TTL_MS} never wait for CloudMonitor.
 */
export const GROUP_CACHE_REFRESH_AFTER_MS = 30_000;

/**
 * Longest group name the form offers. The name is the option's `value` and `text`: Slack allows 75 characters of
 * option text and 150 of value (75 in older @slack/types), so 75 is safe for both (Slack's option object:
 * https://docs.slack.dev/reference/block-kit/composition-objects/option-object).
 */
export const GROUP_NAME_MAX_CHARS = 75;

/**
 * Most options a multi_static_select takes, and most options one `block_suggestion` answer may hold: 100
 * (https://docs.slack.dev/reference/block-kit/block-elements/multi-select-menu-element). Past this many
 * self-service groups the form's group input becomes a multi_external_select (a typeahead).
 */
export const MAX_GROUP_OPTIONS = 100;

export interface ContactGroupCacheOptions {
  /** The oldest list {@link ContactGroupCache.list} returns, ms. Default {@link GROUP_CACHE_TTL_MS}. */
  ttlMs?: number;
  /** Age after which a list is refreshed in the background while served, ms. Default {@link GROUP_CACHE_REFRESH_AFTER_MS} (at most ttlMs). */
  refreshAfterMs?: number;
  /** Epoch ms. Default Date.now. */
  now?: () => number;
}

/**
 * A per-process cache of DescribeContactGroupList (all pages) for the contact form's group options,
 * stale-while-revalidate: a list younger than `refreshAfterMs` is served as is; one between `refreshAfterMs` and
 * `ttlMs` is served at once while a background load replaces it; an older one is not served ({@link list} waits
 * for a load). Callers at the same time share one load; a failed load is not cached (the next call tries again;
 * a failed background refresh keeps the old list until `ttlMs`). Not for the approval path:
 * changing membership re-reads the group right before PutContactGroup (cms/group-membership.ts).
 */
export class ContactGroupCache {
  private readonly ttlMs: number;
  private readonly refreshAfterMs: number;
  private readonly now: () => number;
  private cached: { groups: readonly ContactGroup[]; loadedAt: number } | undefined;
  private loading: Promise<readonly ContactGroup[]> | undefined;
  /** Bumped by clear(): a load started before it does not fill the cache. */
  private generation = 0;

  /** @param load usually `() => cms.listContactGroups()`; throws as it does */
  constructor(
    private readonly load: () => Promise<readonly ContactGroup[]>,
    options: ContactGroupCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? GROUP_CACHE_TTL_MS;
    this.refreshAfterMs = Math.min(options.refreshAfterMs ?? GROUP_CACHE_REFRESH_AFTER_MS, this.ttlMs);
    this.now = options.now ?? Date.now;
  }

  /**
   * The contact groups, at most `ttlMs` old (counted from when their load started); past `refreshAfterMs` the
   * cached list is returned and a refresh starts in the background.
   * @throws whatever the load throws (CmsError from the client) when there is no list young enough to serve
   */
  list(): Promise<readonly ContactGroup[]> {
    const startedAt = this.now();
    if (this.cached) {
      const age = startedAt - this.cached.loadedAt;
      if (age < this.refreshAfterMs) return Promise.resolve(this.cached.groups);
      if (age < this.ttlMs) {
        this.refresh(startedAt).catch(() => {}); // a failed refresh keeps the old list; the next caller tries again
        return Promise.resolve(this.cached.groups);
      }
    }
    return this.refresh(startedAt);
  }

  /**
   * The last list loaded, whatever its age, without asking CloudMonitor; undefined before the first load. For
   * answers that must come at once (a `block_suggestion`) when {@link list} is slow.
   */
  peek(): readonly ContactGroup[] | undefined {
    return this.cached?.groups;
  }

  /** Starts a load unless one is in flight; resolves with its list. */
  private refresh(startedAt: number): Promise<readonly ContactGroup[]> {
    if (this.loading) return this.loading;
    const generation = this.generation;
    const loading = this.load()
      .then((groups) => {
        const frozen = Object.freeze([...groups]);
        if (generation === this.generation) this.cached = { groups: frozen, loadedAt: startedAt };
        return frozen;
      })
      .finally(() => {
        if (this.loading === loading) this.loading = undefined;
      });
    this.loading = loading;
    return loading;
  }

  /**
   * The list as fresh as can be had within `budgetMs`: the cached one within its lifetime, else a new load if it
   * answers in time, else the last list loaded, however old (stale while revalidating: the load goes on and fills
   * the cache for the next caller). For work that must fit in Slack's 3 s when CloudMonitor is slow.
   * @param budgetMs how long to wait for a load, ms
   * @throws the load's error, or `no answer within <budgetMs> ms`, when no list was ever loaded
   */
  async listWithin(budgetMs: number): Promise<readonly ContactGroup[]> {
    const stale = this.cached?.groups;
    const loading = this.list();
    if (!stale) return raceBudget(loading, budgetMs);
    loading.catch(() => {}); // the stale list answers; a failed refresh is retried by the next caller
    try {
      return await raceBudget(loading, budgetMs);
    } catch {
      return stale;
    }
  }

  /** Forgets the cached list (and any load in flight), so the next {@link list} asks CloudMonitor again. */
  clear(): void {
    this.generation += 1;
    this.cached = undefined;
    this.loading = undefined;
  }
}

/** `work`'s value if it settles within `ms`, else a rejection `no answer within <ms> ms` (the work goes on). */
async function raceBudget<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** One cache per CloudMonitor client, so every handler of one app shares it and separate apps (tests) do not. */
const caches = new WeakMap<CmsClient, ContactGroupCache>();

/**
 * The contact-group cache of this app's CloudMonitor client (created on first use with `deps.now` as its clock,
 * refreshed after {@link GROUP_CACHE_REFRESH_AFTER_MS}, never older than {@link GROUP_CACHE_TTL_MS}).
 */
export function groupCacheFor(deps: Pick<AppDeps, 'cms' | 'now'>): ContactGroupCache {
  let cache = caches.get(deps.cms);
  if (!cache) {
    const { cms } = deps;
    cache = new ContactGroupCache(() => cms.listContactGroups(), { now: deps.now });
    caches.set(cms, cache);
  }
  return cache;
}

/**
 * The contact groups people may join or leave through the form: groups that exist, limited to the
 * SELF_SERVICE_GROUPS allow-list when it is set, whose names fit a Slack option ({@link GROUP_NAME_MAX_CHARS});
 * sorted by name (UTF-16 code unit order, the same on every replica). All of them, however many: the modal shows
 * up to {@link MAX_GROUP_OPTIONS} as a static select and more as a typeahead (listeners/options/contact-groups.ts),
 * which answers from this same list. The modal, the typeahead and the submission all use this, so a group the
 * form did not offer is never joined or left.
 * @param allowList `config.selfServiceGroups`; undefined = every group
 * @returns group names; [] when none qualify
 */
export function selfServiceGroupNames(
  groups: readonly ContactGroup[],
  allowList: readonly string[] | undefined,
): string[] {
  const names = new Set<string>();
  for (const group of groups) {
    const name = group.Name;
    if (name === '' || name.length > GROUP_NAME_MAX_CHARS) continue; // UTF-16 units: Slack's count is never larger
    if (allowList && !allowList.includes(name)) continue;
    names.add(name);
  }
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The typeahead's answer to what a person typed into the groups input: the offered names containing `typed`
 * (case-insensitive, NFKC; names starting with it first, each part in the offered order), at most `limit`.
 * An empty `typed` gives the first `limit` names.
 * @param offered {@link selfServiceGroupNames}' result (the allow-list already applied)
 * @param typed the `value` of Slack's `block_suggestion` payload (untrusted; only compared)
 * @param limit most names (Slack takes at most {@link MAX_GROUP_OPTIONS} options per answer)
 */
export function suggestGroupNames(offered: readonly string[], typed: string, limit = MAX_GROUP_OPTIONS): string[] {
  const fold = (text: string) => text.normalize('NFKC').toLowerCase();
  const query = fold(typed.trim());
  if (query === '') return offered.slice(0, limit);
  const starting: string[] = [];
  const containing: string[] = [];
  for (const name of offered) {
    const folded = fold(name);
    if (folded.startsWith(query)) starting.push(name);
    else if (folded.includes(query)) containing.push(name);
    if (starting.length >= limit) break;
  }
  return [...starting, ...containing].slice(0, limit);
}
