import { webApi } from '@slack/bolt';
import type { Config } from '../config.js';
import { slackFetch } from './transport.js';

/**
 * The options of every retrying Web API client of the app (Bolt's own `app.client` and the notifier's): the bot
 * token's Web API base URL (SLACK_API_URL), our transport, and a few retries of failed calls (5xx, network,
 * 429 after its Retry-After), @slack/web-api's `retryConfig`. A retried post whose first answer was lost could
 * appear twice, so posts that must not repeat use `createMessagePoster` instead.
 * @param retries retries of a failed call; default 2
 */
export function webClientOptions(config: Pick<Config, 'slack'>, retries = 2): webApi.WebClientOptions {
  return {
    fetch: slackFetch,
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    retryConfig: { retries, factor: 2, minTimeout: 300, maxTimeout: 3_000 },
  };
}

/** A WebClient for the bot token with {@link webClientOptions}. */
export function createWebClient(config: Pick<Config, 'slack'>, retries?: number): webApi.WebClient {
  return new webApi.WebClient(config.slack.botToken, {
    ...webClientOptions(config, retries),
    logLevel: webApi.LogLevel.ERROR,
  });
}

/**
 * A WebClient for the bot token's quick reads (users.info for a person's language or profile): one retry after
 * 200 ms, as a read a person may be waiting for cannot wait out longer backoffs.
 */
export function createLookupClient(options: { token: string; slackApiUrl?: string }): webApi.WebClient {
  return new webApi.WebClient(options.token, {
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    fetch: slackFetch,
    retryConfig: { retries: 1, minTimeout: 200 },
    logLevel: webApi.LogLevel.ERROR,
  });
}
