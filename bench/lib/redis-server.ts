/**
 * A throw-away Redis for the stored-state scenario: the tests' own (test/helpers/redis-server.ts: `redis-server`
 * from PATH on a free 127.0.0.1 port, no persistence, in a temporary directory), also killed if the benchmark
 * dies. Never a server someone else runs (the bench writes 100,000 registrations).
 */
import { startThrowawayRedis } from '../../test/helpers/redis-server.js';
import { trackProcess } from './children.js';

/** A running throw-away Redis. */
export interface BenchRedis {
  /** `redis://127.0.0.1:<port>` (append `/<db>` to pick a database). */
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts redis-server if it is installed (4 logical databases: the scenario uses one per store size).
 * @returns undefined when there is no `redis-server` on PATH
 * @throws when it is installed but does not start within 5 s
 */
export async function startBenchRedis(): Promise<BenchRedis | undefined> {
  const redis = await startThrowawayRedis({ databases: 4 });
  if (!redis) return undefined;
  trackProcess(redis.process);
  return { url: redis.url, stop: () => redis.stop() };
}
