import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// node itself with tsx's loader (not the tsx wrapper): a signal sent to the child reaches the bot, SIGKILL too.
const NODE_ARGS = ['--import', 'tsx'];

/** A bot running as its own process (src/main.ts under tsx), as in production. */
export interface BotProcess {
  url: string;
  port: number;
  child: ChildProcessWithoutNullStreams;
  /** Everything the process printed so far (JSON log lines). */
  output(): string;
  /** Resolves with the exit code/signal once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A free-looking port in a high range; collisions are unlikely and make the start fail loudly. */
export function randomPort(): number {
  return 20_000 + Math.floor(Math.random() * 30_000);
}

/**
 * Starts `src/main.ts` with exactly `env` (plus PATH, and HOST=127.0.0.1 unless given) and resolves once it logs that it is running.
 * @throws when it exits or does not become ready within `timeoutMs` (default 20 s)
 */
export function startBotProcess(env: Record<string, string>, timeoutMs = 20_000): Promise<BotProcess> {
  const port = Number(env.PORT ?? randomPort());
  const child = spawn(process.execPath, [...NODE_ARGS, 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      DOTENV_CONFIG_PATH: '/nonexistent/.env',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      ...env,
      PORT: String(port),
    },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  const proc: BotProcess = {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    output: () => output,
    exited,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bot process not ready within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const poll = setInterval(() => {
      if (output.includes('alert-contact-bot is running')) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(proc);
      }
    }, 50);
    void exited.then(({ code, signal }) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`bot process exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
}
