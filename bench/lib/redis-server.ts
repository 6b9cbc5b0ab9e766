/**
 * A throw-away Redis for the stored-state scenario: `redis-server` from PATH on a free 127.0.0.1 port, no
 * persistence, killed at the end. Never a server someone else runs (the bench writes 100,000 registrations).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { trackProcess } from './children.js';

/** A running throw-away Redis. */
export interface BenchRedis {
  /** `redis://127.0.0.1:<port>` (append `/<db>` to pick a database). */
  url: string;
  stop(): Promise<void>;
}

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
 * Starts redis-server if it is installed.
 * @returns undefined when there is no `redis-server` on PATH
 * @throws when it is installed but does not start within 5 s
 */
export async function startBenchRedis(): Promise<BenchRedis | undefined> {
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) return undefined;
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--databases', '4'], { stdio: ['ignore', 'pipe', 'pipe'] });
  trackProcess(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2_000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2_000)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${output}`)), 5_000);
    const check = () => {
      if (/Ready to accept connections/i.test(output)) {
        clearTimeout(timer);
        resolve();
      } else if (child.exitCode !== null) {
        clearTimeout(timer);
        reject(new Error(`redis-server exited: ${output}`));
      } else setTimeout(check, 50);
    };
    check();
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
