/**
 * Bench child: alert-contact-bot built the way src/main.ts builds it (config from the environment, SQLite or
 * Redis store, CloudMonitor client, createApp, start), in HTTP mode on 127.0.0.1 against the fakes named by the
 * environment (see lib/fakes.ts appEnv). Logs go to a counting sink instead of stdout (level LOG_LEVEL, `warn`
 * in the bench). Answers the parent's `stats` / `gc` / `stop` requests (lib/child-channel.ts) and
 * `remember-locales { userIds }` (through the app's own LocaleResolver.remember).
 *
 * Bench-only knob (unset = the production default): BENCH_CMS_CONCURRENCY, CloudMonitor calls in flight at once
 * (createCmsClient `concurrency`; the app has no setting for it).
 */
import type { CmsClientOptions } from '../src/cms/client.js';
import { type AppDeps, composeApp } from '../src/compose.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log/logger.js';
import { createStore } from '../src/store/create-store.js';
import { failStart, sendReady, serveParent } from './lib/child-channel.js';

/** A positive integer from the environment, or undefined when unset/empty. */
function envInt(name: string): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}: expected a positive integer`);
  return value;
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  let stop = async () => {};
  let deps: AppDeps | undefined;
  const { log } = serveParent(
    {
      // The language a user's Slack locale gives, remembered as the app does when it opens their form: lets a
      // benchmark submit forms from users who (as in real use) opened the form first.
      'remember-locales': async (request) => {
        const userIds = request.userIds as string[];
        for (let start = 0; start < userIds.length; start += 200) {
          await Promise.all(userIds.slice(start, start + 200).map((userId) => deps?.locales.remember(userId, 'en-US')));
        }
        return userIds.length;
      },
    },
    () => stop(),
  );
  const secrets = [config.slack.botToken, config.slack.signingSecret, config.cms.accessKeySecret].filter(
    (value): value is string => Boolean(value),
  );
  const logger = createLogger({ level: config.logLevel, secrets, destination: log });
  const store = await createStore(config.storeUrl);
  const cmsTuning: Partial<CmsClientOptions> = {};
  const concurrency = envInt('BENCH_CMS_CONCURRENCY');
  if (concurrency !== undefined) cmsTuning.concurrency = concurrency;
  const composed = composeApp(config, store, logger, { cms: cmsTuning, app: { host: '127.0.0.1' } });
  deps = composed.deps;
  const { bot } = composed;
  const { port } = await bot.start();
  stop = async () => {
    // Graceful, but bounded: work stuck behind a slow CloudMonitor need not finish for a benchmark.
    await Promise.race([bot.stop().then(() => store.close()), new Promise((resolve) => setTimeout(resolve, 3_000))]);
  };
  await sendReady(port);
}

main().catch(failStart);
