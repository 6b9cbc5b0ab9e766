import type Keyv from 'keyv';
import type { Store } from './store.js';

/** The value half of {@link Store} on a keyv instance (JSON values, TTL in ms); shared by both backends. */
export function keyvValues(keyv: Keyv): Pick<Store, 'get' | 'set' | 'delete' | 'close'> {
  return {
    async get<T>(key: string) {
      return (await keyv.get(key)) as T | undefined;
    },
    async set(key, value, ttlMs) {
      await keyv.set(key, value, ttlMs);
    },
    async delete(key) {
      await keyv.delete(key);
    },
    async close() {
      await keyv.disconnect();
    },
  };
}
