import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeCloudMonitor, type FakeCloudMonitor } from '../fakes/cloudmonitor.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-web-api.js';
import { BOT_TOKEN, botEnv, SIGNING_SECRET } from '../helpers/test-bot.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// node itself with tsx's loader (not the tsx wrapper): a signal sent to the child reaches the bot, SIGKILL too.
const NODE_ARGS = ['--import', 'tsx'];

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs src/main.ts as a process with exactly `env` (plus PATH), like `npm start` does after the build. */
function runMain(env: Record<string, string>, untilStdout?: RegExp, then?: (pid: number) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_ARGS, 'src/main.ts'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`main did not finish in time; stdout: ${stdout} stderr: ${stderr}`));
    }, 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (untilStdout?.test(stdout) && then && child.pid) {
        const pid = child.pid;
        untilStdout = undefined;
        then(pid);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe('the main process', () => {
  let slack: FakeSlack | undefined;
  let cms: FakeCloudMonitor | undefined;
  afterEach(async () => {
    await slack?.close();
    await cms?.close();
  });

  it('exits non-zero before connecting anywhere, one line per bad variable, never printing a secret', async () => {
    const run = await runMain({
      SLACK_BOT_TOKEN: 'not-a-bot-token',
      SLACK_SIGNING_SECRET: 'sekrit-signing-value',
      SLACK_ADMIN_USER_IDS: 'alice,bob',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'sekrit-access-key-secret',
      REMINDER_DELAYS: '1h,soon',
      DOTENV_CONFIG_PATH: '/nonexistent/.env',
    });
    expect(run.code).toBe(2);
    const lines = run.stderr.split('\n').filter((line) => /^\s+[A-Z_]+:/.test(line));
    const named = lines.map((line) => line.trim().split(':')[0]).sort();
    expect(named).toEqual(
      ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'REMINDER_DELAYS', 'SLACK_ADMIN_CHANNEL_ID', 'SLACK_ADMIN_USER_IDS', 'SLACK_BOT_TOKEN'].sort(),
    );
    expect(run.stderr).not.toContain('sekrit');
    expect(run.stderr).not.toContain('not-a-bot-token');
  });

  it('stops with a message naming STORE_URL when Redis cannot be reached, instead of hanging', async () => {
    slack = await startFakeSlack({ botToken: BOT_TOKEN });
    cms = await startFakeCloudMonitor();
    const run = await runMain(botEnv({ slack, cms }, { STORE_URL: 'redis://127.0.0.1:1', DOTENV_CONFIG_PATH: '/nonexistent/.env' }));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/could not start: .*STORE_URL/);
  });

  it('starts against Slack and CloudMonitor, serves /healthz and /readyz, and exits 0 on SIGTERM', async () => {
    slack = await startFakeSlack({ botToken: BOT_TOKEN });
    cms = await startFakeCloudMonitor();
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    let health: number[] = [];
    const run = await runMain(
      botEnv({ slack, cms }, { PORT: String(port), HOST: '127.0.0.1', DOTENV_CONFIG_PATH: '/nonexistent/.env' }),
      /alert-contact-bot is running/,
      (pid) => {
        void Promise.all(['/healthz', '/readyz'].map((path) => fetch(`http://127.0.0.1:${port}${path}`).then((r) => r.status))).then((statuses) => {
          health = statuses;
          process.kill(pid, 'SIGTERM');
        });
      },
    );
    expect(health).toEqual([200, 200]);
    expect(run.code).toBe(0);
    // HOST is where it listens (and says so)
    expect(run.stdout).toMatch(/"host":"127\.0\.0\.1","port":\d+.*alert-contact-bot is running/);
    expect(run.stdout).toContain('shutting down');
    expect(run.stdout).not.toContain(SIGNING_SECRET);
  });
});
