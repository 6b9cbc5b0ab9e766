/**
 * The operator CLIs as the container image runs them: compiled by the project's own tsconfig.json (what the
 * Dockerfile's `npm run build` does) and run with plain `node`, no tsx and no src/. `--help` prints the usage on
 * stdout and exits 0; their import graphs reach only production dependencies (the image prunes dev ones) and the
 * image's runtime stage has dist/ but no src/; package.json's scripts run the compiled files. `npm run backup`
 * takes an online backup of the SQLite store while the bot's connection keeps writing, into a private file.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/store/audit.js';
import { createStore } from '../../src/store/create-store.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};
const CLIS = { audit: 'cli/audit-export.js', backup: 'cli/backup.js' } as const;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Inside the repository (so node_modules and package.json's "type": "module" apply), like /app in the image. */
let dist = '';

function runNode(args: string[], env: Record<string, string>, cwd = ROOT): Promise<Run> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not finish; stderr: ${stderr}`));
    }, 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stderr });
    });
  });
}

/** Every package a compiled file reaches through its static and dynamic imports (relative ones followed). */
function packagesReachedFrom(file: string, seen = new Set<string>(), packages = new Set<string>()): Set<string> {
  if (seen.has(file)) return packages;
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  for (const match of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)) {
    const specifier = match[1] ?? '';
    if (specifier.startsWith('.')) packagesReachedFrom(resolve(dirname(file), specifier), seen, packages);
    else
      packages.add(
        specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] ?? ''),
      );
  }
  return packages;
}

beforeAll(() => {
  dist = mkdtempSync(join(ROOT, 'node_modules', '.cli-test-dist-'));
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.json'), '--outDir', dist],
    { cwd: ROOT, stdio: 'pipe' },
  );
}, 120_000);
afterAll(() => {
  if (dist) rmSync(dist, { recursive: true, force: true });
});

describe('the compiled CLIs', () => {
  it.each(Object.entries(CLIS))(
    '%s: --help prints the usage on stdout and exits 0, under plain node',
    async (name, file) => {
      const run = await runNode([join(dist, file), '--help'], { DOTENV_CONFIG_PATH: '/nonexistent/.env' });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Usage: npm run -s ${name} -- `));
      expect(run.stdout).toContain(`node dist/${file}`);
      const short = await runNode([join(dist, file), '-h'], { DOTENV_CONFIG_PATH: '/nonexistent/.env' });
      expect([short.code, short.stdout]).toEqual([0, run.stdout]);
    },
  );

  it.each(Object.entries(CLIS))(
    '%s: package.json runs the compiled file, which reaches only production dependencies',
    (name, file) => {
      expect(PACKAGE.scripts[name]).toBe(`node dist/${file}`);
      expect(PACKAGE.scripts[`pre${name}`]).toMatch(/^npm run build/);
      const outside = [...packagesReachedFrom(join(dist, file))].filter(
        (pkg) => !pkg.startsWith('node:') && !builtinModules.includes(pkg) && !(pkg in PACKAGE.dependencies),
      );
      expect(outside).toEqual([]);
    },
  );

  it("the image's runtime stage has the compiled dist/ and production node_modules, and no src/ or tsx", () => {
    const dockerfile = readFileSync(join(ROOT, 'manifests/Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    const copied = [...runtime.matchAll(/^COPY\s+(?:--\S+\s+)*(\S+)\s+(\S+)/gm)].map((match) => match[2]);
    expect(copied).toEqual(expect.arrayContaining(['./dist', './node_modules']));
    expect(copied.some((target) => /src/.test(target ?? ''))).toBe(false);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(PACKAGE.dependencies).not.toHaveProperty('tsx');
  });

  it('backup: an online copy of the store while the bot keeps writing, private, refusing to overwrite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alert-contact-backup-'));
    const url = `sqlite://${join(dir, 'data', 'store.sqlite')}`;
    const store = await createStore(url);
    const audit = new AuditLog(store);
    try {
      for (let i = 0; i < 300; i += 1) await store.set(`k${i}`, { i, text: 'x'.repeat(200) });
      await audit.append({ actor: 'bot', action: 'activation-check', detail: 'before the backup' });
      // The bot keeps writing while the backup runs.
      let writing = true;
      const writer = (async () => {
        for (let i = 0; writing; i += 1) await store.set(`during${i % 50}`, i);
      })();
      const out = join(dir, 'copy', 'nested', 'backup.sqlite');
      const run = await runNode([join(dist, CLIS.backup), '--out', out], {
        STORE_URL: url,
        DOTENV_CONFIG_PATH: '/nonexistent/.env',
      });
      writing = false;
      await writer;
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout.trim()).toBe(out);
      expect(statSync(out).mode & 0o777).toBe(0o600);
      expect(statSync(dirname(out)).mode & 0o777).toBe(0o700);
      expect(existsSync(`${out}-wal`)).toBe(false);

      const copy = await createStore(`sqlite://${out}`);
      try {
        expect(await copy.get('k299')).toEqual({ i: 299, text: 'x'.repeat(200) });
        expect((await new AuditLog(copy).list()).map((entry) => entry.detail)).toEqual(['before the backup']);
      } finally {
        await copy.close();
      }
      const again = await runNode([join(dist, CLIS.backup), '--out', out], {
        STORE_URL: url,
        DOTENV_CONFIG_PATH: '/nonexistent/.env',
      });
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/exists; choose another --out/);

      // Default place: backups/ beside the store file, named by the UTC time.
      const byDefault = await runNode([join(dist, CLIS.backup)], {
        STORE_URL: url,
        DOTENV_CONFIG_PATH: '/nonexistent/.env',
      });
      expect(byDefault.code).toBe(0);
      expect(byDefault.stdout.trim()).toMatch(
        new RegExp(`^${join(dir, 'data', 'backups')}/alert-contact-\\d{8}T\\d{6}Z\\.sqlite$`),
      );
    } finally {
      await store.close();
    }
  });

  it('backup: a Redis STORE_URL or bad arguments are refused in one line, exit 2', async () => {
    const redis = await runNode([join(dist, CLIS.backup)], {
      STORE_URL: 'redis://:hunter2@127.0.0.1:1',
      DOTENV_CONFIG_PATH: '/nonexistent/.env',
    });
    expect(redis.code).toBe(2);
    expect(redis.stderr).toMatch(/^backup: STORE_URL is a Redis store: back it up with Redis itself/);
    expect(redis.stderr).not.toContain('hunter2');
    const bad = await runNode([join(dist, CLIS.backup), '--bogus'], { DOTENV_CONFIG_PATH: '/nonexistent/.env' });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
