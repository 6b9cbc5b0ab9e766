import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { withCmsPriority } from '../cms/call-scheduler.js';
import { checkCloudMonitorAccess } from '../cms/startup-check.js';
import type { AppDeps } from '../compose.js';
import { registerListeners } from '../listeners/index.js';
import { dedupeEvents } from '../listeners/middleware/dedupe-events.js';
import { toBoltLogger } from '../log/logger.js';
import { startBackgroundJobs } from './background-jobs.js';
import { InFlight } from './in-flight-work.js';
import { appTokenError, botTokenError, listenError } from './start-errors.js';
import { webClientOptions } from '../slack/web-client.js';

export interface CreateAppOptions {
  /** Interface to listen on in HTTP mode; default all interfaces. Tests use 127.0.0.1. */
  host?: string;
  /** How often background jobs (reminders, resuming unfinished work) run, ms. Default 1000. */
  reminderSweepMs?: number;
  /**
   * Retries of a failed Slack Web API call (5xx, network, 429 after its Retry-After). Default 2. A retried post
   * whose first answer was lost could appear twice, so keep this small.
   */
  slackRetries?: number;
}

/** A built app: Bolt's App plus lifecycle. */
export interface AlertContactApp {
  app: App;
  /**
   * Checks the bot token (auth.test), starts the receiver (HTTP on config.port, or Socket Mode when
   * SLACK_APP_TOKEN is set) and the background jobs.
   * @returns the HTTP port listened on (HTTP mode) or undefined (Socket Mode)
   * @throws StartError naming SLACK_BOT_TOKEN (auth.test refused it), SLACK_APP_TOKEN (Socket Mode could not
   *   connect), or PORT / HOST (could not listen)
   */
  start(): Promise<{ port: number | undefined }>;
  /**
   * Stops taking requests, waits up to `graceMs` (default 8000 ms) for listeners still working after their ack
   * (e.g. an approval in PutContact), then stops the background jobs. Does not close the store. Work still
   * running after the grace period is resumed from the store by a sweeper (this or another replica).
   */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Builds the Bolt app for alert-contact-bot with every listener registered; no side effects until start().
 * The receiver is chosen here, once: Socket Mode when SLACK_APP_TOKEN is set, else HTTP with Slack requests at
 * `/slack/events` and `/healthz` (process up) and `/readyz` (store reachable) as custom routes.
 */
export function createApp(deps: AppDeps, options: CreateAppOptions = {}): AlertContactApp {
  const { config, logger } = deps;
  const socketMode = config.slack.appToken !== undefined;
  const app = new App({
    token: config.slack.botToken,
    signingSecret: config.slack.signingSecret,
    logger: toBoltLogger(logger),
    logLevel: LogLevel.INFO,
    extendedErrorHandler: true,
    // No listener uses context.conversation: Bolt's default store is per process (wrong with replicas) and costs
    // a rejected lookup, with an Error and its stack, on every request.
    convoStore: false,
    clientOptions: webClientOptions(config, options.slackRetries),
    // Bolt would call auth.test in this constructor and a wrong token would crash the process with its raw error
    // (an unhandled rejection); deferred, start() runs it through app.init() and names SLACK_BOT_TOKEN instead.
    // init() still checks the token once and keeps the bot's user and bot IDs (bolt-js src/App.ts, init()).
    deferInitialization: true,
    ...(socketMode
      ? { socketMode: true, appToken: config.slack.appToken }
      : {
          customRoutes: [
            {
              path: '/healthz',
              method: 'GET',
              handler: (_req, res) => {
                res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
              },
            },
            {
              path: '/readyz',
              method: 'GET',
              handler: (_req, res) => {
                deps.store.ping().then(
                  () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'),
                  () => res.writeHead(503, { 'content-type': 'application/json' }).end('{"ok":false,"error":"store unreachable"}'),
                );
              },
            },
          ],
        }),
  });

  const inFlight = new InFlight();
  // Every listener runs inside this, including work it does after its ack, so stop() can wait for it.
  app.use(async ({ next }) => {
    await inFlight.track(next());
  });
  app.use(dedupeEvents(deps.store, deps.instanceId));
  registerListeners(app, deps);
  const backstop: Parameters<App['error']>[0] = async ({ error, body }) => {
    logger.error({ err: error, payloadType: (body as { type?: string } | undefined)?.type }, 'unhandled error in a listener');
  };
  app.error(backstop);

  let background: { stop(): Promise<void> } | undefined;
  return {
    app,
    async start() {
      await app.init().catch((error: unknown) => {
        throw botTokenError(error);
      });
      let port: number | undefined;
      let host: string | undefined;
      if (socketMode) {
        await app.start().catch((error: unknown) => {
          throw appTokenError(error);
        });
      } else {
        const server = (await app.start({ port: config.port, ...(options.host ? { host: options.host } : {}) }).catch((error: unknown) => {
          throw listenError(error, config.port, options.host);
        })) as Server;
        ({ port, address: host } = server.address() as AddressInfo);
      }
      void withCmsPriority('background', () => checkCloudMonitorAccess(deps.cms, deps.logger, config.cms.endpoint));
      background = startBackgroundJobs(deps, { intervalMs: options.reminderSweepMs, stuckAfterMs: config.resumeAfterMs });
      logger.info({ mode: socketMode ? 'socket' : 'http', host, port }, 'alert-contact-bot is running');
      return { port };
    },
    async stop(graceMs = 8_000) {
      await app.stop(); // no new requests
      const finished = await inFlight.drain(graceMs);
      if (!finished) logger.warn({ running: inFlight.size }, 'stopping with work still running; the sweeper of any replica resumes it');
      await background?.stop();
    },
  };
}
