import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { createCmsClient, type CmsClient, type CmsClientOptions } from './cms/client.js';
import type { Config } from './config.js';
import { createLocaleResolver, type LocaleResolver } from './slack/user-locale.js';
import type { PinoLogger } from './log/logger.js';
import { createMessagePoster, type MessagePoster } from './slack/post-message.js';
import { AuditLog } from './store/audit.js';
import { RateLimiter } from './store/rate-limit.js';
import { RequestRepository } from './store/request-repository.js';
import type { Store } from './store/store.js';

/**
 * What listeners and background jobs are given (STYLE.md habit 4): no globals, so tests swap the Slack and
 * CloudMonitor endpoints, the store and the clock.
 */
export interface AppDeps {
  config: Config;
  store: Store;
  requests: RequestRepository;
  /** Per-user limit on contact-form submissions (SUBMISSION_LIMIT). */
  submissions: RateLimiter;
  audit: AuditLog;
  cms: CmsClient;
  /** chat.postMessage at most once per message (no blind retries). */
  poster: MessagePoster;
  /** The language of each Slack user (their Slack locale). */
  locales: LocaleResolver;
  logger: PinoLogger;
  /** Epoch ms. */
  now: () => number;
  /** Identifies this process in leases, e.g. `host:pid:random`. */
  instanceId: string;
}

/**
 * Wires the dependencies from config and an open store; main.ts and the tests build the app the same way.
 * @param overrides.cms CloudMonitor client tuning (timeouts, retries, rate cap) on top of config.cms
 */
export function createDeps(
  config: Config,
  store: Store,
  logger: PinoLogger,
  overrides: { now?: () => number; cms?: Partial<CmsClientOptions> } = {},
): AppDeps {
  const now = overrides.now ?? Date.now;
  return {
    config,
    store,
    requests: new RequestRepository(store, now),
    submissions: new RateLimiter(store, config.submissionLimit, now),
    audit: new AuditLog(store, now),
    cms: createCmsClient({ ...config.cms, ...overrides.cms }),
    poster: createMessagePoster({ token: config.slack.botToken, slackApiUrl: config.slack.apiUrl }),
    locales: createLocaleResolver(store, { token: config.slack.botToken, slackApiUrl: config.slack.apiUrl }),
    logger,
    now,
    instanceId: `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
  };
}
