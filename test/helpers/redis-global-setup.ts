/**
 * Vitest global setup: starts the test run's own throw-away redis-server (redis-server.ts) when the binary is on
 * PATH and hands its URL to the test files as `inject('redisUrl')` (see redis.ts); stops it when the run ends.
 * Without redis-server the Redis cases are skipped and one line says how to run them. No test uses a Redis it
 * did not start (in particular none on port 6379).
 */
import type { TestProject } from 'vitest/node';
import { startThrowawayRedis } from './redis-server.js';

/** Logical databases of the test server: database 0 holds the allocation counter, 1… are handed out (redis.ts). */
export const TEST_REDIS_DATABASES = 64;

declare module 'vitest' {
  export interface ProvidedContext {
    /** `redis://127.0.0.1:<port>` of the run's own redis-server; '' when redis-server is not installed. */
    redisUrl: string;
  }
}

/**
 * @param project the Vitest project (provides `redisUrl` to the test files)
 * @returns the teardown, which stops the server
 * @throws when redis-server is installed but does not start
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const redis = await startThrowawayRedis({ databases: TEST_REDIS_DATABASES });
  project.provide('redisUrl', redis?.url ?? '');
  if (!redis) {
    console.log(
      'Redis cases skipped: no redis-server on PATH. Install Redis (e.g. `apt-get install redis-server`) to run them; the tests start their own server.',
    );
    return async () => {};
  }
  // If vitest itself is killed, the server must not outlive it.
  const killOnExit = () => redis.process.kill('SIGKILL');
  process.once('exit', killOnExit);
  return async () => {
    process.off('exit', killOnExit);
    await redis.stop();
  };
}
