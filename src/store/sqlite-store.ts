import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import { keyvValues } from './keyv-values.js';
import type { Store } from './store.js';

const FOREVER = Number.MAX_SAFE_INTEGER;

/**
 * Opens the embedded SQLite store (keyv + @keyv/sqlite). Leases and sorted indexes live in two extra tables in
 * the same file, written with single statements (`INSERT … ON CONFLICT … RETURNING`), which SQLite applies
 * atomically.
 * @param url `sqlite://<path>`; the file's directory is created if missing. `sqlite://:memory:` works for tests.
 */
export async function openSqliteStore(url: string, now: () => number = Date.now): Promise<Store> {
  const file = url.replace(/^sqlite:\/\//, '');
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const adapter = new KeyvSqlite({ uri: url, busyTimeout: 5_000 });
  const keyv = new Keyv({ store: adapter, namespace: 'alert-contact' });
  keyv.on('error', () => {}); // surfaced by the rejected call instead
  const query = adapter.query as (sql: string, ...params: unknown[]) => Promise<Array<Record<string, unknown>>>;
  await query('PRAGMA journal_mode = WAL');
  await query('CREATE TABLE IF NOT EXISTS leases(key TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL)');
  await query(
    'CREATE TABLE IF NOT EXISTS sorted(idx TEXT NOT NULL, member TEXT NOT NULL, score REAL NOT NULL, PRIMARY KEY(idx, member))',
  );
  await query('CREATE INDEX IF NOT EXISTS sorted_by_score ON sorted(idx, score)');

  return {
    ...keyvValues(keyv),
    async claim(key, owner, ttlMs) {
      const at = now();
      const rows = await query(
        `INSERT INTO leases(key, owner, expires_at) VALUES(?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
         WHERE leases.expires_at <= ? OR leases.owner = excluded.owner
         RETURNING owner`,
        key,
        owner,
        ttlMs === undefined ? FOREVER : at + ttlMs,
        at,
      );
      return rows.length === 1;
    },
    async holder(key) {
      const rows = await query('SELECT owner FROM leases WHERE key = ? AND expires_at > ?', key, now());
      return rows[0]?.owner as string | undefined;
    },
    async release(key, owner) {
      await query('DELETE FROM leases WHERE key = ? AND owner = ?', key, owner);
    },
    async zadd(index, member, score) {
      await query(
        'INSERT INTO sorted(idx, member, score) VALUES(?, ?, ?) ON CONFLICT(idx, member) DO UPDATE SET score = excluded.score',
        index,
        member,
        score,
      );
    },
    async zrem(index, member) {
      await query('DELETE FROM sorted WHERE idx = ? AND member = ?', index, member);
    },
    async zrangeByScore(index, maxScore, limit) {
      const rows = await query(
        'SELECT member, score FROM sorted WHERE idx = ? AND score <= ? ORDER BY score LIMIT ?',
        index,
        maxScore,
        limit,
      );
      return rows.map((row) => ({ member: String(row.member), score: Number(row.score) }));
    },
    async zrangeBetween(index, minScore, maxScore, limit, order = 'asc') {
      const direction = order === 'desc' ? 'DESC' : 'ASC';
      const rows = await query(
        `SELECT member, score FROM sorted WHERE idx = ? AND score >= ? AND score <= ? ORDER BY score ${direction}, member ${direction} LIMIT ?`,
        index,
        minScore,
        maxScore,
        limit,
      );
      return rows.map((row) => ({ member: String(row.member), score: Number(row.score) }));
    },
    async zremBelow(index, belowScore) {
      await query('DELETE FROM sorted WHERE idx = ? AND score < ?', index, belowScore);
    },
    async ping() {
      await query('SELECT 1');
    },
  };
}
