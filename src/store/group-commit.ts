import type Database from 'better-sqlite3';

interface Queued {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  outcome?: { ok: true; value: unknown } | { ok: false; error: unknown };
}

/**
 * Group commit on one better-sqlite3 connection: the writes asked for during one turn of the event loop run in
 * one transaction, committed at the end of the turn (setImmediate). Each write runs in its own savepoint, so one
 * that throws is undone alone and the others still commit. A write's promise settles after the commit.
 *
 * Why: a commit runs on the event loop's thread and writes every page it changed to the WAL (and, past 1000 pages,
 * checkpoints with an fsync); requests arriving together (under load, touching the same index pages) share one
 * commit instead of paying one each.
 */
export class GroupCommit {
  private queue: Queued[] = [];
  private scheduled = false;
  private readonly commitAll: (items: readonly Queued[]) => void;

  constructor(db: Database.Database) {
    // A transaction function called inside another runs as a savepoint (better-sqlite3).
    const one = db.transaction((work: () => unknown) => work());
    this.commitAll = db.transaction((items: readonly Queued[]) => {
      for (const item of items) {
        try {
          item.outcome = { ok: true, value: one(item.work) };
        } catch (error) {
          item.outcome = { ok: false, error };
        }
      }
    });
  }

  /**
   * Runs `work` (synchronous statements on the connection) in the next group commit.
   * @returns what `work` returned, once committed
   * @throws what `work` threw (its writes undone), or the commit's error (every write of the group undone)
   */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits what is queued now (also called before the connection closes). */
  flush(): void {
    this.scheduled = false;
    const items = this.queue;
    this.queue = [];
    if (items.length === 0) return;
    try {
      this.commitAll(items);
    } catch (error) {
      for (const item of items) item.reject(error);
      return;
    }
    for (const item of items) {
      if (item.outcome?.ok) item.resolve(item.outcome.value);
      else item.reject(item.outcome?.error);
    }
  }
}
