import type { webApi } from '@slack/bolt';
import { fetch as undiciFetch, type RequestInit as UndiciRequestInit } from 'undici';

type FetchFunction = NonNullable<webApi.WebClientOptions['fetch']>;

/**
 * The HTTP transport of every Web API client of the app (WebClient's `fetch` option, @slack/web-api 8): undici 7's
 * fetch from npm instead of the one bundled with Node 20 (undici 6), for the url-encoded string bodies WebClient
 * sends for every method but file uploads: it costs less CPU per call, and Web API calls are the largest CPU cost
 * of the `/alert-contact` path (figures: README, "Performance"). Other bodies (FormData for uploads, which undici 7
 * would not recognise as its own) go to Node's fetch. Same WHATWG fetch semantics either way.
 */
export const slackFetch: FetchFunction = (input, init) => {
  const plain = (typeof input === 'string' || input instanceof URL) && (init?.body === undefined || init.body === null || typeof init.body === 'string');
  if (!plain) return fetch(input, init);
  // The two fetch typings differ only in body and Request types the check above keeps out.
  return undiciFetch(input, init as UndiciRequestInit) as unknown as Promise<Response>;
};
