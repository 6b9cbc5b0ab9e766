import { openRedisStore } from './redis-store.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

/**
 * Opens the store named by STORE_URL: `sqlite://<path>` (embedded, the default) or `redis://…` / `rediss://…`.
 * @param onError told about failures in the store's background work (SQLite's WAL checkpoints)
 * @throws Error naming STORE_URL when the database cannot be opened or reached (one line, no secret: a Redis
 *   URL's password is never in it; a SQLite path is)
 */
export async function createStore(
  url: string,
  now: () => number = Date.now,
  onError?: (message: string) => void,
): Promise<Store> {
  if (/^rediss?:\/\//.test(url)) return openRedisStore(url);
  try {
    return await openSqliteStore(url, now, onError);
  } catch (error) {
    const file = url.replace(/^sqlite:\/\//, '');
    const code = (error as { code?: unknown }).code;
    const detail =
      typeof code === 'string' ? code : error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(
      `could not open the SQLite store of STORE_URL at ${file} (${detail}): check the path, that this user can create and write its directory, and that the file is an alert-contact-bot database`,
      { cause: error },
    );
  }
}
