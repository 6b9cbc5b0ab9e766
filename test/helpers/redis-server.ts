/**
 * A throw-away Redis: `redis-server` from PATH on a free 127.0.0.1 port, no persistence, working directory in a
 * fresh temporary directory, stopped (and the directory removed) by `stop()`. Never a server someone else runs:
 * the tests and the benchmark empty and fill its databases. Used by the tests' global setup
 * (redis-global-setup.ts) and the benchmark (bench/lib/redis-server.ts).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running throw-away Redis. */
export interface ThrowawayRedis {
  /** `redis://127.0.0.1:<port>` (append `/<db>` to pick a logical database). */
  url: string;
  /** The redis-server process (e.g. to make sure it ends with its parent). */
  process: ChildProcess;
  /** Stops the server (SIGTERM, SIGKILL after 3 s) and removes its temporary directory. Safe to call twice. */
  stop(): Promise<void>;
}

/** True when a `redis-server` binary answers `--version` from PATH. */
export function redisServerInstalled(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** A TCP port free on 127.0.0.1 right now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts redis-server if it is installed. The options are redis-server's own (see the self-documented redis.conf,
 * https://redis.io/docs/latest/operate/oss_and_stack/management/config-file/): `--save ''` and `--appendonly no`
 * turn persistence off, `--databases` sets how many logical databases `SELECT` accepts.
 * @param options.databases number of logical databases (default 16, Redis' own default)
 * @returns undefined when there is no `redis-server` on PATH
 * @throws when it is installed but does not accept connections within 5 s
 */
export async function startThrowawayRedis(options: { databases?: number } = {}): Promise<ThrowawayRedis | undefined> {
  if (!redisServerInstalled()) return undefined;
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'throwaway-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
    '--databases',
    String(options.databases ?? 16),
  ];
  const child = spawn('redis-server', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start within 5 s: ${output}`)), 5_000);
      const check = () => {
        if (/Ready to accept connections/i.test(output)) {
          clearTimeout(timer);
          resolve();
        } else if (child.exitCode !== null || child.signalCode !== null) {
          clearTimeout(timer);
          reject(new Error(`redis-server exited: ${output}`));
        } else setTimeout(check, 50);
      };
      check();
    });
  } catch (error) {
    child.kill('SIGKILL');
    removeDir();
    throw error;
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    process: child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
        await exited;
        clearTimeout(timer);
      }
      removeDir();
    },
  };
}
