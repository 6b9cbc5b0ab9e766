/**
 * Bulk loading of the SQLite store for the stored-state scenario. Through the Store API every write is its own
 * transaction with its own fsync (about 3,000 writes/s on this machine's disk), so 100,000 registrations (≈1.3
 * million rows) would take minutes. Instead the rows are written on a second connection to the same file, in
 * large transactions with multi-row INSERTs, into the same tables and in the same encoding as the store's own
 * writes. The layout is not assumed: it is calibrated from rows the Store API writes first, and
 * {@link verifyRows} reads rows back through the Store API afterwards.
 */
import { isDeepStrictEqual } from 'node:util';
import Database from 'better-sqlite3';
import type { Store } from '../../src/store/store.js';
import { type BulkWriter, FOREVER, type StoreRows } from '../../test/fakes/memory-store.js';

type Query = (sql: string, ...params: unknown[]) => Promise<Array<Record<string, unknown>>>;

const CALIBRATION_KEY = 'bench-calibration';
const CALIBRATION_VALUE = { bench: 'calibration', n: 1 };
/** Rows per INSERT statement (3 parameters each, under SQLite's oldest 999-parameter limit). */
const ROWS_PER_STATEMENT = 300;

/**
 * Calibrates against `store` (opened on `url`) and returns a bulk writer on a second connection.
 * @throws Error naming what differs when the store's SQLite layout is not the one this loader knows
 */
export async function openSqliteBulkWriter(store: Store, url: string): Promise<BulkWriter> {
  await store.set(CALIBRATION_KEY, CALIBRATION_VALUE);
  await store.zadd(CALIBRATION_KEY, CALIBRATION_KEY, 1);
  await store.claim(CALIBRATION_KEY, CALIBRATION_KEY);
  const db = new Database(url.replace(/^sqlite:\/\//, ''), { timeout: 30_000 });
  const query: Query = async (sql, ...params) => {
    const statement = db.prepare(sql);
    if (statement.reader) return statement.all(...params) as Array<Record<string, unknown>>;
    statement.run(...params);
    return [];
  };
  const fail = (what: string): never => {
    throw new Error(`SQLite bulk load: ${what}; the store's layout changed, update bench/lib/sqlite-bulk-load.ts`);
  };
  const [value] = await query('SELECT key, value FROM keyv WHERE key LIKE ?', `%${CALIBRATION_KEY}`);
  if (!value || typeof value.key !== 'string' || typeof value.value !== 'string')
    return fail('no calibration row in table keyv');
  const keyPrefix = value.key.slice(0, value.key.length - CALIBRATION_KEY.length);
  const inner = JSON.stringify(CALIBRATION_VALUE);
  const at = value.value.indexOf(inner);
  if (at < 0) return fail(`value encoding ${value.value} does not contain the JSON value`);
  const [before, after] = [value.value.slice(0, at), value.value.slice(at + inner.length)];
  const [sorted] = await query(
    'SELECT idx, member, score FROM sorted WHERE idx = ? AND member = ?',
    CALIBRATION_KEY,
    CALIBRATION_KEY,
  );
  if (sorted?.score !== 1) return fail('no calibration row in table sorted(idx, member, score)');
  const [lease] = await query('SELECT key, owner, expires_at FROM leases WHERE key = ?', CALIBRATION_KEY);
  if (lease?.owner !== CALIBRATION_KEY || Number(lease.expires_at) !== FOREVER)
    return fail('no calibration row in table leases(key, owner, expires_at)');
  await store.delete(CALIBRATION_KEY);
  await store.zrem(CALIBRATION_KEY, CALIBRATION_KEY);
  await store.release(CALIBRATION_KEY, CALIBRATION_KEY);

  async function insert(sqlHead: string, sqlTail: string, columns: number, rows: unknown[][]): Promise<void> {
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
      const placeholders = chunk.map(() => `(${Array.from({ length: columns }, () => '?').join(',')})`).join(',');
      await query(`${sqlHead} VALUES ${placeholders} ${sqlTail}`, ...chunk.flat());
    }
  }

  return {
    async write(rows) {
      await query('BEGIN');
      try {
        await insert(
          'INSERT INTO keyv(key, value)',
          'ON CONFLICT(key) DO UPDATE SET value = excluded.value',
          2,
          rows.values.map((row) => [`${keyPrefix}${row.key}`, `${before}${row.json}${after}`]),
        );
        await insert(
          'INSERT INTO sorted(idx, member, score)',
          'ON CONFLICT(idx, member) DO UPDATE SET score = excluded.score',
          3,
          rows.sorted.map((row) => [row.index, row.member, row.score]),
        );
        await insert(
          'INSERT INTO leases(key, owner, expires_at)',
          'ON CONFLICT(key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at',
          3,
          rows.leases.map((row) => [row.key, row.owner, row.expiresAt]),
        );
        await query('COMMIT');
      } catch (error) {
        await query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    },
    async close() {
      db.close();
    },
  };
}

/**
 * Reads `rows` back through the Store API and compares them with what was written.
 * @throws Error naming the first row that differs
 */
export async function verifyRows(store: Store, rows: StoreRows): Promise<void> {
  for (const row of rows.values) {
    const stored = await store.get(row.key);
    if (!isDeepStrictEqual(stored, JSON.parse(row.json)))
      throw new Error(`bulk-loaded value ${row.key} reads back as ${JSON.stringify(stored)}`);
  }
  for (const row of rows.leases) {
    if (row.expiresAt <= Date.now()) continue; // expired: the store answers "no holder", as it should
    if ((await store.holder(row.key)) !== row.owner)
      throw new Error(`bulk-loaded lease ${row.key} is not held by ${row.owner}`);
  }
  for (const row of rows.sorted) {
    const members = await store.zrangeByScore(row.index, row.score, 1_000_000);
    if (!members.some((entry) => entry.member === row.member && entry.score === row.score))
      throw new Error(`bulk-loaded index entry ${row.index}/${row.member} not found`);
  }
}
