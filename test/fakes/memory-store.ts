import type { Store, StoreWrite } from '../../src/store/store.js';

/** Lease expiry meaning "held forever", as the SQLite store writes it. */
export const FOREVER = Number.MAX_SAFE_INTEGER;

/** Everything a {@link MemoryStore} holds, as rows: what a real store would contain after the same calls. */
export interface StoreRows {
  values: Array<{ key: string; json: string }>;
  sorted: Array<{ index: string; member: string; score: number }>;
  leases: Array<{ key: string; owner: string; expiresAt: number }>;
}

/** Writes {@link StoreRows} straight into a store's database (see bench/lib/sqlite-bulk-load.ts, redis-bulk-load.ts). */
export interface BulkWriter {
  /** Writes the rows (SQLite: in one transaction). */
  write(rows: StoreRows): Promise<void>;
  close(): Promise<void>;
}

interface StoredValue {
  json: string;
  /** Epoch ms after which the value reads as absent; undefined = never. */
  expiresAt?: number;
}

/**
 * An in-memory {@link Store} with the semantics of the real ones (src/store/sqlite-store.ts and redis-store.ts, held
 * to the same contract by test/integration/store/store-contract.test.ts), for unit tests of the core and for the
 * benchmark, which records the rows the app's own code writes for one registration:
 * - values are JSON round-tripped (a Date reads back as a string, `undefined` as absent), expire after their TTL
 *   (a TTL of 0 or undefined: never, as keyv treats it); a value JSON cannot encode (a BigInt) is refused;
 * - leases are atomic (JavaScript runs one call at a time), re-entrant for their owner, expire after their TTL
 *   (undefined: held forever) and are released only by their owner;
 * - sorted indexes order by score, equal scores by member (reversed for 'desc'); a NaN score is refused, as
 *   SQLite (`score REAL NOT NULL`) and Redis (ZADD: "not a valid float") refuse it;
 * - a batch checks every write first and then applies them all in order, so it writes everything or nothing;
 * - after close(), every call rejects, as both real stores do.
 * Each call resolves on a later microtask, like a call to a real store, so concurrent callers interleave between
 * calls, never inside one.
 */
export class MemoryStore implements Store {
  private readonly values = new Map<string, StoredValue>();
  private readonly sorted = new Map<string, Map<string, number>>();
  private readonly leases = new Map<string, { owner: string; expiresAt: number }>();
  private closed = false;

  /** @param now the clock leases and value TTLs are measured on, epoch ms (default Date.now) */
  constructor(private readonly now: () => number = Date.now) {}

  async get<T>(key: string): Promise<T | undefined> {
    this.open();
    const stored = this.live(key);
    return stored === undefined ? undefined : (JSON.parse(stored.json) as T);
  }
  async set(key: string, value: unknown, ttlMs?: number): Promise<void> {
    this.open();
    this.setEncoded(key, encode(value), ttlMs);
  }
  async delete(key: string): Promise<void> {
    this.open();
    this.values.delete(key);
  }
  async claim(key: string, owner: string, ttlMs?: number): Promise<boolean> {
    this.open();
    const lease = this.leases.get(key);
    if (lease && lease.expiresAt > this.now() && lease.owner !== owner) return false;
    this.leases.set(key, { owner, expiresAt: ttlMs === undefined ? FOREVER : this.now() + ttlMs });
    return true;
  }
  async holder(key: string): Promise<string | undefined> {
    this.open();
    const lease = this.leases.get(key);
    return lease && lease.expiresAt > this.now() ? lease.owner : undefined;
  }
  async release(key: string, owner: string): Promise<void> {
    this.open();
    if (this.leases.get(key)?.owner === owner) this.leases.delete(key);
  }
  async zadd(index: string, member: string, score: number): Promise<void> {
    this.open();
    checkScore(score);
    this.zaddChecked(index, member, score);
  }
  async zrem(index: string, member: string): Promise<void> {
    this.open();
    this.sorted.get(index)?.delete(member);
  }
  async zremBelow(index: string, belowScore: number): Promise<void> {
    this.open();
    this.zremBelowNow(index, belowScore);
  }
  async zrangeByScore(
    index: string,
    maxScore: number,
    limit: number,
  ): Promise<Array<{ member: string; score: number }>> {
    this.open();
    return this.range(index, Number.NEGATIVE_INFINITY, maxScore, limit, 'asc');
  }
  async zrangeBetween(
    index: string,
    minScore: number,
    maxScore: number,
    limit: number,
    order: 'asc' | 'desc' = 'asc',
  ): Promise<Array<{ member: string; score: number }>> {
    this.open();
    return this.range(index, minScore, maxScore, limit, order);
  }
  /** Checks every write (encodes each value, checks each score) before applying any, then applies them in order. */
  async batch(writes: readonly StoreWrite[]): Promise<void> {
    this.open();
    const encoded = writes.map((write) => {
      if (write.op === 'set') return encode(write.value);
      if (write.op === 'zadd') checkScore(write.score);
      return undefined;
    });
    for (const [i, write] of writes.entries()) {
      if (write.op === 'set') this.setEncoded(write.key, encoded[i], write.ttlMs);
      else if (write.op === 'delete') this.values.delete(write.key);
      else if (write.op === 'zadd') this.zaddChecked(write.index, write.member, write.score);
      else if (write.op === 'zrem') this.sorted.get(write.index)?.delete(write.member);
      else this.zremBelowNow(write.index, write.below);
    }
  }
  async ping(): Promise<void> {
    this.open();
  }
  async close(): Promise<void> {
    this.closed = true;
  }

  /** The current contents as rows (values that have not expired; every lease, as a real table holds it). */
  rows(): StoreRows {
    return {
      values: [...this.values.keys()].flatMap((key) => {
        const stored = this.live(key);
        return stored ? [{ key, json: stored.json }] : [];
      }),
      sorted: [...this.sorted].flatMap(([index, entries]) =>
        [...entries].map(([member, score]) => ({ index, member, score })),
      ),
      leases: [...this.leases].map(([key, lease]) => ({ key, ...lease })),
    };
  }

  private open(): void {
    if (this.closed) throw new Error('the store is closed');
  }
  private live(key: string): StoredValue | undefined {
    const stored = this.values.get(key);
    if (stored?.expiresAt !== undefined && stored.expiresAt <= this.now()) {
      this.values.delete(key);
      return undefined;
    }
    return stored;
  }
  private setEncoded(key: string, json: string | undefined, ttlMs: number | undefined): void {
    if (json === undefined) this.values.delete(key);
    else this.values.set(key, { json, ...(ttlMs ? { expiresAt: this.now() + ttlMs } : {}) });
  }
  private zaddChecked(index: string, member: string, score: number): void {
    let entries = this.sorted.get(index);
    if (!entries) this.sorted.set(index, (entries = new Map()));
    entries.set(member, score);
  }
  private zremBelowNow(index: string, belowScore: number): void {
    const entries = this.sorted.get(index);
    for (const [member, score] of entries ?? []) if (score < belowScore) entries?.delete(member);
  }
  private range(
    index: string,
    minScore: number,
    maxScore: number,
    limit: number,
    order: 'asc' | 'desc',
  ): Array<{ member: string; score: number }> {
    const sign = order === 'desc' ? -1 : 1;
    return [...(this.sorted.get(index) ?? new Map<string, number>())]
      .filter(([, score]) => score >= minScore && score <= maxScore)
      .sort((a, b) => sign * (a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)))
      .slice(0, limit)
      .map(([member, score]) => ({ member, score }));
  }
}

/** A value's JSON text; undefined for `undefined` (reads back as absent). @throws TypeError for what JSON cannot encode */
function encode(value: unknown): string | undefined {
  if (typeof value === 'symbol') throw new TypeError('symbol cannot be serialized');
  return JSON.stringify(value);
}

/** @throws TypeError for a NaN score, which both real stores refuse */
function checkScore(score: number): void {
  if (Number.isNaN(score)) throw new TypeError('a sorted-index score must be a number, not NaN');
}
