/**
 * The SQLite store's WAL is checkpointed by its worker thread (src/store/wal-checkpointer.ts), not by the app's
 * commits: with autocheckpoint off on the app's connection, the WAL file stops growing only because the worker
 * copies it back into the database, so that SQLite can reuse it from the start.
 */
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createStore } from '../../../src/store/create-store.js';
import { CHECKPOINT_EVERY_MS } from '../../../src/store/wal-checkpointer.js';
import { tempSqliteUrl } from '../../helpers/test-bot.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('WAL checkpointer', () => {
  it('keeps the WAL file from growing without bound while the store is written', async () => {
    const url = tempSqliteUrl();
    const wal = `${url.replace(/^sqlite:\/\//, '')}-wal`;
    const store = await createStore(url);
    const value = 'x'.repeat(4_000); // about a page per value
    try {
      const sizes: number[] = [];
      for (let round = 0; round < 4; round += 1) {
        await store.batch(
          Array.from({ length: 300 }, (_, i) => ({ op: 'set' as const, key: `k${round}-${i}`, value })),
        );
        sizes.push(statSync(wal).size);
        await sleep(CHECKPOINT_EVERY_MS * 1.5); // a checkpoint runs meanwhile; the next batch reuses the WAL
      }
      // Without checkpoints the WAL would hold all 1,200 values (≈ 5 MB and growing by ≈ 1.2 MB a round).
      expect(Math.max(...sizes)).toBeLessThan((sizes[0] ?? 0) * 1.5);
      expect(await store.get('k0-0')).toBe(value);
    } finally {
      await store.close();
    }
  });
});
