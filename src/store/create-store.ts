import { openRedisStore } from './redis-store.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

/**
 * Opens the store named by STORE_URL: `sqlite://<path>` (embedded, the default) or `redis://…` / `rediss://…`.
 * @throws when the database cannot be opened or reached
 */
export async function createStore(url: string, now: () => number = Date.now): Promise<Store> {
  if (/^rediss?:\/\//.test(url)) return openRedisStore(url);
  return openSqliteStore(url, now);
}
