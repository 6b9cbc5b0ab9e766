import type Keyv from 'keyv';
import type { Store } from './store.js';

/** A value write as the backing database holds it: keyv's serialized `{ value, expires }` under the stored key. */
export interface EncodedValue {
  key: string;
  value: string;
  /** Time to live in ms, for backends that expire keys themselves (Redis); undefined = no expiry. */
  ttlMs?: number;
}

/** The value half of {@link Store} on a keyv instance (JSON values, TTL in ms), and the encoding batches use. */
export interface KeyvValues extends Pick<Store, 'get' | 'set' | 'delete' | 'close'> {
  /**
   * Encodes a value the way `set` writes it (keyv's serializer, expiry as epoch ms), for a backend to write it
   * inside a batch; `get` reads it back.
   */
  encode(key: string, value: unknown, ttlMs?: number): Promise<EncodedValue>;
}

/**
 * The value half of {@link Store} on a keyv instance; shared by both backends.
 * @param storedKey the key under which the keyv adapter stores `key` (its namespace prefix)
 */
export function keyvValues(keyv: Keyv, storedKey: (key: string) => string): KeyvValues {
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
    async encode(key, value, ttlMs) {
      const expires = ttlMs ? Date.now() + ttlMs : undefined;
      const serialized = await keyv.serializeData({ value, expires });
      if (typeof serialized !== 'string')
        throw new Error('keyv returned a value that is not a string: a serializer is required');
      return { key: storedKey(key), value: serialized, ...(ttlMs ? { ttlMs } : {}) };
    },
  };
}
