import { randomBytes } from 'node:crypto';
import type { Store, StoreWrite } from './store.js';

/**
 * A sliding-window limit per key (e.g. per Slack user), kept in the store so replicas share it.
 * Not strictly atomic: two submissions racing on two replicas may both pass at the edge; it stops floods, not races.
 */
export class RateLimiter {
  constructor(
    private readonly store: Store,
    private readonly limit: { count: number; windowMs: number },
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Counts one use of `key` if fewer than `count` happened in the last `windowMs`: one read, then one batch that
   * records the use and drops uses older than the window.
   * @param alsoWrite writes to apply in the same {@link Store.batch} when the use is allowed (e.g. the request
   *        being submitted), so an allowed submission costs one commit
   * @returns true when allowed (counted, and `alsoWrite` applied), false when the limit is reached (nothing written)
   */
  async tryConsume(key: string, alsoWrite: readonly StoreWrite[] = []): Promise<boolean> {
    const index = `rate:${key}`;
    const now = this.now();
    const since = now - this.limit.windowMs;
    const recent = await this.store.zrangeBetween(index, since, Number.MAX_SAFE_INTEGER, this.limit.count);
    if (recent.length >= this.limit.count) return false;
    await this.store.batch([
      { op: 'zremBelow', index, below: since },
      { op: 'zadd', index, member: `${now}-${randomBytes(3).toString('hex')}`, score: now },
      ...alsoWrite,
    ]);
    return true;
  }
}
