/**
 * The parent side of the bench child protocol (see child-channel.ts): forks a TypeScript entry under tsx with an
 * IPC channel, waits for its `ready`, sends requests, and makes sure no child outlives the benchmark.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildReply, ChildStats } from './child-channel.js';

/** Repository root (the children run with it as their working directory, so `--import tsx` resolves). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const live = new Set<ChildProcess>();

/** Variables a child inherits from this process; everything else it gets is explicit (no shell or .env leaks). */
const INHERITED = ['PATH', 'HOME', 'TMPDIR', 'TMP', 'TEMP', 'LANG', 'TZ', 'SystemRoot'];

/** This process's environment reduced to {@link INHERITED}, plus `env`. */
export function childEnv(env: Record<string, string> = {}): Record<string, string> {
  const base: Record<string, string> = {};
  for (const name of INHERITED) {
    const value = process.env[name];
    if (value !== undefined) base[name] = value;
  }
  return { ...base, ...env };
}

/** SIGKILLs every child still running. Safe to call from an `exit` handler (synchronous). */
export function killAllChildren(): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  live.clear();
}

/** Registers a process started elsewhere (e.g. redis-server, `node dist/main.js`) so killAllChildren ends it too. */
export function trackProcess(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
}

/** A running bench child. */
export interface BenchChild {
  name: string;
  pid: number;
  /** HTTP port it listens on (127.0.0.1), when it serves HTTP. */
  port: number | undefined;
  /**
   * Sends a request and resolves with the child's answer.
   * @throws when the child answers with an error, exits, or does not answer within `timeoutMs` (default 120 s)
   */
  request<T>(type: string, fields?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  /** RSS, heap, event-loop delay and log counts since the last reset; `reset` starts a new period. */
  stats(reset?: boolean): Promise<ChildStats>;
  /** Graceful stop (the child exits 0, writing a CPU profile if one was asked for); SIGKILL after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
  /** The last few KB of its stdout/stderr, for error messages. */
  output(): string;
}

/** How to start a bench child (see {@link startChild}). */
export interface StartChildOptions {
  /** Used in messages, e.g. "app" or "baseline". */
  name: string;
  /** Path of the .ts entry, absolute or relative to the repository root. */
  entry: string;
  /** Environment, on top of a few inherited variables (PATH, HOME, TMPDIR…; see childEnv). */
  env?: Record<string, string>;
  /** Write a V8 CPU profile (`--cpu-prof`) into this directory when the child stops. */
  cpuProfileDir?: string;
  /** Default 30 s. */
  readyTimeoutMs?: number;
  /** Extra Node flags, e.g. `--expose-gc`. */
  nodeFlags?: string[];
}

/**
 * Forks `entry` with `node --import tsx` and waits for its `ready` message.
 * @throws when the child exits or reports a failure before it is ready, or is not ready within `readyTimeoutMs`
 */
export async function startChild(options: StartChildOptions): Promise<BenchChild> {
  const execArgv = ['--import', 'tsx', ...(options.nodeFlags ?? [])];
  if (options.cpuProfileDir) execArgv.push('--cpu-prof', '--cpu-prof-dir', join(options.cpuProfileDir, options.name));
  const child = fork(options.entry, [], {
    cwd: REPO_ROOT,
    env: childEnv(options.env),
    execArgv,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  trackProcess(child);
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  let nextId = 1;
  const pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }
  >();
  const failAll = (error: Error) => {
    for (const entry of pending.values()) {
      clearTimeout(entry.timer);
      entry.reject(error);
    }
    pending.clear();
  };
  child.on('message', (raw: unknown) => {
    const reply = raw as ChildReply;
    if (reply?.type !== 'reply') return;
    const entry = pending.get(reply.id);
    if (!entry) return;
    pending.delete(reply.id);
    clearTimeout(entry.timer);
    if (reply.ok) entry.resolve(reply.value);
    else entry.reject(new Error(`${options.name}: ${reply.error ?? 'request failed'}`));
  });
  child.once('exit', (code, signal) =>
    failAll(new Error(`${options.name} exited (${signal ?? code}) ${tail.slice(-1_000)}`)),
  );

  const port = await new Promise<number | undefined>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `${options.name} was not ready within ${options.readyTimeoutMs ?? 30_000} ms: ${tail.slice(-1_000)}`,
          ),
        ),
      options.readyTimeoutMs ?? 30_000,
    );
    const onMessage = (raw: unknown) => {
      const message = raw as { type?: string; port?: number; error?: string };
      if (message?.type === 'ready') {
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(message.port);
      } else if (message?.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`${options.name} failed to start: ${message.error ?? tail.slice(-1_000)}`));
      }
    };
    child.on('message', onMessage);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited (${signal ?? code}) before it was ready: ${tail.slice(-1_000)}`));
    });
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });

  const request = <T>(type: string, fields: Record<string, unknown> = {}, timeoutMs = 120_000): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (child.exitCode !== null || child.signalCode !== null)
        return reject(
          new Error(
            `${options.name} is not running (exited ${child.signalCode ?? child.exitCode}): ${tail.slice(-1_000)}`,
          ),
        );
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${options.name} did not answer ${type} within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, { resolve: (value) => resolve(value as T), reject, timer });
      // With a callback, a channel closed by a dying child rejects this request instead of emitting an unhandled 'error'.
      child.send({ ...fields, type, id }, (error) => {
        if (!error || !pending.has(id)) return;
        pending.delete(id);
        clearTimeout(timer);
        reject(new Error(`${options.name} is not running (${error.message}): ${tail.slice(-1_000)}`));
      });
    });

  return {
    name: options.name,
    pid: child.pid ?? -1,
    port,
    request,
    stats: (reset = false) => request<ChildStats>('stats', { reset }, 10_000),
    async stop(timeoutMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      request('stop', {}, timeoutMs).catch(() => undefined);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
    output: () => tail,
  };
}
