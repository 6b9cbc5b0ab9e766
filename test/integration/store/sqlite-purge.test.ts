/** Expired rows are purged from the SQLite file in the background (issue 10: the file grew for ever). */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';
import { tempSqliteUrl } from '../../helpers/test-bot.js';

const fileOf = (url: string) => url.replace(/^sqlite:\/\//, '');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SQLite store: background purge of expired rows', () => {
  it('deletes keyv values past their TTL and leases past their expiry, and keeps the rest', async () => {
    const url = tempSqliteUrl();
    const store = await openSqliteStore(url, Date.now, undefined, { purgeEveryMs: 100 });
    try {
      for (let i = 0; i < 1_200; i += 1) await store.set(`dedupe:${i}`, { seen: true }, 50);
      await store.set('kept-forever', 'yes');
      await store.set('kept-for-now', 'yes', 60_000);
      await store.claim('lease:short', 'owner', 50);
      await store.claim('lease:forever', 'owner');
      await store.claim('lease:long', 'owner', 60_000);
      await sleep(600);
      const reader = new Database(fileOf(url), { readonly: true });
      const keys = (reader.prepare('SELECT key FROM keyv').all() as Array<{ key: string }>).map((row) =>
        row.key.replace(/^alert-contact:/, ''),
      );
      const leases = (reader.prepare('SELECT key FROM leases').all() as Array<{ key: string }>).map((row) => row.key);
      reader.close();
      expect(keys.sort()).toEqual(['kept-for-now', 'kept-forever']);
      expect(leases.sort()).toEqual(['lease:forever', 'lease:long']);
      expect(await store.get('kept-forever')).toBe('yes');
    } finally {
      await store.close();
    }
  });
});
