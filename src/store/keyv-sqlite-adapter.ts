import { EventEmitter } from 'node:events';
import type Database from 'better-sqlite3';
import type { KeyvStoreAdapter } from 'keyv';
import type { GroupCommit } from './group-commit.js';

/**
 * A keyv storage adapter on a better-sqlite3 connection, with the table layout of @keyv/sqlite 4
 * (`keyv(key VARCHAR(255) PRIMARY KEY, value TEXT)`, keys carrying keyv's namespace prefix), so files written by
 * either read the same.
 *
 * Why not @keyv/sqlite itself: 4.x (its latest stable release) runs every statement through node-sqlite3, which
 * prepares it anew and hands it to the libuv thread pool: 0.2–0.3 ms per read on one connection that serializes
 * everything, the bottleneck of the submission path in the benchmark (`npm run bench -- --only=2 --profile`).
 * better-sqlite3 runs cached prepared statements in-process: a point read costs microseconds. Its better-sqlite3
 * driver (6.0.0-beta.4) is a pre-release that needs keyv 6 (which @keyv/redis 5 does not accept) and
 * better-sqlite3 12, and opens its own connection from a file name, running each statement (prepared anew) behind
 * a promise. The store needs more: its batches (sqlite-store.ts) write keyv rows synchronously inside their own
 * transaction on the store's connection ({@link setRow}, {@link deleteRow}), next to the leases' statements, and
 * single writes go through the group commit.
 *
 * Values are keyv's serialized strings; keyv itself handles expiry (it deletes an expired value when read).
 * Writes go through the store's {@link GroupCommit}; reads run at once.
 */
export class KeyvSqliteAdapter extends EventEmitter implements KeyvStoreAdapter {
  readonly opts: { dialect: 'sqlite'; table: string };
  namespace?: string;
  private readonly statements;

  /**
   * @param db an open better-sqlite3 connection; the table `keyv` is created if missing. The caller closes it.
   * @param commits the group commit writes go through
   */
  constructor(
    db: Database.Database,
    private readonly commits: GroupCommit,
  ) {
    super();
    this.opts = { dialect: 'sqlite', table: 'keyv' };
    db.exec('CREATE TABLE IF NOT EXISTS keyv(key VARCHAR(255) PRIMARY KEY, value TEXT)');
    this.statements = {
      get: db.prepare<[string], { value: string }>('SELECT value FROM keyv WHERE key = ?'),
      getMany: db.prepare<[string], { key: string; value: string }>(
        'SELECT key, value FROM keyv WHERE key IN (SELECT value FROM json_each(?))',
      ),
      set: db.prepare<[string, string]>(
        'INSERT INTO keyv(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
      delete: db.prepare<[string]>('DELETE FROM keyv WHERE key = ?'),
      deleteMany: db.prepare<[string]>('DELETE FROM keyv WHERE key IN (SELECT value FROM json_each(?))'),
      has: db.prepare<[string], { found: number }>('SELECT 1 AS found FROM keyv WHERE key = ?'),
      clear: db.prepare<[string]>("DELETE FROM keyv WHERE key LIKE ? ESCAPE '\\'"),
    };
  }

  async get<Value>(key: string): Promise<Value | undefined> {
    return this.statements.get.get(key)?.value as Value | undefined;
  }

  async getMany<Value>(keys: string[]): Promise<Array<Value | undefined>> {
    const rows = new Map(this.statements.getMany.all(JSON.stringify(keys)).map((row) => [row.key, row.value]));
    return keys.map((key) => rows.get(key) as Value | undefined);
  }

  /** @param value keyv's serialized value; `_ttl` is unused (the expiry is inside the value). */
  async set(key: string, value: string, _ttl?: number): Promise<void> {
    await this.commits.run(() => this.setRow(key, value));
  }

  async delete(key: string): Promise<boolean> {
    return this.commits.run(() => this.deleteRow(key));
  }

  /**
   * Writes a row now, on the caller's transaction (for the store's batches; `set` goes through the group commit).
   * @param key the stored key (with keyv's namespace prefix); `value` keyv's serialized value
   */
  setRow(key: string, value: string): void {
    this.statements.set.run(key, value);
  }

  /** Deletes a row now, on the caller's transaction; true when there was one. @param key the stored key */
  deleteRow(key: string): boolean {
    return this.statements.delete.run(key).changes > 0;
  }

  async deleteMany(keys: string[]): Promise<boolean> {
    return this.commits.run(() => this.statements.deleteMany.run(JSON.stringify(keys)).changes > 0);
  }

  async has(key: string): Promise<boolean> {
    return this.statements.has.get(key) !== undefined;
  }

  /** Deletes every value of this adapter's namespace (all values when it has none). */
  async clear(): Promise<void> {
    const prefix = this.namespace ? `${this.namespace.replace(/[\\%_]/g, '\\$&')}:` : '';
    await this.commits.run(() => this.statements.clear.run(`${prefix}%`));
  }

  /** Nothing to do: the connection belongs to the caller. */
  async disconnect(): Promise<void> {}
}
