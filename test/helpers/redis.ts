import { createClient } from '@keyv/redis';

/**
 * The Redis server for tests: REDIS_URL (set by .ci/run, which starts redis-server on 127.0.0.1). Outside CI it
 * falls back to a local default so a developer with redis-server running gets the Redis cases too.
 */
export const REDIS_URL = process.env.REDIS_URL ?? (process.env.CI ? undefined : 'redis://127.0.0.1:6379');

/**
 * A URL for logical database 15 of the test server, emptied first, so runs don't see each other's state.
 * @throws when REDIS_URL is not set or the server does not answer
 */
export async function freshRedisUrl(): Promise<string> {
  if (!REDIS_URL) throw new Error('REDIS_URL is not set');
  const url = `${REDIS_URL.replace(/\/\d*$/, '')}/15`;
  const client = createClient({ url });
  await client.connect();
  await client.flushDb();
  await client.quit();
  return url;
}
