import type { AppDeps } from '../compose.js';
import type { CmsClient, ContactGroup } from './client.js';

/** How long the contact form reuses CloudMonitor's list of contact groups, ms (3 minutes). */
export const GROUP_CACHE_TTL_MS = 3 * 60_000;

/**
 * Longest group name the form offers. The name is the option's `value` and `text`: Slack allows 75 characters of
 * option text and 150 of value (75 in older @slack/types), so 75 is safe for both (slack-platform.md §4).
 */
export const GROUP_NAME_MAX_CHARS = 75;

/** Most options a multi_static_select takes (slack-platform.md §4). */
export const MAX_GROUP_OPTIONS = 100;

export interface ContactGroupCacheOptions {
  /** How long a loaded list is reused, ms. Default {@link GROUP_CACHE_TTL_MS}. */
  ttlMs?: number;
  /** Epoch ms. Default Date.now. */
  now?: () => number;
}

/**
 * A per-process cache of DescribeContactGroupList (all pages) for the contact form's group options. Callers at the
 * same time share one load; a failed load is not cached (the next call tries again). Not for the approval path:
 * changing membership re-reads the group right before PutContactGroup (cms/group-membership.ts).
 */
export class ContactGroupCache {
  private readonly ttlMs: number;
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
    this.now = options.now ?? Date.now;
  }

  /**
   * The contact groups, at most `ttlMs` old (counted from when their load started).
   * @throws whatever the load throws (CmsError from the client); nothing is cached then
   */
  list(): Promise<readonly ContactGroup[]> {
    const startedAt = this.now();
    if (this.cached && startedAt - this.cached.loadedAt < this.ttlMs) return Promise.resolve(this.cached.groups);
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
 * The contact-group cache of this app's CloudMonitor client (created on first use with `deps.now` as its clock and
 * a {@link GROUP_CACHE_TTL_MS} lifetime).
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
 * sorted by name (UTF-16 code unit order, the same on every replica) and cut at {@link MAX_GROUP_OPTIONS}. The modal and the submission both use this, so a group the
 * form did not offer is never joined or left.
 * @param allowList `config.selfServiceGroups`; undefined = every group
 * @returns group names; [] when none qualify
 */
export function selfServiceGroupNames(groups: readonly ContactGroup[], allowList: readonly string[] | undefined): string[] {
  const names = new Set<string>();
  for (const group of groups) {
    const name = group.Name;
    if (name === '' || name.length > GROUP_NAME_MAX_CHARS) continue; // UTF-16 units: Slack's count is never larger
    if (allowList && !allowList.includes(name)) continue;
    names.add(name);
  }
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).slice(0, MAX_GROUP_OPTIONS);
}
