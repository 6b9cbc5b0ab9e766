import { randomBytes } from 'node:crypto';
import type { Store } from './store.js';

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
   * Counts one use of `key` if fewer than `count` happened in the last `windowMs`.
   * @returns true when allowed (and counted), false when the limit is reached
   */
  async tryConsume(key: string): Promise<boolean> {
    const index = `rate:${key}`;
    const now = this.now();
    await this.store.zremBelow(index, now - this.limit.windowMs);
    const recent = await this.store.zrangeByScore(index, Number.MAX_SAFE_INTEGER, this.limit.count);
    if (recent.length >= this.limit.count) return false;
    await this.store.zadd(index, `${now}-${randomBytes(3).toString('hex')}`, now);
    return true;
  }
}
