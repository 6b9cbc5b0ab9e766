import { createClient } from '@keyv/redis';
import { inject } from 'vitest';
import { TEST_REDIS_DATABASES } from './redis-global-setup.js';

/**
 * The test run's own Redis (started by redis-global-setup.ts on a free 127.0.0.1 port), or undefined when
 * redis-server is not installed: then the Redis cases skip (`it.skipIf(!REDIS_URL)`).
 */
export const REDIS_URL: string | undefined = inject('redisUrl') || undefined;

/** Database 0 of the test server: the counter of databases handed out. */
const COUNTER_KEY = 'test:databases-handed-out';

/**
 * A URL for a logical database of the test server that no other test uses at the same time, emptied first, so
 * test files running in parallel never see each other's state. Databases 1… are handed out in turn (an INCR on
 * database 0, atomic across test processes) and reused after the last one (in watch mode's reruns).
 * @returns `redis://127.0.0.1:<port>/<db>`
 * @throws when redis-server is not installed (guard with `skipIf(!REDIS_URL)`) or the server does not answer
 */
export async function freshRedisUrl(): Promise<string> {
  if (!REDIS_URL) throw new Error('no test Redis: redis-server is not installed');
  const counter = createClient({ url: `${REDIS_URL}/0` });
  await counter.connect();
  const handedOut = await counter.incr(COUNTER_KEY);
  await counter.quit();
  const url = `${REDIS_URL}/${1 + ((handedOut - 1) % (TEST_REDIS_DATABASES - 1))}`;
  const client = createClient({ url });
  await client.connect();
  await client.flushDb();
  await client.quit();
  return url;
}
