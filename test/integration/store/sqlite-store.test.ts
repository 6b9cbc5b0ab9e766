/**
 * What is particular to the SQLite store (src/store/sqlite-store.ts): failed reads and writes reject instead of
 * resolving empty, close() settles on its own (the checkpoint worker does not let the process die first), and
 * the WAL stays bounded while writes never pause (the backstop checkpoint).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createStore } from '../../../src/store/create-store.js';
import { WAL_BACKSTOP_PAGES } from '../../../src/store/sqlite-store.js';
import { tempSqliteUrl } from '../../helpers/test-bot.js';

const fileOf = (url: string) => url.replace(/^sqlite:\/\//, '');

describe('SQLite store', () => {
  it('creates its directory 0700 and its files 0600, and makes an existing world-readable file private', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'alert-contact-perm-'));
    const file = join(parent, 'data', 'nested', 'store.sqlite');
    const store = await createStore(`sqlite://${file}`);
    await store.set('phone', '+86-13800000000');
    const mode = (path: string) => statSync(path).mode & 0o777;
    expect(mode(join(parent, 'data'))).toBe(0o700);
    expect(mode(join(parent, 'data', 'nested'))).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-wal`)).toBe(0o600);
    expect(mode(`${file}-shm`)).toBe(0o600);
    await store.close();

    const old = join(parent, 'old.sqlite');
    writeFileSync(old, '');
    chmodSync(old, 0o644);
    const reopened = await createStore(`sqlite://${old}`);
    await reopened.set('k', 'v');
    expect(mode(old)).toBe(0o600);
    expect(mode(`${old}-wal`)).toBe(0o600);
    await reopened.close();
  });

  it('rejects a write the database refuses, and any call after close()', async () => {
    const url = tempSqliteUrl();
    const store = await createStore(url);
    await store.set('before', 1);
    const other = new Database(fileOf(url));
    other.exec("CREATE TRIGGER refuse BEFORE INSERT ON keyv BEGIN SELECT RAISE(ABORT, 'insert refused'); END;");
    other.close();
    await expect(store.set('refused', 1)).rejects.toThrow(/insert refused/);
    await store.close();
    await expect(store.get('before')).rejects.toThrow(/not open/);
    await expect(store.set('after', 1)).rejects.toThrow(/not open/);
  });

  it('settles close() in a process with nothing else to keep it alive', () => {
    const url = tempSqliteUrl();
    const script = `
      const { createStore } = await import(${JSON.stringify(new URL('../../../src/store/create-store.ts', import.meta.url).pathname)});
      const store = await createStore(${JSON.stringify(url)});
      await store.set('k', 'v');
      await store.close();
      console.log('closed');`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('closed');
    expect(run.status).toBe(0);
  });

  it('keeps the WAL bounded while writes never pause', async () => {
    const url = tempSqliteUrl();
    const store = await createStore(url);
    const value = 'x'.repeat(3_000);
    let largest = 0;
    try {
      const until = Date.now() + 4_000;
      for (let round = 0; Date.now() < until; round += 1) {
        await Promise.all(
          Array.from({ length: 50 }, (_, i) => store.batch([{ op: 'set', key: `k${round}-${i}`, value }])),
        );
        largest = Math.max(largest, statSync(`${fileOf(url)}-wal`).size);
      }
    } finally {
      await store.close();
    }
    // Without the backstop it grows by megabytes a second; with it, it restarts once past the backstop.
    expect(largest).toBeLessThan(WAL_BACKSTOP_PAGES * 4_096 * 2);
  });
});
