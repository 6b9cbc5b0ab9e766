import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeCloudMonitor, startFakeCloudMonitor } from '../fakes/cloudmonitor.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack-web-api.js';
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
    const child = spawn(process.execPath, [...NODE_ARGS, 'src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`main did not finish in time; stdout: ${stdout} stderr: ${stderr}`));
    }, 25_000);
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
      [
        'ALIBABA_CLOUD_ACCESS_KEY_ID',
        'REMINDER_DELAYS',
        'SLACK_ADMIN_CHANNEL_ID',
        'SLACK_ADMIN_USER_IDS',
        'SLACK_BOT_TOKEN',
      ].sort(),
    );
    expect(run.stderr).not.toContain('sekrit');
    expect(run.stderr).not.toContain('not-a-bot-token');
  });

  it('stops with a message naming STORE_URL when Redis cannot be reached, instead of hanging', async () => {
    slack = await startFakeSlack({ botToken: BOT_TOKEN });
    cms = await startFakeCloudMonitor();
    const run = await runMain(
      botEnv({ slack, cms }, { STORE_URL: 'redis://127.0.0.1:1', DOTENV_CONFIG_PATH: '/nonexistent/.env' }),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/could not start: .*STORE_URL/);
  });

  /** The run failed to start with exactly one line on stderr, no stack trace, naming `setting`. */
  function expectOneLineNaming(run: Run, setting: string): void {
    expect(run.code).toBe(1);
    const lines = run.stderr.split('\n').filter((line) => line.trim() !== '');
    expect(lines, run.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^alert-contact-bot: could not start: .*\\b${setting}\\b`));
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }

  it('a wrong bot token: one line naming SLACK_BOT_TOKEN and the fix, no stack trace, token not printed', async () => {
    slack = await startFakeSlack({ botToken: BOT_TOKEN });
    cms = await startFakeCloudMonitor();
    const run = await runMain(
      botEnv({ slack, cms }, { SLACK_BOT_TOKEN: 'xoxb-wrong-token-4711', DOTENV_CONFIG_PATH: '/nonexistent/.env' }),
    );
    expectOneLineNaming(run, 'SLACK_BOT_TOKEN');
    expect(run.stderr).toContain('invalid_auth');
    expect(run.stderr).toContain('OAuth & Permissions');
    expect(run.stderr + run.stdout).not.toContain('xoxb-wrong-token-4711');
    expect(run.stdout).not.toContain('WebAPIPlatformError');
  });

  it('cp .env.example .env && npm start: refused before connecting anywhere, naming each placeholder', async () => {
    const run = await runMain({ DOTENV_CONFIG_PATH: join(ROOT, '.env.example') });
    expect(run.code).toBe(2);
    const named = run.stderr
      .split('\n')
      .filter((line) => /still the placeholder from \.env\.example/.test(line))
      .map((line) => line.trim().split(':')[0])
      .sort();
    expect(named).toEqual(
      [
        'ALIBABA_CLOUD_ACCESS_KEY_ID',
        'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
        'SLACK_ADMIN_CHANNEL_ID',
        'SLACK_ADMIN_USER_IDS',
        'SLACK_BOT_TOKEN',
        'SLACK_SIGNING_SECRET',
      ].sort(),
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('a port in use: one line naming PORT', async () => {
    slack = await startFakeSlack({ botToken: BOT_TOKEN });
    cms = await startFakeCloudMonitor();
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const run = await runMain(
        botEnv({ slack, cms }, { PORT: String(port), HOST: '127.0.0.1', DOTENV_CONFIG_PATH: '/nonexistent/.env' }),
      );
      expectOneLineNaming(run, 'PORT');
      expect(run.stderr).toContain(`PORT ${port} (EADDRINUSE`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it.each([
    [
      'a file that is not a database',
      (dir: string) => (writeFileSync(join(dir, 'store.sqlite'), 'x'.repeat(4096)), join(dir, 'store.sqlite')),
    ],
    [
      'a directory that cannot be created',
      (dir: string) => (writeFileSync(join(dir, 'plain-file'), ''), join(dir, 'plain-file', 'sub', 'store.sqlite')),
    ],
  ])('a SQLite store that cannot be opened (%s): one line naming STORE_URL', async (_label, pathIn) => {
    slack = await startFakeSlack({ botToken: BOT_TOKEN });
    cms = await startFakeCloudMonitor();
    const file = pathIn(mkdtempSync(join(tmpdir(), 'alert-contact-bad-')));
    const run = await runMain(
      botEnv({ slack, cms }, { STORE_URL: `sqlite://${file}`, DOTENV_CONFIG_PATH: '/nonexistent/.env' }),
    );
    expectOneLineNaming(run, 'STORE_URL');
  });

  it('a Socket Mode token Slack refuses: one line naming SLACK_APP_TOKEN', async () => {
    slack = await startFakeSlack({ botToken: BOT_TOKEN });
    cms = await startFakeCloudMonitor();
    const run = await runMain(
      botEnv({ slack, cms }, { SLACK_APP_TOKEN: 'xapp-1-wrong-app-token', DOTENV_CONFIG_PATH: '/nonexistent/.env' }),
    );
    expectOneLineNaming(run, 'SLACK_APP_TOKEN');
    expect(run.stderr).toContain('invalid_auth');
    expect(run.stderr + run.stdout).not.toContain('xapp-1-wrong-app-token');
  });

  it('CloudMonitor unreachable at start: the warning names CMS_ENDPOINT, and the bot keeps running', async () => {
    slack = await startFakeSlack({ botToken: BOT_TOKEN });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port: deadPort } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const run = await runMain(
      botEnv(
        { slack, cms: { url: `http://127.0.0.1:${deadPort}` } as FakeCloudMonitor },
        { PORT: String(port), HOST: '127.0.0.1', DOTENV_CONFIG_PATH: '/nonexistent/.env' },
      ),
      /could not reach CloudMonitor/,
      (pid) => process.kill(pid, 'SIGTERM'),
    );
    expect(run.code).toBe(0);
    const line = run.stdout.split('\n').find((text) => text.includes('could not reach CloudMonitor')) ?? '';
    expect(line).toContain('CMS_ENDPOINT');
    expect(line).toContain(`127.0.0.1:${deadPort}`);
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
        void Promise.all(
          ['/healthz', '/readyz'].map((path) => fetch(`http://127.0.0.1:${port}${path}`).then((r) => r.status)),
        ).then((statuses) => {
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
