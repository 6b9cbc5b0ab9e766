import { randomBytes } from 'node:crypto';
import type { Store, StoreWrite } from './store.js';

/**
 * One audit entry: who did what, when (epoch ms), and for CloudMonitor calls the action, RequestId and outcome.
 * `actor` is a Slack user ID, or `bot` / `slack` / `auto` for what the app did on its own.
 */
/** Every action the audit log records; the i18n catalogues name each one (`audit.actions`). */
export const AUDIT_ACTIONS = [
  'request-submitted',
  'removal-requested',
  'decision-approve',
  'decision-reject',
  'decision-retry',
  'putcontact',
  'deletecontact',
  'putcontactgroup',
  'group-add',
  'group-remove',
  'activation-check',
  'activation-reminder',
  'activation-confirmed',
  'owner-assigned',
  'claim-invited',
  'dm-undeliverable',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * One stored audit entry. `action` is read back as a string: entries written by another version of the bot may
 * carry actions this one does not know (shown as their code).
 */
export interface AuditEntry {
  at: number;
  actor: string;
  action: AuditAction | (string & {});
  /** The Slack user ID the entry is about (the requester / contact owner); `audit @user` filters on it. */
  subject?: string;
  requestId?: string;
  contactName?: string;
  /** CloudMonitor API action, e.g. `PutContact` (API 2019-01-01). */
  cmsAction?: string;
  /** CloudMonitor's RequestId for the call, when it answered with one. */
  cmsRequestId?: string;
  /** `ok`, CloudMonitor's error code, or another short result word (e.g. `found`). */
  outcome?: string;
  detail?: string;
}

/** An entry to record: one of the known {@link AUDIT_ACTIONS}; `at` is stamped by the log's clock. */
export type NewAuditEntry = Omit<AuditEntry, 'at' | 'action'> & { action: AuditAction };

/** Which entries {@link AuditLog.list} returns. */
export interface AuditQuery {
  /** Only entries at or after this time, epoch ms. Default: all. */
  since?: number;
  /** Only entries at or before this time, epoch ms. Default: all. */
  until?: number;
  /** Only entries about this Slack user ({@link AuditEntry.subject}). */
  subject?: string;
  /** Most entries returned. Default 100. */
  limit?: number;
  /** Default 'newest-first'. */
  order?: 'newest-first' | 'oldest-first';
}

/** Every entry, by time. */
const AUDIT_INDEX = 'audit';
/** Entries about one Slack user, by time: `audit @user` reads only these. */
const subjectIndex = (userId: string) => `audit:subject:${userId}`;
const entryKey = (id: string) => `audit:${id}`;
/** Entries read per store round trip by {@link AuditLog.entries}. */
const PAGE_SIZE = 500;

/**
 * Append-only audit log in the store. Each entry is a JSON value (`audit:<id>`) indexed by time in the sorted
 * index `audit`, and, when it has a subject, in `audit:subject:<userId>` too, so reading the latest entries (of
 * everyone or of one person) costs what is returned, not what is stored.
 */
export class AuditLog {
  /** Orders entries appended in the same millisecond by this process (ties sort by member). */
  private sequence = 0;

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  /** Appends an entry stamped with the current time (epoch ms). Undefined fields are not stored. */
  async append(entry: NewAuditEntry): Promise<void> {
    await this.store.batch(this.writesFor(entry));
  }

  /**
   * The store writes that append `entry` (stamped now, epoch ms), for a caller to apply in one
   * {@link Store.batch} with writes of its own (e.g. a request and its `request-submitted` entry together).
   */
  writesFor(entry: NewAuditEntry): StoreWrite[] {
    const at = this.now();
    this.sequence = (this.sequence + 1) % 36 ** 4;
    const id = `${at}-${this.sequence.toString(36).padStart(4, '0')}${randomBytes(4).toString('hex')}`;
    const stored: AuditEntry = { ...withoutUndefined(entry), at };
    return [
      { op: 'set', key: entryKey(id), value: stored },
      { op: 'zadd', index: AUDIT_INDEX, member: id, score: at },
      ...(entry.subject ? [{ op: 'zadd' as const, index: subjectIndex(entry.subject), member: id, score: at }] : []),
    ];
  }

  /**
   * Entries in a time range, optionally about one person.
   * @returns at most `query.limit` (default 100) entries, newest first unless `order` is 'oldest-first'
   */
  async list(query: AuditQuery = {}): Promise<AuditEntry[]> {
    const rows = await this.store.zrangeBetween(
      query.subject ? subjectIndex(query.subject) : AUDIT_INDEX,
      query.since ?? 0,
      query.until ?? Number.MAX_SAFE_INTEGER,
      query.limit ?? 100,
      query.order === 'oldest-first' ? 'asc' : 'desc',
    );
    return this.load(rows.map((row) => row.member));
  }

  /**
   * Every entry at or after `since` (epoch ms), optionally only about `subject`, oldest first, read `pageSize`
   * (default 500) at a time, so exports of any size use bounded memory. Entries appended while iterating may or
   * may not be included.
   */
  async *entries(query: { since?: number; subject?: string; pageSize?: number } = {}): AsyncGenerator<AuditEntry> {
    const index = query.subject ? subjectIndex(query.subject) : AUDIT_INDEX;
    let from = query.since ?? 0;
    // Members already returned at score `from`: the next page starts at that score again (inclusive).
    let seenAtFrom = new Set<string>();
    let pageSize = Math.max(1, query.pageSize ?? PAGE_SIZE);
    for (;;) {
      const rows = await this.store.zrangeBetween(
        index,
        from,
        Number.MAX_SAFE_INTEGER,
        pageSize + seenAtFrom.size,
        'asc',
      );
      const fresh = rows.filter((row) => !(row.score === from && seenAtFrom.has(row.member)));
      for (const entry of await this.load(fresh.map((row) => row.member))) yield entry;
      if (rows.length < pageSize + seenAtFrom.size) return;
      const last = rows.at(-1);
      if (!last) return;
      if (last.score !== from) {
        from = last.score;
        seenAtFrom = new Set();
      } else {
        pageSize *= 2; // a whole page at one score: widen instead of looping on it
      }
      for (const row of fresh) if (row.score === from) seenAtFrom.add(row.member);
    }
  }

  /**
   * Deletes the oldest entries stamped before `before` (epoch ms), at most `limit` (default 500), from the log and
   * its indexes, in one {@link Store.batch}.
   * @returns how many entries were deleted; fewer than `limit` means none older is left
   */
  async purgeBefore(before: number, limit = PAGE_SIZE): Promise<number> {
    const rows = await this.store.zrangeByScore(AUDIT_INDEX, before - 1, limit);
    if (rows.length === 0) return 0;
    const entries = await Promise.all(rows.map((row) => this.store.get<AuditEntry>(entryKey(row.member))));
    const writes: StoreWrite[] = rows.flatMap((row, i) => {
      const subject = entries[i]?.subject;
      return [
        { op: 'delete' as const, key: entryKey(row.member) },
        { op: 'zrem' as const, index: AUDIT_INDEX, member: row.member },
        ...(subject ? [{ op: 'zrem' as const, index: subjectIndex(subject), member: row.member }] : []),
      ];
    });
    await this.store.batch(writes);
    return rows.length;
  }

  private async load(ids: readonly string[]): Promise<AuditEntry[]> {
    const entries = await Promise.all(ids.map((id) => this.store.get<AuditEntry>(entryKey(id))));
    return entries.filter((entry): entry is AuditEntry => entry !== undefined);
  }
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
