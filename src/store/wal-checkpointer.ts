import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker checkpoints the WAL, ms. */
export const CHECKPOINT_EVERY_MS = 1_000;

// CommonJS, run by the worker (eval): its own better-sqlite3 connection to the same file.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 5000 });
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message) });
  }
}, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/** A running checkpointer; `stop` resolves once its connection is closed. */
export interface WalCheckpointer {
  stop(): Promise<void>;
}

/**
 * Checkpoints a WAL-mode SQLite file from a worker thread every {@link CHECKPOINT_EVERY_MS}, so that copying the
 * WAL back into the database (and its fsync) does not run on the event loop. The app's connection should set
 * `wal_autocheckpoint` well above SQLite's 1000 pages: the commit that crosses it checkpoints on the calling thread
 * (tens of ms with 100k registrations stored: README, "Performance"), and under writes that
 * never pause that is what bounds the WAL (a PASSIVE checkpoint cannot finish while a writer keeps appending). A PASSIVE checkpoint
 * does not block the app's readers or writer (sqlite.org/wal.html, "Checkpointing"; better-sqlite3's
 * performance notes suggest checkpointing from another thread).
 * @param file path of the database file (not `:memory:`)
 * @param onError called with the message of a failed checkpoint (the next one retries)
 */
export function startWalCheckpointer(file: string, onError: (message: string) => void = () => {}): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file, everyMs: CHECKPOINT_EVERY_MS } });
  worker.unref();
  worker.on('message', (message: { error?: string }) => {
    if (message.error) onError(message.error);
  });
  worker.on('error', (error) => onError(error.message));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      worker.ref(); // unref'd while running; the process must wait for its connection to close
      worker.postMessage('stop');
      await exited;
    },
  };
}
