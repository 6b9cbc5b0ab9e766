/**
 * Bulk loading of the Redis store for the stored-state scenario, the counterpart of sqlite-bulk-load.ts: rows
 * are written with plain pipelined SET / ZADD / SET PX on a second client instead of one Store call (and, for
 * leases, one Lua script) each. The key names and value encoding are calibrated from what the Store API writes
 * into the (empty) database first, and verifyRows (sqlite-bulk-load.ts) reads rows back through the Store API.
 */
import { createClient, type RedisClientType } from '@keyv/redis';
import type { Store } from '../../src/store/store.js';
import { type BulkWriter, FOREVER } from '../../test/fakes/memory-store.js';

const CALIBRATION_KEY = 'bench-calibration';
const CALIBRATION_OWNER = 'bench-calibration-owner';
const CALIBRATION_VALUE = { bench: 'calibration', n: 1 };

/**
 * Calibrates against `store` (opened on `url`, an empty database) and returns a bulk writer on its own client.
 * @throws Error naming what differs when the store's Redis layout is not the one this loader knows
 */
export async function openRedisBulkWriter(store: Store, url: string): Promise<BulkWriter> {
  const client = createClient({ url }) as RedisClientType;
  client.on('error', () => {});
  await client.connect();
  const fail = (what: string): never => {
    throw new Error(`Redis bulk load: ${what}; the store's layout changed, update bench/lib/redis-bulk-load.ts`);
  };
  await store.set(CALIBRATION_KEY, CALIBRATION_VALUE);
  await store.zadd(CALIBRATION_KEY, CALIBRATION_KEY, 1);
  await store.claim(CALIBRATION_KEY, CALIBRATION_OWNER);
  const keys = await client.keys(`*${CALIBRATION_KEY}*`);
  if (keys.length !== 3)
    return fail(`expected 3 keys for one value, one index entry and one lease, found ${keys.length}`);
  const inner = JSON.stringify(CALIBRATION_VALUE);
  let value: { prefix: string; before: string; after: string } | undefined;
  let sortedPrefix: string | undefined;
  let leasePrefix: string | undefined;
  for (const key of keys) {
    if (!key.endsWith(CALIBRATION_KEY)) return fail(`key ${key} does not end with the store key`);
    const prefix = key.slice(0, -CALIBRATION_KEY.length);
    const type = await client.type(key);
    if (type === 'zset') {
      const [entry] = await client.zRangeWithScores(key, 0, -1);
      if (entry?.value !== CALIBRATION_KEY || entry.score !== 1) return fail('unexpected sorted-set content');
      sortedPrefix = prefix;
    } else if (type === 'string') {
      const text = (await client.get(key)) ?? '';
      if (text === CALIBRATION_OWNER) {
        leasePrefix = prefix;
      } else {
        const at = text.indexOf(inner);
        if (at < 0) return fail(`value encoding ${text} does not contain the JSON value`);
        value = { prefix, before: text.slice(0, at), after: text.slice(at + inner.length) };
      }
    }
  }
  if (!value || sortedPrefix === undefined || leasePrefix === undefined)
    return fail('could not tell the value, index and lease keys apart');
  await client.del(keys);

  return {
    async write(rows) {
      const now = Date.now();
      const pending: Array<Promise<unknown>> = [];
      for (const row of rows.values)
        pending.push(client.set(`${value.prefix}${row.key}`, `${value.before}${row.json}${value.after}`));
      for (const row of rows.sorted)
        pending.push(client.zAdd(`${sortedPrefix}${row.index}`, { score: row.score, value: row.member }));
      for (const row of rows.leases) {
        if (row.expiresAt <= now) continue; // expired leases are gone from Redis
        const key = `${leasePrefix}${row.key}`;
        pending.push(
          row.expiresAt === FOREVER
            ? client.set(key, row.owner)
            : client.set(key, row.owner, { PX: row.expiresAt - now }),
        );
      }
      await Promise.all(pending);
    },
    async close() {
      await client.quit();
    },
  };
}
