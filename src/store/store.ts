import { randomBytes } from 'node:crypto';

/**
 * The state store: keyv for values, plus the few atomic primitives keyv lacks, reached through the client that
 * backs the keyv adapter (SQLite statements, Redis commands) so they hold across replicas sharing one store.
 * All times are epoch milliseconds; all TTLs are milliseconds.
 */
/**
 * A lease owner unique to one attempt: leases are re-entrant for their owner, so once-only work must never reuse
 * an owner (two attempts in one process would both "win").
 * @param instanceId the process's id (AppDeps.instanceId)
 */
export function attemptOwner(instanceId: string): string {
  return `${instanceId}:${randomBytes(6).toString('hex')}`;
}

/** One write of a {@link Store.batch}. TTLs are ms. */
export type StoreWrite =
  | { op: 'set'; key: string; value: unknown; ttlMs?: number }
  | { op: 'delete'; key: string }
  | { op: 'zadd'; index: string; member: string; score: number }
  | { op: 'zrem'; index: string; member: string }
  /** Removes every member of `index` with score < `below`. */
  | { op: 'zremBelow'; index: string; below: number };

export interface Store {
  /** Reads a JSON value; undefined when absent or expired. */
  get<T>(key: string): Promise<T | undefined>;
  /** Writes a JSON value, optionally expiring after `ttlMs`. */
  set(key: string, value: unknown, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Takes a lease atomically: succeeds when `key` is free, expired, or already held by `owner` (which renews it).
   * @param ttlMs lease length in ms; undefined = held forever (a once-only marker)
   * @returns true when `owner` holds the lease after the call
   */
  claim(key: string, owner: string, ttlMs?: number): Promise<boolean>;
  /** Who holds a lease now, if anyone. */
  holder(key: string): Promise<string | undefined>;
  /** Gives a lease back, only if `owner` holds it. */
  release(key: string, owner: string): Promise<void>;
  /** Adds or re-scores `member` in the sorted index `index`. */
  zadd(index: string, member: string, score: number): Promise<void>;
  zrem(index: string, member: string): Promise<void>;
  /** Members with score ≤ `maxScore`, lowest first, at most `limit`: cost grows with what is returned. */
  zrangeByScore(index: string, maxScore: number, limit: number): Promise<Array<{ member: string; score: number }>>;
  /**
   * Members with `minScore` ≤ score ≤ `maxScore`, at most `limit`: lowest score first (`order` 'asc', the
   * default) or highest first ('desc'). Members with equal scores come in member order (reversed for 'desc').
   */
  zrangeBetween(
    index: string,
    minScore: number,
    maxScore: number,
    limit: number,
    order?: 'asc' | 'desc',
  ): Promise<Array<{ member: string; score: number }>>;
  /** Removes every member with score < `belowScore`. */
  zremBelow(index: string, belowScore: number): Promise<void>;
  /**
   * Applies several writes together, in order, in one round trip: a crash never leaves half of them, and a request
   * costs one commit instead of one per write. SQLite: one transaction (a write that fails undoes the others);
   * Redis: MULTI/EXEC (no other client sees half, but Redis does not undo the others when one command fails).
   * A value that cannot be encoded (e.g. a BigInt) fails the batch before anything is written, on both.
   * @throws the database's error, or the encoding error
   */
  batch(writes: readonly StoreWrite[]): Promise<void>;
  /** Resolves when the backing database answers; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
