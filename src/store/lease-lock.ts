import { randomBytes } from 'node:crypto';
import type { Store } from './store.js';

export interface LeaseLockOptions {
  /** How long the lock is held at most, ms: a crashed holder's lock lapses after this. */
  ttlMs: number;
  /** How long to wait for the lock before giving up, ms. */
  waitMs: number;
  /** Clock, epoch ms; default Date.now. */
  now?: () => number;
  /** The error thrown when the lock cannot be had within `waitMs`. */
  busy: () => Error;
}

/**
 * Runs `work` while holding a store lease on `key` (so across replicas too), waiting for it with a short random
 * back-off (25–75 ms), and releases it afterwards whatever `work` does.
 * @returns what `work` returns
 * @throws `options.busy()` when the lock cannot be had within `options.waitMs`; whatever `work` throws
 */
export async function withLeaseLock<T>(
  store: Pick<Store, 'claim' | 'release'>,
  key: string,
  work: () => Promise<T>,
  options: LeaseLockOptions,
): Promise<T> {
  const now = options.now ?? Date.now;
  const owner = randomBytes(8).toString('hex');
  const deadline = now() + options.waitMs;
  while (!(await store.claim(key, owner, options.ttlMs))) {
    if (now() > deadline) throw options.busy();
    await new Promise((resolve) => setTimeout(resolve, 25 + Math.random() * 50));
  }
  try {
    return await work();
  } finally {
    await store.release(key, owner);
  }
}
