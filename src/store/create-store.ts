import { openRedisStore } from './redis-store.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

/**
 * Opens the store named by STORE_URL: `sqlite://<path>` (embedded, the default) or `redis://…` / `rediss://…`.
 * @param onError told about failures in the store's background work (SQLite's WAL checkpoints)
 * @throws when the database cannot be opened or reached
 */
export async function createStore(url: string, now: () => number = Date.now, onError?: (message: string) => void): Promise<Store> {
  if (/^rediss?:\/\//.test(url)) return openRedisStore(url);
  return openSqliteStore(url, now, onError);
}
