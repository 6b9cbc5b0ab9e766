import type { Store, StoreWrite } from '../../src/store/store.js';

/** Lease expiry meaning "held forever", as the SQLite store writes it. */
export const FOREVER = Number.MAX_SAFE_INTEGER;

/** Everything a {@link MemoryStore} holds, as rows: what a real store would contain after the same calls. */
export interface StoreRows {
  values: Array<{ key: string; json: string }>;
  sorted: Array<{ index: string; member: string; score: number }>;
  leases: Array<{ key: string; owner: string; expiresAt: number }>;
}

/** Writes {@link StoreRows} straight into a store's database (see sqlite-bulk-load.ts, redis-bulk-load.ts). */
export interface BulkWriter {
  /** Writes the rows (SQLite: in one transaction). */
  write(rows: StoreRows): Promise<void>;
  close(): Promise<void>;
}

/**
 * An in-memory {@link Store} with the same semantics as the real ones (JSON values, atomic leases, sorted
 * indexes), used to record the rows the app's own code writes for one registration, so the stored-state
 * scenario can replicate them at scale.
 */
export class MemoryStore implements Store {
  private readonly values = new Map<string, string>();
  private readonly sorted = new Map<string, Map<string, number>>();
  private readonly leases = new Map<string, { owner: string; expiresAt: number }>();

  constructor(private readonly now: () => number) {}

  async get<T>(key: string): Promise<T | undefined> {
    const json = this.values.get(key);
    return json === undefined ? undefined : (JSON.parse(json) as T);
  }
  async set(key: string, value: unknown): Promise<void> {
    this.values.set(key, JSON.stringify(value));
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
  async claim(key: string, owner: string, ttlMs?: number): Promise<boolean> {
    const lease = this.leases.get(key);
    if (lease && lease.expiresAt > this.now() && lease.owner !== owner) return false;
    this.leases.set(key, { owner, expiresAt: ttlMs === undefined ? FOREVER : this.now() + ttlMs });
    return true;
  }
  async holder(key: string): Promise<string | undefined> {
    const lease = this.leases.get(key);
    return lease && lease.expiresAt > this.now() ? lease.owner : undefined;
  }
  async release(key: string, owner: string): Promise<void> {
    if (this.leases.get(key)?.owner === owner) this.leases.delete(key);
  }
  async zadd(index: string, member: string, score: number): Promise<void> {
    let entries = this.sorted.get(index);
    if (!entries) this.sorted.set(index, (entries = new Map()));
    entries.set(member, score);
  }
  async zrem(index: string, member: string): Promise<void> {
    this.sorted.get(index)?.delete(member);
  }
  async zremBelow(index: string, belowScore: number): Promise<void> {
    const entries = this.sorted.get(index);
    for (const [member, score] of entries ?? []) if (score < belowScore) entries?.delete(member);
  }
  async zrangeByScore(index: string, maxScore: number, limit: number): Promise<Array<{ member: string; score: number }>> {
    return [...(this.sorted.get(index) ?? new Map<string, number>())]
      .filter(([, score]) => score <= maxScore)
      .sort((a, b) => a[1] - b[1])
      .slice(0, limit)
      .map(([member, score]) => ({ member, score }));
  }
  async zrangeBetween(
    index: string,
    minScore: number,
    maxScore: number,
    limit: number,
    order: 'asc' | 'desc' = 'asc',
  ): Promise<Array<{ member: string; score: number }>> {
    const sign = order === 'desc' ? -1 : 1;
    return [...(this.sorted.get(index) ?? new Map<string, number>())]
      .filter(([, score]) => score >= minScore && score <= maxScore)
      .sort((a, b) => sign * (a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)))
      .slice(0, limit)
      .map(([member, score]) => ({ member, score }));
  }
  /** Applies the writes in order (JSON-encoding every value first, so a value that cannot be encoded writes nothing). */
  async batch(writes: readonly StoreWrite[]): Promise<void> {
    for (const write of writes) if (write.op === 'set') JSON.stringify(write.value);
    for (const write of writes) {
      if (write.op === 'set') await this.set(write.key, write.value);
      else if (write.op === 'delete') await this.delete(write.key);
      else if (write.op === 'zadd') await this.zadd(write.index, write.member, write.score);
      else if (write.op === 'zrem') await this.zrem(write.index, write.member);
      else await this.zremBelow(write.index, write.below);
    }
  }
  async ping(): Promise<void> {}
  async close(): Promise<void> {}

  /** The current contents as rows. */
  rows(): StoreRows {
    return {
      values: [...this.values].map(([key, json]) => ({ key, json })),
      sorted: [...this.sorted].flatMap(([index, entries]) => [...entries].map(([member, score]) => ({ index, member, score }))),
      leases: [...this.leases].map(([key, lease]) => ({ key, ...lease })),
    };
  }
}
