import { webApi } from '@slack/bolt';
import type { PinoLogger } from '../log/logger.js';
import type { Store } from '../store/store.js';
import { describeSlackError } from './errors.js';

/**
 * chat.postMessage error codes after which a DM to a person cannot go through by trying again: the user or
 * the conversation is gone or out of the bot's reach, or the app lacks a scope (an install change, not a retry).
 * From the error table of https://docs.slack.dev/reference/methods/chat.postMessage (`channel_not_found`,
 * `not_in_channel`, `is_archived`, `missing_scope`, `account_inactive`, `restricted_action`, `ekm_access_denied`,
 * `messages_tab_disabled`, `cannot_dm_bot`, `user_not_found` …). Rate limits and Slack's own trouble
 * (`ratelimited`, `internal_error`, `fatal_error`, `service_unavailable`, `request_timeout`) are not here: those
 * are retried. Codes not listed are retried too, until the tries are spent (the safe side for an unknown code).
 */
export const PERMANENT_DM_ERRORS: ReadonlySet<string> = new Set([
  'user_not_found',
  'user_disabled',
  'account_inactive',
  'missing_scope',
  'cannot_dm_bot',
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'messages_tab_disabled',
  'restricted_action',
  'ekm_access_denied',
  'team_access_not_granted',
  'invalid_auth',
  'not_authed',
  'token_revoked',
]);

/** How refused posts are retried. Times in ms. */
export interface DeliveryPolicy {
  /** Wait after the first refusal; doubled after each further one. Default 5 s. */
  baseDelayMs: number;
  /** Longest wait between tries. Default 10 min. */
  maxDelayMs: number;
  /** Tries (including the first) before giving up. Default 12 (≈ 1 h 15 min with the defaults). */
  maxTries: number;
  /** Shortest time between two warn lines about one stuck message; tries in between log at debug. Default 5 min. */
  logEveryMs: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  baseDelayMs: 5_000,
  maxDelayMs: 600_000,
  maxTries: 12,
  logEveryMs: 300_000,
};

/** What is stored per stuck message (key `delivery:<key>`), so every replica's sweeper sees the same backoff. */
interface DeliveryState {
  tries: number;
  /** Epoch ms before which the message is not tried again. */
  nextAt: number;
  lastError: string;
  /** Epoch ms of the last warn line about it. */
  loggedAt: number;
  /** Set once nothing more will be tried. */
  gaveUp?: 'permanent' | 'exhausted';
}

/** After a refusal: try again later, or give up (for good: a permanent error, or the tries are spent). */
export type DeliveryVerdict =
  | { gaveUp: false; retryAt: number; code: string }
  | { gaveUp: 'permanent' | 'exhausted'; code: string; tries: number };

/** Keeps a stuck message's state for a week at most: a sweeper that finds none starts afresh. */
const STATE_TTL_MS = 7 * 24 * 3_600_000;

/**
 * Backoff and give-up bookkeeping for messages Slack refused (ok:false, or HTTP 429 past its waits), kept in the
 * store so replicas agree. The caller owns the send; this says when to try again. A 429's `Retry-After` is
 * honoured (https://docs.slack.dev/apis/web-api/rate-limits).
 */
export class DeliveryTracker {
  private readonly policy: DeliveryPolicy;

  constructor(
    private readonly store: Store,
    private readonly logger: PinoLogger,
    private readonly now: () => number,
    policy: Partial<DeliveryPolicy> = {},
  ) {
    this.policy = { ...DEFAULT_DELIVERY_POLICY, ...policy };
  }

  /** True when `key` may be tried now: never refused, or its backoff has passed and it was not given up. */
  async due(key: string): Promise<boolean> {
    const state = await this.store.get<DeliveryState>(stateKey(key));
    return !state || (!state.gaveUp && state.nextAt <= this.now());
  }

  /** Forgets `key` after it went through. */
  async delivered(key: string): Promise<void> {
    await this.store.delete(stateKey(key));
  }

  /**
   * Records a refusal of `key` and logs it, at most one warn line per `logEveryMs` for one message (an error line
   * when giving up).
   * @param error the Web API error
   * @param options.permanentStops true for DMs: a {@link PERMANENT_DM_ERRORS} code gives up at once
   * @param options.log fields and message for the log line (no secrets; masked by the logger)
   * @returns whether to try again (and from when) or that it was given up
   */
  async refused(
    key: string,
    error: unknown,
    options: { permanentStops: boolean; log: { fields: Record<string, unknown>; message: string } },
  ): Promise<DeliveryVerdict> {
    const now = this.now();
    const previous = await this.store.get<DeliveryState>(stateKey(key));
    const code = error instanceof webApi.WebAPIRateLimitedError ? 'ratelimited' : describeSlackError(error);
    const tries = (previous?.tries ?? 0) + 1;
    const permanent = options.permanentStops && PERMANENT_DM_ERRORS.has(code);
    const gaveUp = permanent ? 'permanent' : tries >= this.policy.maxTries ? 'exhausted' : undefined;
    const backoff = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (tries - 1));
    const retryAfterMs = error instanceof webApi.WebAPIRateLimitedError ? error.retryAfter * 1_000 : 0;
    const nextAt = now + Math.max(backoff, retryAfterMs);
    const shouldWarn = !previous || now - previous.loggedAt >= this.policy.logEveryMs;
    const fields = { ...options.log.fields, code, tries };
    if (gaveUp)
      this.logger.error(
        { ...fields, gaveUp },
        `${options.log.message}; giving up (${gaveUp === 'permanent' ? 'Slack will not accept it' : 'tries spent'})`,
      );
    else if (shouldWarn) this.logger.warn({ ...fields, retryInMs: nextAt - now }, `${options.log.message}; will retry`);
    else this.logger.debug({ ...fields, retryInMs: nextAt - now }, `${options.log.message}; will retry`);
    const state: DeliveryState = {
      tries,
      nextAt,
      lastError: code,
      loggedAt: gaveUp || shouldWarn ? now : (previous?.loggedAt ?? now),
      ...(gaveUp ? { gaveUp } : {}),
    };
    await this.store.set(stateKey(key), state, STATE_TTL_MS);
    return gaveUp ? { gaveUp, code, tries } : { gaveUp: false, retryAt: nextAt, code };
  }
}

const stateKey = (key: string) => `delivery:${key}`;

/** True for the errors that mean Slack refused the call and did nothing (ok:false, or 429): safe to send again. */
export function isRefusal(error: unknown): boolean {
  return error instanceof webApi.WebAPIPlatformError || error instanceof webApi.WebAPIRateLimitedError;
}
