import { webApi } from '@slack/bolt';
import { slackFetch } from './transport.js';

/** Posts messages (chat.postMessage) at most once each. */
export interface MessagePoster {
  /**
   * chat.postMessage without blind retries: a post whose answer was lost (network error, 5xx) may have been
   * delivered, so it is not sent again; the error is thrown for the caller to log or report. Only rate limiting
   * (HTTP 429, which Slack answers before doing anything) is waited out (`Retry-After` seconds) and retried.
   * @throws the Web API error (e.g. `WebAPIPlatformError` with `data.error === 'not_in_channel'`)
   */
  post(args: webApi.ChatPostMessageArguments): Promise<webApi.ChatPostMessageResponse>;
}

/**
 * Creates the poster on its own WebClient with retries off (the app's shared client retries idempotent calls).
 * @param options.maxRateLimitWaits how many 429 answers to wait out before giving up; default 3
 */
export function createMessagePoster(options: {
  token: string;
  slackApiUrl?: string;
  maxRateLimitWaits?: number;
}): MessagePoster {
  const client = new webApi.WebClient(options.token, {
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    fetch: slackFetch,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logLevel: webApi.LogLevel.ERROR,
  });
  const maxWaits = options.maxRateLimitWaits ?? 3;
  return {
    async post(args) {
      for (let waits = 0; ; waits += 1) {
        try {
          return await client.chat.postMessage(args);
        } catch (error) {
          if (!(error instanceof webApi.WebAPIRateLimitedError) || waits >= maxWaits) throw error;
          await new Promise((resolve) => setTimeout(resolve, error.retryAfter * 1000));
        }
      }
    },
  };
}
