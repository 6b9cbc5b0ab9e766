import KeyvRedis, { createClient, type RedisClientType } from '@keyv/redis';
import Keyv from 'keyv';
import { keyvValues } from './keyv-values.js';
import type { Store } from './store.js';

const PREFIX = 'alert-contact:';

// Take the lease when free or already ours; renew the expiry. KEYS[1] lease, ARGV[1] owner, ARGV[2] ttl ms or "".
const CLAIM = `
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  if ARGV[2] == '' then redis.call('SET', KEYS[1], ARGV[1]) else redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
  return 1
end
return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * Opens the shared Redis store (keyv + @keyv/redis) for several replicas. Leases use a Lua compare-and-set and
 * sorted indexes use Redis sorted sets, on the same client that backs the keyv adapter.
 * @param url `redis://[user:password@]host[:port][/db]` (or `rediss://`)
 * @throws when the server cannot be reached within 5 s
 */
export async function openRedisStore(url: string): Promise<Store> {
  let connected = false;
  const client = createClient({
    url,
    socket: {
      connectTimeout: 5_000,
      // At start, give up after a few tries so a wrong STORE_URL stops the bot with a message instead of a silent
      // hang; once connected, reconnect for as long as it takes (calls fail meanwhile, /readyz says so).
      reconnectStrategy: (retries, cause) => {
        if (!connected && retries >= 3) return new Error(`Redis at STORE_URL did not answer (${cause.message})`);
        return Math.min(retries * 200, 2_000);
      },
    },
  }) as RedisClientType;
  client.on('error', () => {}); // reconnects on its own; failing calls reject
  await client.connect();
  connected = true;
  // throwOnErrors: a failed read or write rejects (the default resolves undefined / false and only emits).
  const adapter = new KeyvRedis(client, { namespace: 'alert-contact', throwOnErrors: true });
  const keyv = new Keyv({ store: adapter, namespace: 'alert-contact', useKeyPrefix: false, throwOnErrors: true });
  keyv.on('error', () => {});
  const lease = (key: string) => `${PREFIX}lease:${key}`;
  const sorted = (index: string) => `${PREFIX}sorted:${index}`;

  const values = keyvValues(keyv, (key) => adapter.createKeyPrefix(key, adapter.namespace));

  return {
    get: values.get,
    set: values.set,
    delete: values.delete,
    close: values.close,
    async claim(key, owner, ttlMs) {
      const result = await client.eval(CLAIM, {
        keys: [lease(key)],
        arguments: [owner, ttlMs === undefined ? '' : String(ttlMs)],
      });
      return result === 1;
    },
    async holder(key) {
      return (await client.get(lease(key))) ?? undefined;
    },
    async release(key, owner) {
      await client.eval(RELEASE, { keys: [lease(key)], arguments: [owner] });
    },
    async zadd(index, member, score) {
      await client.zAdd(sorted(index), { score, value: member });
    },
    async zrem(index, member) {
      await client.zRem(sorted(index), member);
    },
    async zrangeByScore(index, maxScore, limit) {
      const rows = await client.zRangeWithScores(sorted(index), '-inf', maxScore, {
        BY: 'SCORE',
        LIMIT: { offset: 0, count: limit },
      });
      return rows.map((row) => ({ member: String(row.value), score: row.score }));
    },
    async zrangeBetween(index, minScore, maxScore, limit, order = 'asc') {
      // ZRANGE … BYSCORE REV takes the range as max, min.
      const rows =
        order === 'desc'
          ? await client.zRangeWithScores(sorted(index), maxScore, minScore, {
              BY: 'SCORE',
              REV: true,
              LIMIT: { offset: 0, count: limit },
            })
          : await client.zRangeWithScores(sorted(index), minScore, maxScore, {
              BY: 'SCORE',
              LIMIT: { offset: 0, count: limit },
            });
      return rows.map((row) => ({ member: String(row.value), score: row.score }));
    },
    async zremBelow(index, belowScore) {
      await client.zRemRangeByScore(sorted(index), '-inf', `(${belowScore}`);
    },
    async batch(writes) {
      const encoded = await Promise.all(
        writes.map(async (write) =>
          write.op === 'set' ? await values.encode(write.key, write.value, write.ttlMs) : undefined,
        ),
      );
      const multi = client.multi();
      for (const [i, write] of writes.entries()) {
        const value = encoded[i];
        if (value) {
          if (value.ttlMs) multi.set(value.key, value.value, { PX: value.ttlMs });
          else multi.set(value.key, value.value);
        } else if (write.op === 'delete') multi.del(adapter.createKeyPrefix(write.key, adapter.namespace));
        else if (write.op === 'zadd') multi.zAdd(sorted(write.index), { score: write.score, value: write.member });
        else if (write.op === 'zrem') multi.zRem(sorted(write.index), write.member);
        else if (write.op === 'zremBelow') multi.zRemRangeByScore(sorted(write.index), '-inf', `(${write.below}`);
      }
      await multi.exec();
    },
    async ping() {
      await client.ping();
    },
  };
}
