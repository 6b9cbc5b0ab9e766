import type { PinoLogger } from '../log/logger.js';
import type { Store } from './store.js';

/** Longest a health ping of the store may take before the store counts as unreachable, ms (`/readyz` answers within it). */
export const STORE_PING_BUDGET_MS = 900;

/**
 * STORE_URL with any password replaced by `***`, for logs: `redis://user:secret@host:6379/0` →
 * `redis://user:***@host:6379/0`. SQLite URLs carry no credentials and come back unchanged.
 */
export function maskStoreUrl(url: string): string {
  return url.replace(/^(rediss?:\/\/[^:@/]*:)[^@/]*@/, '$1***@');
}

/**
 * Whether the store answers, with one log line per outage: an error naming STORE_URL when it stops answering,
 * an info line when it answers again. Fed by {@link monitorStore} (failed calls), the `/readyz` ping, and callers
 * that gave up waiting on the store.
 */
export class StoreHealth {
  private down = false;
  private checking: Promise<boolean> | undefined;

  constructor(
    private readonly store: Store,
    private readonly logger: PinoLogger,
    private readonly storeUrl: string,
  ) {}

  /** False while an outage is known (from the last ping or failed call). */
  get healthy(): boolean {
    return !this.down;
  }

  /**
   * Pings the store within {@link STORE_PING_BUDGET_MS} and records the answer (logging the start or end of an
   * outage once). Concurrent callers share one ping.
   * @returns true when the store answered in time
   */
  check(): Promise<boolean> {
    this.checking ??= this.ping().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  /** Records that a store call worked. */
  answered(): void {
    if (!this.down) return;
    this.down = false;
    this.logger.info({ storeUrl: maskStoreUrl(this.storeUrl) }, 'the store at STORE_URL answers again');
  }

  /** Records that the store did not answer (`reason`: the error or timeout), logging the outage once. */
  unreachable(reason: unknown): void {
    if (this.down) return;
    this.down = true;
    this.logger.error(
      { err: reason, storeUrl: maskStoreUrl(this.storeUrl) },
      'the store at STORE_URL does not answer: people are asked to try again and background work waits until it does; check that the database at STORE_URL is up and reachable',
    );
  }

  private async ping(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${STORE_PING_BUDGET_MS} ms`)), STORE_PING_BUDGET_MS);
    });
    const ping = this.store.ping();
    ping.catch(() => {}); // a late rejection after the timeout has nobody to tell
    try {
      await Promise.race([ping, timeout]);
      this.answered();
      return true;
    } catch (error) {
      this.unreachable(error);
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * `store` with every call watched: a call that works ends a known outage; a call that fails makes `health` ping
 * the store, so an outage (not, say, a value that cannot be encoded) is logged once. Values and errors pass
 * through unchanged.
 */
export function monitorStore(store: Store, health: StoreHealth): Store {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (property === 'close' || property === 'ping') return value.bind(target);
      return async (...args: unknown[]) => {
        try {
          const result: unknown = await value.apply(target, args);
          health.answered();
          return result;
        } catch (error) {
          void health.check();
          throw error;
        }
      };
    },
  });
}
