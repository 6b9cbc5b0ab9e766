import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../../src/store/create-store.js';
import type { Store } from '../../../src/store/store.js';
import { MemoryStore } from '../../fakes/memory-store.js';
import { freshRedisUrl, REDIS_URL } from '../../helpers/redis.js';
import { tempSqliteUrl } from '../../helpers/test-bot.js';

/** Every store kind the contract holds for: the two real ones and the in-memory fake the unit tests use. */
const backends: Array<[string, () => Promise<Store>]> = [
  ['sqlite', () => createStore(tempSqliteUrl())],
  ['memory', async () => new MemoryStore()],
];
if (REDIS_URL) backends.push(['redis', async () => createStore(await freshRedisUrl())]);

describe.each(backends)('store contract on %s', (_name, open) => {
  let store: Store;
  const key = (suffix: string) => `test:${randomBytes(4).toString('hex')}:${suffix}`;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store.close();
  });

  it('gets, sets with TTL, and deletes JSON values', async () => {
    const k = key('value');
    await store.set(k, { a: 1, list: ['x'] });
    expect(await store.get(k)).toEqual({ a: 1, list: ['x'] });
    await store.delete(k);
    expect(await store.get(k)).toBeUndefined();
    const short = key('ttl');
    await store.set(short, 'soon gone', 50);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await store.get(short)).toBeUndefined();
  });

  it('grants a lease to exactly one of many concurrent claimers', async () => {
    const k = key('lease');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.claim(k, `owner-${i}`)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = `owner-${results.indexOf(true)}`;
    expect(await store.holder(k)).toBe(winner);
    expect(await store.claim(k, winner)).toBe(true); // re-entrant for its holder
    await store.release(k, 'someone-else');
    expect(await store.holder(k)).toBe(winner);
    await store.release(k, winner);
    expect(await store.claim(k, 'owner-x')).toBe(true);
  });

  it('lets an expired lease be taken over', async () => {
    const k = key('expiring');
    expect(await store.claim(k, 'a', 60)).toBe(true);
    expect(await store.claim(k, 'b', 60)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await store.claim(k, 'b', 60)).toBe(true);
  });

  it('returns due members of a sorted index, lowest score first, up to a limit', async () => {
    const index = key('sorted');
    await Promise.all([
      store.zadd(index, 'c', 30),
      store.zadd(index, 'a', 10),
      store.zadd(index, 'b', 20),
      store.zadd(index, 'later', 1000),
    ]);
    expect(await store.zrangeByScore(index, 25, 10)).toEqual([
      { member: 'a', score: 10 },
      { member: 'b', score: 20 },
    ]);
    expect((await store.zrangeByScore(index, 100, 2)).map((row) => row.member)).toEqual(['a', 'b']);
    await store.zadd(index, 'a', 500);
    await store.zrem(index, 'b');
    expect((await store.zrangeByScore(index, 100, 10)).map((row) => row.member)).toEqual(['c']);
    await store.ping();
  });

  it('returns members between two scores (inclusive), either order, up to a limit; ties in member order', async () => {
    const index = key('between');
    await Promise.all([
      store.zadd(index, 'a', 10),
      store.zadd(index, 'b', 20),
      store.zadd(index, 'c2', 30),
      store.zadd(index, 'c1', 30),
      store.zadd(index, 'd', 40),
      store.zadd(index, 'e', 50),
    ]);
    expect(await store.zrangeBetween(index, 20, 40, 10)).toEqual([
      { member: 'b', score: 20 },
      { member: 'c1', score: 30 },
      { member: 'c2', score: 30 },
      { member: 'd', score: 40 },
    ]);
    expect((await store.zrangeBetween(index, 20, 40, 10, 'desc')).map((row) => row.member)).toEqual([
      'd',
      'c2',
      'c1',
      'b',
    ]);
    expect((await store.zrangeBetween(index, 0, Number.MAX_SAFE_INTEGER, 2, 'desc')).map((row) => row.member)).toEqual([
      'e',
      'd',
    ]);
    expect((await store.zrangeBetween(index, 15, 35, 2, 'asc')).map((row) => row.member)).toEqual(['b', 'c1']);
    expect(await store.zrangeBetween(index, 41, 49, 10)).toEqual([]);
    expect(await store.zrangeBetween(key('missing'), 0, 100, 10, 'desc')).toEqual([]);
    await store.zrem(index, 'd');
    expect((await store.zrangeBetween(index, 30, 50, 10, 'desc')).map((row) => row.member)).toEqual(['e', 'c2', 'c1']);
  });

  it('applies a batch of writes in order, readable through the single-write API', async () => {
    const [kept, gone, expiring, index] = [key('batch-kept'), key('batch-gone'), key('batch-ttl'), key('batch-index')];
    await store.set(gone, 'before');
    await store.zadd(index, 'old', 1);
    await store.batch([
      { op: 'set', key: kept, value: { n: 1 } },
      { op: 'set', key: kept, value: { n: 2, list: ['x'] } },
      { op: 'delete', key: gone },
      { op: 'set', key: expiring, value: 'soon gone', ttlMs: 50 },
      { op: 'zadd', index, member: 'a', score: 10 },
      { op: 'zadd', index, member: 'b', score: 20 },
      { op: 'zrem', index, member: 'old' },
      { op: 'zadd', index, member: 'a', score: 30 },
    ]);
    expect(await store.get(kept)).toEqual({ n: 2, list: ['x'] });
    expect(await store.get(gone)).toBeUndefined();
    expect(await store.get(expiring)).toBe('soon gone');
    expect(await store.zrangeByScore(index, 100, 10)).toEqual([
      { member: 'b', score: 20 },
      { member: 'a', score: 30 },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await store.get(expiring)).toBeUndefined();
    await store.batch([]);
  });

  it('writes nothing of a batch whose value cannot be encoded', async () => {
    const [first, index] = [key('batch-none'), key('batch-none-index')];
    await expect(
      store.batch([
        { op: 'set', key: first, value: 'fine' },
        { op: 'zadd', index, member: 'a', score: 1 },
        { op: 'set', key: key('bigint'), value: { n: 1n } },
      ]),
    ).rejects.toThrow();
    expect(await store.get(first)).toBeUndefined();
    expect(await store.zrangeByScore(index, 100, 10)).toEqual([]);
  });
});

describe('store contract on sqlite: batches', () => {
  it('rolls a batch back when a write fails inside the transaction', async () => {
    const store = await createStore(tempSqliteUrl());
    try {
      await expect(
        store.batch([
          { op: 'set', key: 'k1', value: 'one' },
          { op: 'zadd', index: 'i', member: 'a', score: 1 },
          // score NOT NULL: SQLite refuses NaN (bound as NULL) after the first two writes ran
          { op: 'zadd', index: 'i', member: 'b', score: Number.NaN },
        ]),
      ).rejects.toThrow(/NOT NULL/);
      expect(await store.get('k1')).toBeUndefined();
      expect(await store.zrangeByScore('i', 100, 10)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

describe('store contract on memory: the fake refuses what the real stores refuse', () => {
  it('writes nothing of a batch with a NaN score (SQLite: NOT NULL; Redis: not a valid float)', async () => {
    const store = new MemoryStore();
    await expect(
      store.batch([
        { op: 'set', key: 'k1', value: 'one' },
        { op: 'zadd', index: 'i', member: 'a', score: 1 },
        { op: 'zadd', index: 'i', member: 'b', score: Number.NaN },
      ]),
    ).rejects.toThrow(/NaN/);
    expect(await store.get('k1')).toBeUndefined();
    expect(await store.zrangeByScore('i', 100, 10)).toEqual([]);
    await expect(store.zadd('i', 'c', Number.NaN)).rejects.toThrow(/NaN/);
  });

  it('measures leases and value TTLs on its clock, and rejects every call once closed', async () => {
    let now = 1_000;
    const store = new MemoryStore(() => now);
    await store.set('v', { n: 1 }, 100);
    expect(await store.claim('lease', 'a', 100)).toBe(true);
    now += 99;
    expect(await store.get('v')).toEqual({ n: 1 });
    expect(await store.claim('lease', 'b', 100)).toBe(false);
    now += 1;
    expect(await store.get('v')).toBeUndefined();
    expect(await store.holder('lease')).toBeUndefined();
    expect(await store.claim('lease', 'b', 100)).toBe(true);
    await store.close();
    await expect(store.get('v')).rejects.toThrow(/closed/);
    await expect(store.claim('lease', 'b')).rejects.toThrow(/closed/);
  });
});
