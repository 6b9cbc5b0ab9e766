/**
 * The fakes every scenario runs against, in the parent process (the apps under test run in children): the fake
 * Slack Web API of test/fakes with a pool of bench users, and the fake CloudMonitor. Also the environment that
 * points an app child at them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  type FakeCloudMonitor,
  type FakeCmsOptions,
  startFakeCloudMonitor,
} from '../../test/fakes/cloudmonitor.js';
import { type FakeSlack, startFakeSlack } from '../../test/fakes/slack-web-api.js';
import { ADMIN, ADMIN_CHANNEL, BOT_TOKEN, SIGNING_SECRET } from '../../test/helpers/test-bot.js';

/** Users who exist in the fake Slack (with profiles) and run `/alert-contact` in the load. */
export const BENCH_USERS = 1_000;

/** The i-th bench user id, `U0B` + 6 base-36 digits (a valid Slack user id). */
export function benchUserId(i: number): string {
  return `U0B${i.toString(36).toUpperCase().padStart(6, '0')}`;
}

/** Starts the fake Slack on 127.0.0.1 with the admin, the admins' channel (bot a member) and {@link BENCH_USERS} bench users. */
export async function startBenchSlack(): Promise<FakeSlack> {
  const slack = await startFakeSlack({
    botToken: BOT_TOKEN,
    users: [{ id: ADMIN, name: 'admin', realName: 'Ada Admin' }],
    // The admins' channel, with the bot in it (as the tests' bot has it; the app checks this at start).
    channels: [{ id: ADMIN_CHANNEL, name: 'alert-contact-admins', isPrivate: true, isMember: true }],
  });
  for (let i = 0; i < BENCH_USERS; i += 1) addBenchUser(slack, benchUserId(i), i);
  return slack;
}

/** Adds one user with a full profile (name, e-mail, mainland mobile, locale), as most people have. */
export function addBenchUser(slack: FakeSlack, id: string, i: number): void {
  slack.addUser({
    id,
    name: `bench${i}`,
    realName: `Bench Person ${i}`,
    email: `bench${i}@example.com`,
    phone: `+86 138 ${String(i % 10_000).padStart(4, '0')} ${String(i % 9_999).padStart(4, '0')}`,
    locale: i % 2 === 0 ? 'en-US' : 'zh-CN',
    title: 'SRE',
  });
}

const freshCounters = new WeakMap<FakeSlack, number>();

/**
 * A Slack user who has never used the bot: added to this fake Slack (with a full profile) and returned. During an
 * incident most commands come from people running /alert-contact for the first time, with nothing cached.
 * @returns `U0N` + 7 base-36 digits, unique per fake
 */
export function freshUser(slack: FakeSlack): string {
  const n = (freshCounters.get(slack) ?? 0) + 1;
  freshCounters.set(slack, n);
  const id = `U0N${n.toString(36).toUpperCase().padStart(7, '0')}`;
  addBenchUser(slack, id, BENCH_USERS + n);
  return id;
}

/** Starts the fake CloudMonitor on 127.0.0.1 (rate limit off unless given). */
export function startBenchCms(options: FakeCmsOptions = {}): Promise<FakeCloudMonitor> {
  return startFakeCloudMonitor({ rateLimitPerSecond: 0, ...options });
}

/**
 * Drops what the fake Slack records per call (calls, views, ephemerals, response_url posts) so that a long run
 * does not grow the parent's memory. Messages are kept: the app updates them later.
 */
export function trimFakeSlack(slack: FakeSlack): void {
  slack.calls.length = 0;
  slack.views.clear();
  slack.ephemerals.length = 0;
  slack.responseUrlPosts.length = 0;
}

const tempDirs: string[] = [];

/** A new directory under the OS temp directory, removed by {@link removeTempDirs}. */
export function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `alert-contact-bench-${label}-`));
  tempDirs.push(dir);
  return dir;
}

/** A fresh SQLite store URL in a new temporary directory (on disk, as in production). */
export function tempSqliteUrl(label: string): string {
  return `sqlite://${join(tempDir(label), 'store.sqlite')}`;
}

/** Deletes every directory made by {@link tempDir} (the 100k-registration stores take hundreds of MB). Synchronous. */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Every variable src/config.ts reads, set explicitly (so nothing leaks in from the shell or a .env file): HTTP
 * mode on a free port, the fakes' URLs, the admin, log level `warn`.
 */
export function appEnv(
  slack: FakeSlack,
  cms: FakeCloudMonitor,
  storeUrl: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_APP_TOKEN: '',
    SLACK_API_URL: slack.url,
    PORT: '0',
    SLACK_ADMIN_CHANNEL_ID: ADMIN_CHANNEL,
    SLACK_ADMIN_USER_IDS: ADMIN,
    ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY_ID,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_ACCESS_KEY_SECRET,
    CMS_ENDPOINT: cms.url,
    STORE_URL: storeUrl,
    REMINDER_DELAYS: '1h,1d,3d',
    LOG_LEVEL: 'warn',
    ...overrides,
  };
}

/**
 * Resolves once `count()` has not changed for `quietMs` (the app's background work after a load round has
 * drained), or after `timeoutMs` (default 15 s) whatever the count.
 * @returns whether it went quiet before the timeout
 */
export async function waitQuiet(count: () => number, quietMs = 300, timeoutMs = 15_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let last = count();
  let since = Date.now();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = count();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      return true;
    }
  }
  return false;
}
