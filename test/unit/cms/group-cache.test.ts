/**
 * The contact-group cache (src/cms/group-cache.ts): DescribeContactGroupList served for up to a minute, refreshed
 * in the background after 30 s (stale-while-revalidate; clock and ages injectable), one load shared by callers at the same time, failures not cached; one cache per CloudMonitor
 * client; and which groups count as self-service (allow-list, Slack option limits, stable order).
 */
import { describe, expect, it } from 'vitest';
import type { CmsClient, ContactGroup } from '../../../src/cms/client.js';
import {
  ContactGroupCache,
  GROUP_CACHE_REFRESH_AFTER_MS,
  GROUP_CACHE_TTL_MS,
  GROUP_NAME_MAX_CHARS,
  groupCacheFor,
  MAX_GROUP_OPTIONS,
  selfServiceGroupNames,
  suggestGroupNames,
} from '../../../src/cms/group-cache.js';

const group = (Name: string, Contacts: string[] = []): ContactGroup => ({
  Name,
  Describe: `${Name} rota`,
  EnableSubscribed: false,
  Contacts,
});

/** A stand-in for DescribeContactGroupList: answers from `groups`, counts calls, can be made to fail or wait. */
function source(initial: ContactGroup[]) {
  const state = {
    groups: initial,
    calls: 0,
    failNext: false,
    gate: undefined as Promise<void> | undefined,
    async load(): Promise<ContactGroup[]> {
      state.calls += 1;
      if (state.gate) await state.gate;
      if (state.failNext) {
        state.failNext = false;
        throw new Error('Throttling.User');
      }
      return state.groups.map((g) => ({ ...g, Contacts: [...g.Contacts] }));
    },
  };
  return state;
}

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('ContactGroupCache', () => {
  it('a group created in the console is served within a minute: refresh after 30 s, never older than 60 s', () => {
    expect(GROUP_CACHE_TTL_MS).toBe(60_000);
    expect(GROUP_CACHE_REFRESH_AFTER_MS).toBe(30_000);
  });

  it('serves a fresh list as is, serves a stale one at once while refreshing it, and waits only past the TTL', async () => {
    const cms = source([group('db-oncall')]);
    const time = clock();
    const cache = new ContactGroupCache(() => cms.load(), { now: time.now });
    expect(cache.peek()).toBeUndefined();
    expect((await cache.list()).map((g) => g.Name)).toEqual(['db-oncall']);
    cms.groups = [group('db-oncall'), group('web-oncall')];
    time.advance(GROUP_CACHE_REFRESH_AFTER_MS - 1);
    expect((await cache.list()).map((g) => g.Name)).toEqual(['db-oncall']);
    expect(cms.calls).toBe(1);
    // Stale: answered from the cache without waiting (the load is held), and one refresh starts.
    let open: () => void = () => {};
    cms.gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    time.advance(1);
    expect((await cache.list()).map((g) => g.Name)).toEqual(['db-oncall']);
    expect((await cache.list()).map((g) => g.Name)).toEqual(['db-oncall']);
    expect(cms.calls).toBe(2);
    open();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect((await cache.list()).map((g) => g.Name)).toEqual(['db-oncall', 'web-oncall']);
    expect(cache.peek()?.map((g) => g.Name)).toEqual(['db-oncall', 'web-oncall']);
    // Past the TTL nothing old is served: the caller waits for the load.
    cms.gate = undefined;
    cms.groups = [group('finance')];
    time.advance(GROUP_CACHE_TTL_MS);
    expect((await cache.list()).map((g) => g.Name)).toEqual(['finance']);
    expect(cms.calls).toBe(3);
  });

  it('a failed background refresh keeps the old list until the TTL', async () => {
    const cms = source([group('a')]);
    const time = clock();
    const cache = new ContactGroupCache(() => cms.load(), { now: time.now });
    await cache.list();
    cms.failNext = true;
    time.advance(GROUP_CACHE_REFRESH_AFTER_MS);
    expect((await cache.list()).map((g) => g.Name)).toEqual(['a']);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect((await cache.list()).map((g) => g.Name)).toEqual(['a']);
    expect(cms.calls).toBe(3);
  });

  it('listWithin: a slow reload past the budget serves the expired list, and the reload refills the cache for the next caller', async () => {
    const cms = source([group('db-oncall')]);
    const time = clock();
    const cache = new ContactGroupCache(() => cms.load(), { now: time.now });
    await cache.list();
    cms.groups = [group('db-oncall'), group('web-oncall')];
    time.advance(GROUP_CACHE_TTL_MS);
    let open: () => void = () => {};
    cms.gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    expect((await cache.listWithin(20)).map((g) => g.Name)).toEqual(['db-oncall']);
    expect(cms.calls).toBe(2);
    open();
    cms.gate = undefined;
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect((await cache.listWithin(20)).map((g) => g.Name)).toEqual(['db-oncall', 'web-oncall']);
    expect(cms.calls).toBe(2);
  });

  it('listWithin: a failed reload serves the expired list; with nothing ever loaded the failure or the timeout reaches the caller', async () => {
    const cms = source([group('a')]);
    const time = clock();
    const cache = new ContactGroupCache(() => cms.load(), { now: time.now });
    cms.failNext = true;
    await expect(cache.listWithin(20)).rejects.toThrow('Throttling.User');
    cms.gate = new Promise<void>(() => {});
    await expect(cache.listWithin(20)).rejects.toThrow('no answer within 20 ms');
    cms.gate = undefined;
    cache.clear();
    await cache.list();
    time.advance(GROUP_CACHE_TTL_MS);
    cms.failNext = true;
    expect((await cache.listWithin(20)).map((g) => g.Name)).toEqual(['a']);
  });

  it('honours an injected TTL', async () => {
    const cms = source([group('a')]);
    const time = clock();
    const cache = new ContactGroupCache(() => cms.load(), { now: time.now, ttlMs: 10 });
    await cache.list();
    time.advance(9);
    await cache.list();
    expect(cms.calls).toBe(1);
    time.advance(1);
    await cache.list();
    expect(cms.calls).toBe(2);
  });

  it('callers at the same time share one load', async () => {
    const cms = source([group('a')]);
    let open: () => void = () => {};
    cms.gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const cache = new ContactGroupCache(() => cms.load(), { now: clock().now });
    const pending = [cache.list(), cache.list(), cache.list()];
    open();
    const lists = await Promise.all(pending);
    expect(cms.calls).toBe(1);
    for (const list of lists) expect(list.map((g) => g.Name)).toEqual(['a']);
  });

  it('a failed load is not cached: the error reaches the caller and the next call asks again', async () => {
    const cms = source([group('a')]);
    const cache = new ContactGroupCache(() => cms.load(), { now: clock().now });
    cms.failNext = true;
    await expect(cache.list()).rejects.toThrow('Throttling.User');
    expect((await cache.list()).map((g) => g.Name)).toEqual(['a']);
    expect(cms.calls).toBe(2);
  });

  it('clear() makes the next call load again, and a load started before it does not refill the cache', async () => {
    const cms = source([group('a')]);
    const cache = new ContactGroupCache(() => cms.load(), { now: clock().now });
    await cache.list();
    cache.clear();
    await cache.list();
    expect(cms.calls).toBe(2);

    let open: () => void = () => {};
    cms.gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    cache.clear();
    const before = cache.list();
    cache.clear();
    open();
    expect((await before).map((g) => g.Name)).toEqual(['a']);
    cms.gate = undefined;
    cms.groups = [group('b')];
    expect((await cache.list()).map((g) => g.Name)).toEqual(['b']);
    expect(cms.calls).toBe(4);
  });

  it('callers cannot change the cached list', async () => {
    const cms = source([group('a', ['x'])]);
    const cache = new ContactGroupCache(() => cms.load(), { now: clock().now });
    const list = await cache.list();
    expect(() => (list as ContactGroup[]).push(group('evil'))).toThrow(TypeError);
    expect((await cache.list()).map((g) => g.Name)).toEqual(['a']);
  });
});

describe('groupCacheFor', () => {
  const client = (names: string[], counter: { calls: number }): CmsClient => ({
    async listContactGroups() {
      counter.calls += 1;
      return names.map((name) => group(name));
    },
    putContact: () => Promise.reject(new Error('not used')),
    describeContact: () => Promise.reject(new Error('not used')),
    deleteContact: () => Promise.reject(new Error('not used')),
    putContactGroup: () => Promise.reject(new Error('not used')),
    findContactsByChannel: () => Promise.reject(new Error('not used')),
    listContactsPage: () => Promise.reject(new Error('not used')),
  });

  it('one cache per CloudMonitor client: the same one for the same client, separate ones for separate apps', async () => {
    const first = { calls: 0 };
    const second = { calls: 0 };
    const cmsA = client(['a'], first);
    const cmsB = client(['b'], second);
    const time = clock();
    expect(groupCacheFor({ cms: cmsA, now: time.now })).toBe(groupCacheFor({ cms: cmsA, now: time.now }));
    expect(groupCacheFor({ cms: cmsA, now: time.now })).not.toBe(groupCacheFor({ cms: cmsB, now: time.now }));
    await groupCacheFor({ cms: cmsA, now: time.now }).list();
    await groupCacheFor({ cms: cmsA, now: time.now }).list();
    expect(first.calls).toBe(1);
    expect((await groupCacheFor({ cms: cmsB, now: time.now }).list()).map((g) => g.Name)).toEqual(['b']);
  });

  it("uses the app's clock for its refresh age", async () => {
    const counter = { calls: 0 };
    const cms = client(['a'], counter);
    const time = clock();
    await groupCacheFor({ cms, now: time.now }).list();
    time.advance(GROUP_CACHE_REFRESH_AFTER_MS - 1);
    await groupCacheFor({ cms, now: time.now }).list();
    expect(counter.calls).toBe(1);
    time.advance(1);
    await groupCacheFor({ cms, now: time.now }).list();
    expect(counter.calls).toBe(2);
  });
});

describe('selfServiceGroupNames', () => {
  const groups = ['web-oncall', 'db-oncall', 'Finance', 'db-oncall'].map((name) => group(name));

  it('without an allow-list: every group, once, in a stable (code unit) order', () => {
    expect(selfServiceGroupNames(groups, undefined)).toEqual(['Finance', 'db-oncall', 'web-oncall']);
  });

  it('with an allow-list: only listed groups that exist', () => {
    expect(selfServiceGroupNames(groups, ['db-oncall', 'ghost', 'web-oncall'])).toEqual(['db-oncall', 'web-oncall']);
    expect(selfServiceGroupNames(groups, ['ghost'])).toEqual([]);
    expect(selfServiceGroupNames([], undefined)).toEqual([]);
  });

  it('skips names that do not fit a Slack option, and keeps every group past 100 (the typeahead offers them)', () => {
    const long = 'g'.repeat(GROUP_NAME_MAX_CHARS + 1);
    const fits = 'g'.repeat(GROUP_NAME_MAX_CHARS);
    expect(selfServiceGroupNames([group(long), group(fits), group('')], undefined)).toEqual([fits]);
    const many = Array.from({ length: 150 }, (_, i) => group(`group-${String(i).padStart(3, '0')}`));
    const names = selfServiceGroupNames(many, undefined);
    expect(names).toHaveLength(150);
    expect(names[0]).toBe('group-000');
    expect(names.at(-1)).toBe('group-149');
  });
});

describe('suggestGroupNames', () => {
  const offered = Array.from({ length: 300 }, (_, i) => `hg_${String(i).padStart(3, '0')}`).concat([
    'DB-oncall',
    'web-db',
  ]);

  it('nothing typed: the first 100', () => {
    const names = suggestGroupNames(offered, '');
    expect(names).toHaveLength(MAX_GROUP_OPTIONS);
    expect(names[0]).toBe('hg_000');
  });

  it('filters case-insensitively, names starting with the text first, at most 100', () => {
    expect(suggestGroupNames(offered, 'hg_125')).toEqual(['hg_125']);
    expect(suggestGroupNames(offered, 'db')).toEqual(['DB-oncall', 'web-db']);
    expect(suggestGroupNames(offered, 'ＤＢ')).toEqual(['DB-oncall', 'web-db']);
    expect(suggestGroupNames(offered, 'hg_')).toHaveLength(MAX_GROUP_OPTIONS);
    expect(suggestGroupNames(offered, 'nothing')).toEqual([]);
  });
});
