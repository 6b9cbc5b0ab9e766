import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import Keyv from 'keyv';
import { GroupCommit } from './group-commit.js';
import { KeyvSqliteAdapter } from './keyv-sqlite-adapter.js';
import { keyvValues } from './keyv-values.js';
import type { Store, StoreWrite } from './store.js';
import { startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer.js';

const FOREVER = Number.MAX_SAFE_INTEGER;
const NAMESPACE = 'alert-contact';
/** How long a statement waits for another connection's lock (e.g. a backup) before failing, ms. */
const BUSY_TIMEOUT_MS = 5_000;
/** How often expired rows (keyv values past their TTL, leases past their expiry) are deleted, ms. */
export const PURGE_EVERY_MS = 10 * 60_000;
/** Rows deleted per statement by the purge, so one round never holds the event loop for long. */
const PURGE_CHUNK = 500;
/** WAL size (pages of 4 KiB) at which a commit checkpoints on the app's own thread; normally the worker does. */
export const WAL_BACKSTOP_PAGES = 2_000;

/**
 * Creates the database file's directory (0700) and the file itself (0600) when missing, and takes group and other
 * permissions away from an existing file and its -wal / -shm files: the store holds phone numbers, e-mail
 * addresses and DingTalk tokens. SQLite creates the -wal and -shm files with the database file's permissions
 * (https://www.sqlite.org/src/file?name=src/os_unix.c, findCreateFileMode). An existing directory is left as
 * it is: it may be shared (e.g. /tmp); the Dockerfile creates its data directory 0700.
 * @throws the file system's error (EACCES, ENOTDIR…) when the directory or file cannot be created
 */
function makePrivate(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(path) && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  }
}

/**
 * Opens the embedded SQLite store: keyv on one better-sqlite3 connection (see keyv-sqlite-adapter.ts), in WAL
 * mode with synchronous=NORMAL: a commit survives the bot's crash or kill -9 (it is in the WAL file), but not an
 * OS crash or power cut, which can lose the last seconds of commits (Redis with its default persistence loses
 * more). FULL would fsync on every commit, on the event loop's thread (several times the cost per commit: README,
 * "Performance").
 * Leases and sorted indexes live in two extra tables in the same file, written with single statements
 * (`INSERT … ON CONFLICT … RETURNING`) that SQLite applies atomically; {@link Store.batch} is one savepoint.
 * Statements are prepared once and run in-process (a point read costs microseconds); writes are group-committed
 * (group-commit.ts): those asked for in one event-loop turn share one commit. The WAL is checkpointed by a worker
 * thread (wal-checkpointer.ts). One process per file: replicas share Redis instead.
 * @param url `sqlite://<path>`; the file's directory is created if missing (0700), the file is private (0600):
 *   see {@link makePrivate}. `sqlite://:memory:` works for tests.
 * Expired rows are deleted in the background every `options.purgeEveryMs` (keyv on SQLite only hides them on
 * read, so events-dedupe records, leases and other TTL'd values would otherwise stay in the file for ever).
 * @param onError told the message of a failed background checkpoint or purge (the next one retries)
 * @param options.purgeEveryMs how often expired rows are purged, ms; default {@link PURGE_EVERY_MS}; 0 = never
 * @throws when the file cannot be opened or written
 */
export async function openSqliteStore(
  url: string,
  now: () => number = Date.now,
  onError?: (message: string) => void,
  options: { purgeEveryMs?: number } = {},
): Promise<Store> {
  const file = url.replace(/^sqlite:\/\//, '');
  if (file !== ':memory:') makePrivate(file);
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const commits = new GroupCommit(db);
  const adapter = new KeyvSqliteAdapter(db, commits);
  // throwOnErrors: a failed read or write rejects (keyv's default resolves undefined / false and only emits).
  const keyv = new Keyv({ store: adapter, namespace: NAMESPACE, throwOnErrors: true });
  keyv.on('error', () => {}); // surfaced by the rejected call instead
  const storedKey = (key: string) => `${NAMESPACE}:${key}`;
  const values = keyvValues(keyv, storedKey);
  db.exec(`
    CREATE TABLE IF NOT EXISTS leases(key TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS sorted(idx TEXT NOT NULL, member TEXT NOT NULL, score REAL NOT NULL, PRIMARY KEY(idx, member));
    CREATE INDEX IF NOT EXISTS sorted_by_score ON sorted(idx, score);
  `);
  const sql = {
    claim: db.prepare<[string, string, number, number], { owner: string }>(
      `INSERT INTO leases(key, owner, expires_at) VALUES(?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE leases.expires_at <= ? OR leases.owner = excluded.owner
       RETURNING owner`,
    ),
    holder: db.prepare<[string, number], { owner: string }>(
      'SELECT owner FROM leases WHERE key = ? AND expires_at > ?',
    ),
    release: db.prepare<[string, string]>('DELETE FROM leases WHERE key = ? AND owner = ?'),
    zadd: db.prepare<[string, string, number]>(
      'INSERT INTO sorted(idx, member, score) VALUES(?, ?, ?) ON CONFLICT(idx, member) DO UPDATE SET score = excluded.score',
    ),
    zrem: db.prepare<[string, string]>('DELETE FROM sorted WHERE idx = ? AND member = ?'),
    zrangeByScore: db.prepare<[string, number, number], { member: string; score: number }>(
      'SELECT member, score FROM sorted WHERE idx = ? AND score <= ? ORDER BY score LIMIT ?',
    ),
    zrangeBetweenAsc: db.prepare<[string, number, number, number], { member: string; score: number }>(
      'SELECT member, score FROM sorted WHERE idx = ? AND score >= ? AND score <= ? ORDER BY score ASC, member ASC LIMIT ?',
    ),
    zrangeBetweenDesc: db.prepare<[string, number, number, number], { member: string; score: number }>(
      'SELECT member, score FROM sorted WHERE idx = ? AND score >= ? AND score <= ? ORDER BY score DESC, member DESC LIMIT ?',
    ),
    zremBelow: db.prepare<[string, number]>('DELETE FROM sorted WHERE idx = ? AND score < ?'),
    ping: db.prepare('SELECT 1'),
    // keyv's row value is its serialized JSON `{"value":…,"expires":<epoch ms>}`; rows without expires are kept.
    purgeValues: db.prepare<[number, number]>(
      `DELETE FROM keyv WHERE rowid IN (SELECT rowid FROM keyv WHERE json_valid(value) AND json_extract(value, '$.expires') <= ? LIMIT ?)`,
    ),
    purgeLeases: db.prepare<[number, number]>(
      'DELETE FROM leases WHERE rowid IN (SELECT rowid FROM leases WHERE expires_at <= ? LIMIT ?)',
    ),
  };
  // Each chunk is its own small commit through the group commit, so foreground writes interleave.
  const purge = async () => {
    for (const statement of [sql.purgeValues, sql.purgeLeases]) {
      for (;;) {
        const at = now();
        const { changes } = await commits.run(() => statement.run(at, PURGE_CHUNK));
        if (changes < PURGE_CHUNK) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  };
  let purging: Promise<void> = Promise.resolve();
  const purgeEveryMs = options.purgeEveryMs ?? PURGE_EVERY_MS;
  const purgeTimer =
    purgeEveryMs > 0
      ? setInterval(() => {
          purging = purging
            .then(purge)
            .catch((error: unknown) =>
              onError?.(`purge of expired rows failed: ${error instanceof Error ? error.message : String(error)}`),
            );
        }, purgeEveryMs)
      : undefined;
  purgeTimer?.unref();
  // Checkpoints run in a worker thread, not in whichever commit crosses 1000 WAL pages (wal-checkpointer.ts).
  let checkpointer: WalCheckpointer | undefined;
  if (file !== ':memory:') {
    // The app's own checkpoint only as a backstop: under writes that never pause, the worker's PASSIVE checkpoints
    // never finish and the WAL would grow without bound; past this many pages the committing thread finishes one.
    db.pragma(`wal_autocheckpoint = ${WAL_BACKSTOP_PAGES}`);
    checkpointer = startWalCheckpointer(file, (message) => onError?.(message));
  }
  const rows = (found: Array<{ member: string; score: number }>) =>
    found.map((row) => ({ member: String(row.member), score: Number(row.score) }));
  type Encoded = { op: 'set'; key: string; value: string } | Exclude<StoreWrite, { op: 'set' }>;
  const applyBatch = db.transaction((writes: readonly Encoded[]) => {
    for (const write of writes) {
      if (write.op === 'set') adapter.setRow(write.key, write.value);
      else if (write.op === 'delete') adapter.deleteRow(storedKey(write.key));
      else if (write.op === 'zadd') sql.zadd.run(write.index, write.member, write.score);
      else if (write.op === 'zrem') sql.zrem.run(write.index, write.member);
      else sql.zremBelow.run(write.index, write.below);
    }
  });

  return {
    get: values.get,
    set: values.set,
    delete: values.delete,
    async close() {
      clearInterval(purgeTimer);
      await purging;
      await values.close();
      commits.flush();
      await checkpointer?.stop();
      db.close(); // the last connection: checkpoints what is left
    },
    async claim(key, owner, ttlMs) {
      return commits.run(() => {
        const at = now();
        return sql.claim.all(key, owner, ttlMs === undefined ? FOREVER : at + ttlMs, at).length === 1;
      });
    },
    async holder(key) {
      return sql.holder.get(key, now())?.owner;
    },
    async release(key, owner) {
      await commits.run(() => sql.release.run(key, owner));
    },
    async zadd(index, member, score) {
      await commits.run(() => sql.zadd.run(index, member, score));
    },
    async zrem(index, member) {
      await commits.run(() => sql.zrem.run(index, member));
    },
    async zrangeByScore(index, maxScore, limit) {
      return rows(sql.zrangeByScore.all(index, maxScore, limit));
    },
    async zrangeBetween(index, minScore, maxScore, limit, order = 'asc') {
      return rows(
        (order === 'desc' ? sql.zrangeBetweenDesc : sql.zrangeBetweenAsc).all(index, minScore, maxScore, limit),
      );
    },
    async zremBelow(index, belowScore) {
      await commits.run(() => sql.zremBelow.run(index, belowScore));
    },
    async batch(writes) {
      const encoded = await Promise.all(
        writes.map(
          async (write): Promise<Encoded> =>
            write.op === 'set' ? { op: 'set', ...(await values.encode(write.key, write.value, write.ttlMs)) } : write,
        ),
      );
      await commits.run(() => applyBatch(encoded));
    },
    async ping() {
      sql.ping.get();
    },
  };
}
