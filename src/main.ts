import { config as loadDotenv } from 'dotenv';
import { composeApp, secretsOf } from './compose.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { createLogger } from './log/logger.js';
import { createStore } from './store/create-store.js';

/**
 * On SIGTERM, how long `/readyz` fails while requests are still taken, before the app stops taking them, ms: a
 * load balancer (nginx, a Service) stops routing to this process first, so no slash command or click is dropped.
 */
const READINESS_DRAIN_MS = 2_000;
/** Longest a shutdown may take before the process exits anyway, ms (readiness drain + up to 8 s of work in flight). */
const SHUTDOWN_GRACE_MS = 12_000;

/** Entry point: `.env` (if present) → config → logger → store → CloudMonitor client → app → start. */
async function main(): Promise<void> {
  // `.env` fills in what the environment does not set; DOTENV_CONFIG_PATH points elsewhere (tests use it).
  loadDotenv({ path: process.env.DOTENV_CONFIG_PATH ?? '.env', quiet: true });
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(
        `alert-contact-bot: invalid configuration (see .env.example):\n${error.problems.map((line) => `  ${line}`).join('\n')}\n`,
      );
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, secrets: secretsOf(config) });
  const store = await createStore(config.storeUrl, Date.now, (message) =>
    logger.warn({ reason: message }, 'SQLite WAL checkpoint failed; the next one retries'),
  );
  const { bot } = composeApp(config, store, logger, { app: { readinessDrainMs: READINESS_DRAIN_MS } });
  await bot.start();

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    bot
      .stop()
      .then(() => store.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'error while shutting down');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `alert-contact-bot: could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
