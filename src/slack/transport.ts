import type { webApi } from '@slack/bolt';
import { type RequestInit as UndiciRequestInit, fetch as undiciFetch } from 'undici';

type FetchFunction = NonNullable<webApi.WebClientOptions['fetch']>;

/**
 * The HTTP transport of every Web API client of the app (WebClient's `fetch` option, @slack/web-api 8): undici 7's
 * fetch from npm instead of the one bundled with Node 20 (undici 6), for the url-encoded string bodies WebClient
 * sends for every method but file uploads: it costs less CPU per call, and Web API calls are the largest CPU cost
 * of the `/alert-contact` path (figures: README, "Performance"). Other bodies (FormData for uploads, which undici 7
 * would not recognise as its own) go to Node's fetch. Same WHATWG fetch semantics either way.
 */
export const slackFetch: FetchFunction = (input, init) => {
  const plain =
    (typeof input === 'string' || input instanceof URL) &&
    (init?.body === undefined || init.body === null || typeof init.body === 'string');
  // The two fetch typings differ only in body and Request types the check above keeps out.
  const sent = plain
    ? (undiciFetch(input, init as UndiciRequestInit) as unknown as Promise<Response>)
    : fetch(input, init);
  return observers.size === 0 ? sent : observed(input, sent);
};

/**
 * One Web API call as the transport saw it: the method (from the URL), the HTTP status (0: no answer), Slack's
 * error code when it refused (`ok:false`, or `ratelimited` for HTTP 429, `http_<status>` for other non-2xx,
 * `network` when no answer came), and how long it took, ms. Never arguments or tokens.
 */
export interface SlackCall {
  method: string;
  status: number;
  error?: string;
  ms: number;
}

const observers = new Set<(call: SlackCall) => void>();

/**
 * Tells `observer` about every Web API call made through {@link slackFetch} (metrics, debug logs).
 * @returns a function that stops telling it
 */
export function observeSlackCalls(observer: (call: SlackCall) => void): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

function observed(input: Parameters<FetchFunction>[0], sent: Promise<Response>): Promise<Response> {
  const started = performance.now();
  const url =
    typeof input === 'string' ? input : input instanceof URL ? input.href : String((input as { url?: unknown }).url);
  const method = /\/api\/([\w.]+)/.exec(url)?.[1] ?? 'unknown';
  const tell = (call: SlackCall) => {
    for (const observer of observers) observer(call);
  };
  return sent.then(
    (response) => {
      const ms = Math.round(performance.now() - started);
      if (response.status === 429) tell({ method, status: 429, error: 'ratelimited', ms });
      else if (!response.ok) tell({ method, status: response.status, error: `http_${response.status}`, ms });
      else if ((response.headers.get('content-type') ?? '').includes('json')) {
        response
          .clone()
          .json()
          .then(
            (body: unknown) => {
              const refused = (body as { ok?: unknown; error?: unknown } | null)?.ok === false;
              const code = (body as { error?: unknown }).error;
              tell({
                method,
                status: response.status,
                ...(refused ? { error: typeof code === 'string' ? code : 'unknown_error' } : {}),
                ms,
              });
            },
            () => tell({ method, status: response.status, ms }),
          );
      } else tell({ method, status: response.status, ms });
      return response;
    },
    (error: unknown) => {
      tell({ method, status: 0, error: 'network', ms: Math.round(performance.now() - started) });
      throw error;
    },
  );
}
