/**
 * AuditLog (src/store/audit.ts) on each real store: appends stamped with the clock, queries by time range,
 * subject and limit in both orders, and the paged export iterator returning every entry exactly once even when
 * many share one millisecond across page boundaries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../src/store/audit.js';
import { createStore } from '../../../src/store/create-store.js';
import type { Store } from '../../../src/store/store.js';
import { freshRedisUrl, REDIS_URL } from '../../helpers/redis.js';
import { tempSqliteUrl } from '../../helpers/test-bot.js';

// Redis: a database of the run's own server that no other test file uses (the audit indexes have fixed names).
const backends: Array<[string, () => Promise<string>]> = [['sqlite', async () => tempSqliteUrl()]];
if (REDIS_URL) backends.push(['redis', freshRedisUrl]);

describe.each(backends)('AuditLog on %s', (_name, url) => {
  let store: Store;
  let clock = 0;
  let audit: AuditLog;
  /** The `detail` of every entry appended, in append order. */
  const appended: string[] = [];

  beforeAll(async () => {
    store = await createStore(await url());
    audit = new AuditLog(store, () => clock);
    // 1000–1004: one entry each; 2000: twelve entries in the same millisecond; 3000: two more.
    const at = [1000, 1001, 1002, 1003, 1004, ...Array.from({ length: 12 }, () => 2000), 3000, 3000];
    for (const [i, time] of at.entries()) {
      clock = time;
      const detail = `n${String(i).padStart(2, '0')}`;
      appended.push(detail);
      await audit.append({
        actor: 'bot',
        action: 'activation-check',
        subject: i % 3 === 0 ? 'U0THREE' : 'U0OTHER',
        detail,
        outcome: undefined,
      });
    }
  });
  afterAll(async () => {
    await store.close();
  });

  it('stamps entries with the clock and drops undefined fields', async () => {
    const [first] = await audit.list({ order: 'oldest-first', limit: 1 });
    expect(first).toEqual({ actor: 'bot', action: 'activation-check', subject: 'U0THREE', detail: 'n00', at: 1000 });
    expect(first && 'outcome' in first).toBe(false);
  });

  it('lists newest first by default, oldest first on request, within a time range, up to a limit', async () => {
    expect((await audit.list({ limit: 3 })).map((entry) => entry.at)).toEqual([3000, 3000, 2000]);
    expect((await audit.list({ limit: 3, order: 'oldest-first' })).map((entry) => entry.detail)).toEqual([
      'n00',
      'n01',
      'n02',
    ]);
    expect(
      (await audit.list({ since: 1002, until: 1004, order: 'oldest-first' })).map((entry) => entry.detail),
    ).toEqual(['n02', 'n03', 'n04']);
    expect(await audit.list({ since: 3001 })).toEqual([]);
    // Same-millisecond entries of one process keep their append order.
    expect(
      (await audit.list({ since: 2000, until: 2000, order: 'oldest-first' })).map((entry) => entry.detail),
    ).toEqual(appended.slice(5, 17));
    expect((await audit.list({ since: 2000, until: 2000 })).map((entry) => entry.detail)).toEqual(
      appended.slice(5, 17).reverse(),
    );
  });

  it('filters by subject', async () => {
    const three = await audit.list({ subject: 'U0THREE', order: 'oldest-first', limit: 100 });
    expect(three.map((entry) => entry.detail)).toEqual(appended.filter((_, i) => i % 3 === 0));
    expect(three.every((entry) => entry.subject === 'U0THREE')).toBe(true);
    expect(await audit.list({ subject: 'U0NOBODY' })).toEqual([]);
  });

  it.each([1, 2, 5, 500])('iterates every entry once, oldest first, with pages of %i', async (pageSize) => {
    const seen: string[] = [];
    for await (const entry of audit.entries({ pageSize })) seen.push(entry.detail ?? '');
    expect(seen).toEqual(appended);
    const since: string[] = [];
    for await (const entry of audit.entries({ since: 2000, pageSize })) since.push(entry.detail ?? '');
    expect(since).toEqual(appended.slice(5));
    const three: string[] = [];
    for await (const entry of audit.entries({ subject: 'U0THREE', pageSize })) three.push(entry.detail ?? '');
    expect(three).toEqual(appended.filter((_, i) => i % 3 === 0));
  });
});
