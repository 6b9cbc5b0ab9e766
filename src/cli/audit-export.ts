/**
 * `npm run audit -- [--since <duration>] [--format jsonl|csv]` (in the image: `node dist/cli/audit-export.js …`):
 * writes the audit log to stdout, oldest first. `--help` prints the usage on stdout and exits 0.
 *
 * - `--since 7d`: only entries of the last 7 days (units ms, s, m, h, d, as in REMINDER_DELAYS); default: all.
 * - `--format jsonl` (default): one JSON object per line, the stored entry plus `time` (ISO 8601, UTC).
 * - `--format csv`: RFC 4180 with a header row; text cells that a spreadsheet would run as a formula (starting
 *   with `=`, `+`, `-`, `@`, tab or CR) get a leading `'` (OWASP "CSV injection").
 *
 * Reads only STORE_URL (from the environment or `.env`, with the bot's default), so no Slack or Alibaba Cloud
 * settings are needed. Exit codes: 0 done; 2 bad arguments or STORE_URL (one line on stderr); 1 the store could
 * not be opened or read.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { config as loadDotenv } from 'dotenv';
import { parseDuration } from '../config.js';
import type { AuditEntry } from '../store/audit.js';
import { AuditLog } from '../store/audit.js';
import { createStore } from '../store/create-store.js';

/** STORE_URL when unset or empty: the same default as the bot's config (src/config.ts). */
const DEFAULT_STORE_URL = 'sqlite://data/alert-contact.sqlite';
const STORE_URL_PATTERN = /^(sqlite|redis|rediss):\/\/.+/;

/** CSV columns, in order. */
const CSV_COLUMNS = [
  'time',
  'at',
  'actor',
  'action',
  'subject',
  'requestId',
  'contactName',
  'cmsAction',
  'cmsRequestId',
  'outcome',
  'detail',
] as const;

/** What `--help` prints. */
const USAGE = `Usage: npm run -s audit -- [--since <duration>] [--format jsonl|csv]
       node dist/cli/audit-export.js [--since <duration>] [--format jsonl|csv]   (in the container image)

Writes the audit log of the store at STORE_URL (from the environment or .env; default
sqlite://data/alert-contact.sqlite) to stdout, oldest first.

  --since <duration>  only entries of the last <duration>, e.g. 7d (units ms, s, m, h, d); default: all
  --format jsonl      one JSON object per line (default)
  --format csv        RFC 4180 with a header row
  -h, --help          this text

Exit codes: 0 done; 1 the store could not be opened or read; 2 bad arguments or STORE_URL.
`;

class UsageError extends Error {
  readonly code = 'usage';
}

interface Options {
  since: number | undefined;
  format: 'jsonl' | 'csv';
  storeUrl: string;
}

function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv, now: number): Options | 'help' {
  let values: { since?: string | undefined; format?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { since: { type: 'string' }, format: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? (error.message.split('\n')[0] ?? 'bad arguments') : 'bad arguments');
  }
  if (values.help) return 'help';
  let since: number | undefined;
  if (values.since !== undefined) {
    const ms = parseDuration(values.since);
    if (ms === undefined) throw new UsageError('--since: expected a duration such as 7d (units ms, s, m, h, d)');
    since = now - ms;
  }
  const format = values.format ?? 'jsonl';
  if (format !== 'jsonl' && format !== 'csv') throw new UsageError('--format: expected jsonl or csv');
  const raw = env.STORE_URL?.trim() ? env.STORE_URL.trim() : DEFAULT_STORE_URL;
  if (!STORE_URL_PATTERN.test(raw))
    throw new UsageError('STORE_URL: expected sqlite://<file path> or redis://<host>[:port]');
  return { since, format, storeUrl: raw };
}

function jsonLine(entry: AuditEntry): string {
  return `${JSON.stringify({ time: new Date(entry.at).toISOString(), ...entry })}\n`;
}

function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLine(entry: AuditEntry): string {
  const row = { time: new Date(entry.at).toISOString(), ...entry };
  return `${CSV_COLUMNS.map((column) => csvCell(column === 'at' ? entry.at : column === 'time' ? row.time : entry[column])).join(',')}\r\n`;
}

/** Writes, waiting for the stream to drain when its buffer is full. */
async function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
}

async function main(): Promise<number> {
  loadDotenv({ path: process.env.DOTENV_CONFIG_PATH ?? '.env', quiet: true });
  let options: Options;
  try {
    const parsed = parseOptions(process.argv.slice(2), process.env, Date.now());
    if (parsed === 'help') {
      await write(process.stdout, USAGE);
      return 0;
    }
    options = parsed;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(
      `audit-export: ${error.message} (usage: npm run audit -- [--since 7d] [--format jsonl|csv]; --help for more)\n`,
    );
    return 2;
  }
  const file = options.storeUrl.startsWith('sqlite://') ? options.storeUrl.slice('sqlite://'.length) : undefined;
  if (file !== undefined && file !== ':memory:' && !existsSync(file)) {
    process.stderr.write(`audit-export: no SQLite store at ${file} (STORE_URL); nothing to export\n`);
    return 1;
  }
  const store = await createStore(options.storeUrl);
  try {
    const audit = new AuditLog(store);
    if (options.format === 'csv') await write(process.stdout, `${CSV_COLUMNS.join(',')}\r\n`);
    const line = options.format === 'csv' ? csvLine : jsonLine;
    for await (const entry of audit.entries(options.since === undefined ? {} : { since: options.since })) {
      await write(process.stdout, line(entry));
    }
  } finally {
    await store.close();
  }
  return 0;
}

// A closed pipe (`| head`) ends the export quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`audit-export: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
