import { createClient } from '@keyv/redis';

/**
 * The Redis server for tests: REDIS_URL (set by .ci/run, which starts redis-server on 127.0.0.1). Outside CI it
 * falls back to a local default so a developer with redis-server running gets the Redis cases too.
 */
export const REDIS_URL = process.env.REDIS_URL ?? (process.env.CI ? undefined : 'redis://127.0.0.1:6379');

/**
 * A URL for a logical database of the test server (default 15), emptied first, so runs don't see each other's
 * state. Test files that run at the same time use different databases.
 * @throws when REDIS_URL is not set or the server does not answer
 */
export async function freshRedisUrl(db = 15): Promise<string> {
  if (!REDIS_URL) throw new Error('REDIS_URL is not set');
  const url = `${REDIS_URL.replace(/\/\d*$/, '')}/${db}`;
  const client = createClient({ url });
  await client.connect();
  await client.flushDb();
  await client.quit();
  return url;
}
