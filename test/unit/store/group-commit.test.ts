/**
 * GroupCommit (src/store/group-commit.ts) on a real SQLite file, watched from a second connection: writes asked
 * for in one event-loop turn commit together, each settles only once committed, and a failing write is undone
 * alone.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupCommit } from '../../../src/store/group-commit.js';

describe('GroupCommit', () => {
  let db: Database.Database;
  let observer: Database.Database;
  let commits: GroupCommit;
  const insert = (key: string) => db.prepare('INSERT INTO t(key) VALUES(?)').run(key);
  const committedKeys = () =>
    observer
      .prepare('SELECT key FROM t ORDER BY key')
      .all()
      .map((row) => (row as { key: string }).key);

  beforeEach(() => {
    const file = join(mkdtempSync(join(tmpdir(), 'group-commit-')), 'db.sqlite');
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t(key TEXT PRIMARY KEY)');
    observer = new Database(file, { readonly: true });
    commits = new GroupCommit(db);
  });
  afterEach(() => {
    observer.close();
    db.close();
  });

  it('commits the writes of one turn together, and settles each only after the commit', async () => {
    const seenByOthersDuringGroup: string[][] = [];
    const first = commits.run(() => insert('a'));
    const second = commits.run(() => {
      seenByOthersDuringGroup.push(committedKeys()); // 'a' ran, but is not committed yet
      insert('b');
      return 'second result';
    });
    expect(committedKeys()).toEqual([]); // nothing runs before the end of the turn
    await expect(second).resolves.toBe('second result');
    await first;
    expect(seenByOthersDuringGroup).toEqual([[]]);
    expect(committedKeys()).toEqual(['a', 'b']);
  });

  it('undoes a failing write alone: the others of its group commit', async () => {
    const results = await Promise.allSettled([
      commits.run(() => insert('a')),
      commits.run(() => {
        insert('partial');
        insert('a'); // UNIQUE constraint: this write fails after its first statement ran
      }),
      commits.run(() => insert('c')),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    expect(committedKeys()).toEqual(['a', 'c']);
  });

  it('runs later turns as new groups, and flush() commits what is queued at once', async () => {
    await commits.run(() => insert('a'));
    const queued = commits.run(() => insert('b'));
    commits.flush();
    expect(committedKeys()).toEqual(['a', 'b']);
    await queued;
  });
});
