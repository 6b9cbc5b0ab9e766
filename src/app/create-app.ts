import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { withCmsPriority } from '../cms/call-scheduler.js';
import { checkCloudMonitorAccess } from '../cms/startup-check.js';
import type { AppDeps } from '../compose.js';
import { registerListeners } from '../listeners/index.js';
import { dedupeEvents } from '../listeners/middleware/dedupe-events.js';
import { toBoltLogger } from '../log/logger.js';
import { observeSlackCalls } from '../slack/transport.js';
import { webClientOptions } from '../slack/web-client.js';
import { startBackgroundJobs } from './background-jobs.js';
import { InFlight } from './in-flight-work.js';
import { appTokenError, botTokenError, listenError } from './start-errors.js';
import { checkSlackSetup } from './startup-checks.js';

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
  /**
   * On stop(), how long `/readyz` answers 503 while requests are still served, before the app stops taking them,
   * ms: time for a load balancer to stop sending any. Default 0 (Kubernetes: the preStop delay does this).
   */
  readinessDrainMs?: number;
}

/** A built app: Bolt's App plus lifecycle. */
export interface AlertContactApp {
  app: App;
  /**
   * Checks the bot token (auth.test), starts the receiver (HTTP on config.port, or Socket Mode when
   * SLACK_APP_TOKEN is set, with `/healthz`, `/readyz` and `/metrics` then served on config.port alone) and the
   * background jobs.
   * @returns the HTTP port listened on (Slack requests in HTTP mode; the health and metrics endpoints in both)
   * @throws StartError naming SLACK_BOT_TOKEN (auth.test refused it), SLACK_APP_TOKEN (Socket Mode could not
   *   connect), or PORT / HOST (could not listen)
   */
  start(): Promise<{ port: number | undefined }>;
  /**
   * Fails `/readyz` first (503) and keeps serving for `readinessDrainMs`, then stops taking requests, waits up to
   * `graceMs` (default 8000 ms) for listeners still working after their ack (e.g. an approval in PutContact), then
   * stops the background jobs and the health server. Does not close the store. Work still running after the
   * grace period is resumed from the store by a sweeper (this or another replica).
   */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Builds the Bolt app for alert-contact-bot with every listener registered; no side effects until start().
 * The receiver is chosen here, once: Socket Mode when SLACK_APP_TOKEN is set, else HTTP with Slack requests at
 * `/slack/events`. `/healthz` (process up), `/readyz` (store reachable within 1 s, and not shutting down) and
 * `/metrics` (Prometheus text) are custom routes in HTTP mode and a small server of their own on PORT in Socket
 * Mode.
 */
export function createApp(deps: AppDeps, options: CreateAppOptions = {}): AlertContactApp {
  const { config, logger } = deps;
  const socketMode = config.slack.appToken !== undefined;
  let stopping = false;
  const ops = opsHandlers(deps, () => stopping);
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
            { path: '/healthz', method: 'GET', handler: ops.healthz },
            { path: '/readyz', method: 'GET', handler: ops.readyz },
            { path: '/metrics', method: 'GET', handler: ops.metrics },
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
    logger.error(
      { err: error, payloadType: (body as { type?: string } | undefined)?.type },
      'unhandled error in a listener',
    );
  };
  app.error(backstop);

  let background: { stop(): Promise<void> } | undefined;
  let opsServer: Server | undefined;
  let unobserve: (() => void) | undefined;
  return {
    app,
    async start() {
      await app.init().catch((error: unknown) => {
        throw botTokenError(error);
      });
      unobserve = observeSlackCalls((call) => {
        if (call.error) deps.metrics.slackErrors.inc({ method: call.method, code: call.error });
        logger.debug(
          { slackMethod: call.method, status: call.status, ...(call.error ? { code: call.error } : {}), ms: call.ms },
          'Slack Web API call',
        );
      });
      let port: number | undefined;
      let host: string | undefined;
      if (socketMode) {
        opsServer = await listen(ops, config.port, options.host);
        ({ port, address: host } = opsServer.address() as AddressInfo);
        await app.start().catch((error: unknown) => {
          throw appTokenError(error);
        });
      } else {
        const server = (await app
          .start({ port: config.port, ...(options.host ? { host: options.host } : {}) })
          .catch((error: unknown) => {
            throw listenError(error, config.port, options.host);
          })) as Server;
        ({ port, address: host } = server.address() as AddressInfo);
      }
      void withCmsPriority('background', () => checkCloudMonitorAccess(deps.cms, deps.logger, config.cms.endpoint));
      void checkSlackSetup(deps, app.client);
      background = startBackgroundJobs(deps, {
        intervalMs: options.reminderSweepMs,
        stuckAfterMs: config.resumeAfterMs,
      });
      logger.info({ mode: socketMode ? 'socket' : 'http', host, port }, 'alert-contact-bot is running');
      return { port };
    },
    async stop(graceMs = 8_000) {
      stopping = true; // /readyz fails from now on
      if (options.readinessDrainMs) await new Promise((resolve) => setTimeout(resolve, options.readinessDrainMs));
      await app.stop(); // no new requests
      const finished = await inFlight.drain(graceMs);
      if (!finished)
        logger.warn(
          { running: inFlight.size },
          'stopping with work still running; the sweeper of any replica resumes it',
        );
      await background?.stop();
      unobserve?.();
      if (opsServer) {
        opsServer.closeAllConnections();
        await new Promise((resolve) => opsServer?.close(resolve));
      }
    },
  };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The operations endpoints: `/healthz` 200 while the process runs; `/readyz` 200 when the store answers within
 * its ping budget and the app is not shutting down, else 503 (always within about 1 s); `/metrics` the
 * Prometheus exposition text.
 */
function opsHandlers(deps: AppDeps, stopping: () => boolean): { healthz: Handler; readyz: Handler; metrics: Handler } {
  const json = (res: ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  return {
    healthz: (_req, res) => json(res, 200, { ok: true }),
    readyz: (_req, res) => {
      if (stopping()) return void json(res, 503, { ok: false, error: 'shutting down' });
      deps.storeHealth.check().then(
        (reachable) =>
          reachable ? json(res, 200, { ok: true }) : json(res, 503, { ok: false, error: 'store unreachable' }),
        () => json(res, 503, { ok: false, error: 'store unreachable' }),
      );
    },
    metrics: (_req, res) => {
      deps.metrics.scrape().then(
        ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType }).end(body),
        (error: unknown) => {
          deps.logger.error({ err: error }, 'could not render /metrics');
          res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n');
        },
      );
    },
  };
}

/**
 * Serves the operations endpoints alone (Socket Mode has no HTTP receiver) on `port`.
 * @throws when the port cannot be listened on (the message names PORT)
 */
async function listen(ops: ReturnType<typeof opsHandlers>, port: number, host: string | undefined): Promise<Server> {
  const routes: Record<string, Handler> = { '/healthz': ops.healthz, '/readyz': ops.readyz, '/metrics': ops.metrics };
  const server = createServer((req, res) => {
    const handler = req.method === 'GET' ? routes[new URL(req.url ?? '/', 'http://localhost').pathname] : undefined;
    if (handler) handler(req, res);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          `could not serve /healthz, /readyz and /metrics on PORT ${port}${error.code ? ` (${error.code})` : ''}: set PORT to a free port`,
        ),
      ),
    );
    server.listen(port, host, () => resolve());
  });
  return server;
}
