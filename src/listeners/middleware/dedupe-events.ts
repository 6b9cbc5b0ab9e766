import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Store } from '../../store/store.js';

/**
 * How long an event_id is remembered, ms: longer than Slack's whole retry schedule (retries at once, after
 * 1 min and after 5 min; https://docs.slack.dev/apis/events-api/).
 */
export const EVENT_DEDUPE_MS = 60 * 60_000;

/**
 * Global middleware: lets each Events API delivery through once per `event_id`, across restarts and replicas
 * (a store lease). Slack's redeliveries (`X-Slack-Retry-Num`, `context.retryNum`) of an event already taken are
 * acknowledged and dropped. Other payloads (commands, interactions) pass untouched: Slack does not retry those.
 */
export function dedupeEvents(store: Store, instanceId: string): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next, logger }) => {
    const eventId =
      (body as { type?: string; event_id?: unknown }).type === 'event_callback'
        ? (body as { event_id?: unknown }).event_id
        : undefined;
    if (typeof eventId !== 'string') {
      await next();
      return;
    }
    // Unique owner per delivery: the lease is re-entrant for its owner, and a redelivery must lose.
    const owner = `${instanceId}:${context.retryNum ?? 0}:${Math.random().toString(36).slice(2)}`;
    if (!(await store.claim(`event:${eventId}`, owner, EVENT_DEDUPE_MS))) {
      logger.info(
        { eventId, retryNum: context.retryNum, retryReason: context.retryReason },
        'duplicate event delivery dropped',
      );
      return;
    }
    await next();
  };
}
