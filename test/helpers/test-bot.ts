import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { AlertContactApp, CreateAppOptions } from '../../src/app/create-app.js';
import type { CmsClientOptions } from '../../src/cms/client.js';
import { type AppDeps, composeApp, secretsOf } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log/logger.js';
import type { DeliveryPolicy } from '../../src/slack/delivery.js';
import { createStore } from '../../src/store/create-store.js';
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  type FakeCloudMonitor,
  startFakeCloudMonitor,
} from '../fakes/cloudmonitor.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack-web-api.js';

export const SIGNING_SECRET = 'test-signing-secret-8f742231b10e';
export const BOT_TOKEN = 'xoxb-test-token';
export const APP_TOKEN = 'xapp-test-token';
export const ADMIN_CHANNEL = 'C0ADMIN01';
export const ADMIN = 'U0ADMIN01';
export const SECOND_ADMIN = 'U0ADMIN02';
export const REQUESTER = 'U0REQ0001';
export const OTHER_USER = 'U0REQ0002';

export interface TestBotOptions {
  /** Extra or overriding environment variables. */
  env?: Record<string, string>;
  /** Reuse fakes (e.g. across a restart); otherwise new ones are started and closed with the bot. */
  slack?: FakeSlack;
  cms?: FakeCloudMonitor;
  /** CloudMonitor client tuning (short backoffs in tests). */
  cmsClient?: Partial<CmsClientOptions>;
  app?: CreateAppOptions;
  /** How refused Slack posts are retried; default: short backoffs (100 ms doubling to 1 s, 5 tries). */
  delivery?: Partial<DeliveryPolicy>;
  /** HTTP 429 answers the poster waits out itself (default 3). */
  rateLimitWaits?: number;
}

/** A running bot in HTTP mode on 127.0.0.1 against fake Slack and CloudMonitor, with its logs captured. */
export interface TestBot {
  url: string;
  slack: FakeSlack;
  cms: FakeCloudMonitor;
  deps: AppDeps;
  bot: AlertContactApp;
  env: Record<string, string>;
  /** Every log line written so far (JSON text). */
  logs: string[];
  /** Stops the app and closes the store; the fakes keep running. */
  stop(): Promise<void>;
  /** stop(), then closes the fakes this bot started. */
  close(): Promise<void>;
}

/**
 * The environment of a bot pointed at the fakes: test tokens and secrets, ADMIN and SECOND_ADMIN as admins,
 * a fresh SQLite file (unless `overrides` has STORE_URL), default reminders; `overrides` win.
 */
export function botEnv(
  fakes: { slack: FakeSlack; cms: FakeCloudMonitor },
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fakes.slack.url,
    SLACK_ADMIN_CHANNEL_ID: ADMIN_CHANNEL,
    SLACK_ADMIN_USER_IDS: `${ADMIN},${SECOND_ADMIN}`,
    ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY_ID,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_ACCESS_KEY_SECRET,
    CMS_ENDPOINT: fakes.cms.url,
    // A new temp directory only when the caller does not bring its own store.
    ...(overrides.STORE_URL === undefined ? { STORE_URL: tempSqliteUrl() } : {}),
    REMINDER_DELAYS: '1h,1d,3d',
    ...overrides,
  };
}

/** A fresh SQLite file URL in a new temp directory. */
export function tempSqliteUrl(): string {
  return `sqlite://${join(mkdtempSync(join(tmpdir(), 'alert-contact-')), 'store.sqlite')}`;
}

/**
 * Starts the real app (composeApp, the same wiring as main.ts) against local fakes. Users REQUESTER and
 * OTHER_USER exist in the fake Slack with profiles; ADMIN and SECOND_ADMIN are the configured admins.
 */
export async function startTestBot(options: TestBotOptions = {}): Promise<TestBot> {
  const ownSlack = !options.slack;
  const ownCms = !options.cms;
  const slack =
    options.slack ??
    (await startFakeSlack({
      botToken: BOT_TOKEN,
      appToken: APP_TOKEN,
      users: [
        {
          id: REQUESTER,
          name: 'dana',
          realName: 'Dana Ops',
          email: 'dana.ops@example.com',
          phone: '+86 138 0000 1234',
          locale: 'en-US',
          title: 'DBA',
        },
        { id: OTHER_USER, name: 'li', realName: '李伟', email: 'li.wei@example.com', phone: '', locale: 'zh-CN' },
        { id: ADMIN, name: 'admin', realName: 'Ada Admin' },
        { id: SECOND_ADMIN, name: 'admin2', realName: 'Bo Admin' },
      ],
      channels: [{ id: ADMIN_CHANNEL, name: 'alert-contact-admins', isPrivate: true, isMember: true }],
    }));
  const cms = options.cms ?? (await startFakeCloudMonitor());
  const env = botEnv({ slack, cms }, { PORT: '0', LOG_LEVEL: 'debug', ...options.env });
  const config = loadConfig(env);
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  const logger = createLogger({ level: config.logLevel, secrets: secretsOf(config), destination });
  const store = await createStore(config.storeUrl);
  const { deps, bot } = composeApp(config, store, logger, {
    cms: { minRetryDelayMs: 20, timeoutMs: 2_000, ...options.cmsClient },
    slackRetries: options.app?.slackRetries ?? 0,
    ...(options.rateLimitWaits === undefined ? {} : { rateLimitWaits: options.rateLimitWaits }),
    delivery: { baseDelayMs: 100, maxDelayMs: 1_000, maxTries: 5, ...options.delivery },
    app: { host: '127.0.0.1', reminderSweepMs: 200, ...options.app },
  });
  const { port } = await bot.start();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await bot.stop();
    await store.close();
  };
  return {
    url: port === undefined ? '' : `http://127.0.0.1:${port}`,
    slack,
    cms,
    deps,
    bot,
    env,
    logs,
    stop,
    async close() {
      await stop();
      if (ownSlack) await slack.close();
      if (ownCms) await cms.close();
    },
  };
}
