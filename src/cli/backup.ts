/**
 * `npm run backup -- [--out <file>]` (in the image: `node dist/cli/backup.js …`): an online backup of the SQLite
 * store while the bot keeps running, with SQLite's backup API (better-sqlite3's `db.backup()`: a consistent copy
 * of the database, WAL included, taken page by page; docs/api.md#backupdestination-options---promise in
 * https://github.com/WiseLibs/better-sqlite3 and https://www.sqlite.org/backup.html). The copy is one
 * self-contained `.sqlite` file (no -wal beside it), created private (0600), and restores by putting it in place of
 * the store's file while the bot is stopped.
 *
 * - `--out <file>`: where to write; default `<store file's directory>/backups/alert-contact-<UTC time>.sqlite`
 *   (the directory is created 0700). An existing file is refused, never overwritten.
 *
 * Reads only STORE_URL (from the environment or `.env`, with the bot's default). A Redis store is backed up by
 * Redis itself (RDB snapshots / AOF, or the managed service's backups): the CLI says so and exits 2.
 * Exit codes: 0 done (the path is printed on stdout); 2 bad arguments or STORE_URL; 1 the backup failed.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { config as loadDotenv } from 'dotenv';

/** STORE_URL when unset or empty: the same default as the bot's config (src/config.ts). */
const DEFAULT_STORE_URL = 'sqlite://data/alert-contact.sqlite';
/** How long a step of the backup waits for the bot's write lock before failing, ms. */
const BUSY_TIMEOUT_MS = 5_000;

const USAGE = `Usage: npm run -s backup -- [--out <file>]
       node dist/cli/backup.js [--out <file>]   (in the container image)

Takes an online backup of the SQLite store at STORE_URL (from the environment or .env; default
sqlite://data/alert-contact.sqlite) while the bot keeps running: one self-contained .sqlite file, mode 0600.
To restore, stop the bot and put the file in place of the store's file (and delete the old -wal and -shm files).

  --out <file>  where to write; default <store directory>/backups/alert-contact-<UTC time>.sqlite
  -h, --help    this text

A Redis store (STORE_URL=redis://…) is backed up by Redis itself (RDB snapshots or AOF, or the managed
service's backups). Exit codes: 0 done (the path is printed); 1 the backup failed; 2 bad arguments or STORE_URL.
`;

class UsageError extends Error {
  readonly code = 'usage';
}

/** `2026-12-06T09:30:00.123Z` → `20261206T093000Z`, safe in a file name. */
function stamp(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[-:]/g, '');
}

function parseOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  now: Date,
): { source: string; out: string } | 'help' {
  let values: { out?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? (error.message.split('\n')[0] ?? 'bad arguments') : 'bad arguments');
  }
  if (values.help) return 'help';
  const url = env.STORE_URL?.trim() ? env.STORE_URL.trim() : DEFAULT_STORE_URL;
  if (/^rediss?:\/\//.test(url)) {
    throw new UsageError(
      "STORE_URL is a Redis store: back it up with Redis itself (RDB snapshots or AOF, or your managed service's backups)",
    );
  }
  const source = /^sqlite:\/\/(.+)$/.exec(url)?.[1];
  if (!source || source === ':memory:') throw new UsageError('STORE_URL: expected sqlite://<file path>');
  if (values.out === '') throw new UsageError('--out: expected a file path');
  return { source, out: values.out ?? join(dirname(source), 'backups', `alert-contact-${stamp(now)}.sqlite`) };
}

async function main(): Promise<number> {
  loadDotenv({ path: process.env.DOTENV_CONFIG_PATH ?? '.env', quiet: true });
  let options: { source: string; out: string };
  try {
    const parsed = parseOptions(process.argv.slice(2), process.env, new Date());
    if (parsed === 'help') {
      process.stdout.write(USAGE);
      return 0;
    }
    options = parsed;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`backup: ${error.message} (usage: npm run backup -- [--out <file>]; --help for more)\n`);
    return 2;
  }
  const { source, out } = options;
  if (!existsSync(source)) {
    process.stderr.write(`backup: no SQLite store at ${source} (STORE_URL); nothing to back up\n`);
    return 1;
  }
  if (existsSync(out)) {
    process.stderr.write(`backup: ${out} exists; choose another --out (a backup never overwrites a file)\n`);
    return 1;
  }
  // Private from the first byte: SQLite keeps the mode of an existing (empty) file.
  mkdirSync(dirname(out), { recursive: true, mode: 0o700 });
  closeSync(openSync(out, 'wx', 0o600));
  // A second connection beside the bot's (WAL mode: readers do not block its writes). Not readonly: SQLite needs
  // write access to the -shm file to read a WAL database.
  const db = new Database(source, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  try {
    await db.backup(out);
  } catch (error) {
    rmSync(out, { force: true });
    throw error;
  } finally {
    db.close();
  }
  chmodSync(out, 0o600);
  process.stdout.write(`${out}\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`backup: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
