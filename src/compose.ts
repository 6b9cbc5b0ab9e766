import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type AlertContactApp, type CreateAppOptions, createApp } from './app/create-app.js';
import { AppMetrics } from './app/metrics.js';
import { type CmsClient, type CmsClientOptions, createCmsClient } from './cms/client.js';
import type { Config } from './config.js';
import type { PinoLogger } from './log/logger.js';
import type { Notifier } from './requests/notifier.js';
import type { DeliveryPolicy } from './slack/delivery.js';
import { createSlackNotifier } from './slack/notifier.js';
import { createMessagePoster, type MessagePoster } from './slack/post-message.js';
import { createLocaleResolver, type LocaleResolver } from './slack/user-locale.js';
import { createProfileCache, type ProfileCache } from './slack/user-profiles.js';
import { createWebClient } from './slack/web-client.js';
import { AuditLog } from './store/audit.js';
import { RateLimiter } from './store/rate-limit.js';
import { RequestRepository } from './store/request-repository.js';
import type { Store } from './store/store.js';
import { monitorStore, StoreHealth } from './store/store-health.js';

/**
 * What listeners, use cases and background jobs are given: a plain object, no globals, so tests swap the Slack
 * and CloudMonitor endpoints, the store and the clock.
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
  /** What the request core tells admins and requesters (approval messages, outcome DMs). */
  notifier: Notifier;
  /** The language of each Slack user (their Slack locale). */
  locales: LocaleResolver;
  /** Slack users' profiles (the form's prefill), kept in the store and refreshed by `user_change`. */
  profiles: ProfileCache;
  logger: PinoLogger;
  /** Prometheus metrics (`/metrics`); CloudMonitor calls, status changes and audit outcomes are counted by wrappers. */
  metrics: AppMetrics;
  /** Whether the store answers; logs an outage once, naming STORE_URL. */
  storeHealth: StoreHealth;
  /** Epoch ms. */
  now: () => number;
  /** Identifies this process in leases, e.g. `host:pid:random`. */
  instanceId: string;
}

export interface ComposeOptions {
  /** Clock, epoch ms; default Date.now. */
  now?: () => number;
  /** CloudMonitor client tuning (timeouts, retries, rate cap) on top of config.cms. */
  cms?: Partial<CmsClientOptions>;
  /** Retries of a failed Slack Web API call by the retrying clients; default 2 (`webClientOptions`). */
  slackRetries?: number;
  /** How many HTTP 429 answers the poster waits out itself before handing a post back to the sweeper; default 3. */
  rateLimitWaits?: number;
  /** How messages Slack refused are retried (backoff, tries); default `DEFAULT_DELIVERY_POLICY`. */
  delivery?: Partial<DeliveryPolicy>;
}

/** The settings whose values must never be logged: the logger redacts them. */
export function secretsOf(config: Config): string[] {
  return [
    config.slack.botToken,
    config.slack.signingSecret,
    config.slack.appToken,
    config.cms.accessKeySecret,
    config.cms.securityToken,
  ].filter((value): value is string => Boolean(value));
}

/**
 * Wires the dependencies from config and an open store. No network or timers until used.
 * @returns the AppDeps every listener, use case and job receives
 */
export function composeDeps(
  config: Config,
  openStore: Store,
  logger: PinoLogger,
  options: ComposeOptions = {},
): AppDeps {
  const now = options.now ?? Date.now;
  const storeHealth = new StoreHealth(openStore, logger, config.storeUrl);
  const store = monitorStore(openStore, storeHealth);
  const metrics = new AppMetrics(store, logger);
  const deps: Omit<AppDeps, 'notifier'> & { notifier?: Notifier } = {
    config,
    store,
    requests: metrics.instrumentRequests(new RequestRepository(store, now), logger),
    submissions: new RateLimiter(store, config.submissionLimit, now),
    audit: metrics.instrumentAudit(new AuditLog(store, now), logger),
    cms: metrics.instrumentCms(createCmsClient({ ...config.cms, ...options.cms }), logger),
    poster: createMessagePoster({
      token: config.slack.botToken,
      slackApiUrl: config.slack.apiUrl,
      maxRateLimitWaits: options.rateLimitWaits,
    }),
    locales: createLocaleResolver(store, { token: config.slack.botToken, slackApiUrl: config.slack.apiUrl, logger }),
    profiles: createProfileCache(store, { token: config.slack.botToken, slackApiUrl: config.slack.apiUrl, logger }),
    logger,
    storeHealth,
    metrics,
    now,
    instanceId: `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
  };
  deps.notifier = createSlackNotifier(deps, createWebClient(config, options.slackRetries), options.delivery);
  return deps as AppDeps;
}

/**
 * Builds the whole bot the way production runs it (main.ts) and the test bot does: {@link composeDeps}, then
 * createApp. Nothing starts until `bot.start()`.
 */
export function composeApp(
  config: Config,
  store: Store,
  logger: PinoLogger,
  options: ComposeOptions & { app?: CreateAppOptions } = {},
): { deps: AppDeps; bot: AlertContactApp } {
  const deps = composeDeps(config, store, logger, options);
  const bot = createApp(deps, {
    ...(config.host ? { host: config.host } : {}),
    slackRetries: options.slackRetries,
    ...options.app,
  });
  return { deps, bot };
}
