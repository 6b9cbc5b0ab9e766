import { randomBytes } from 'node:crypto';
import type { Store } from './store.js';

/** One audit entry: who did what, when (epoch ms), and for CloudMonitor calls the action, RequestId and outcome. */
export interface AuditEntry {
  at: number;
  actor: string;
  action: string;
  requestId?: string;
  contactName?: string;
  cmsAction?: string;
  cmsRequestId?: string;
  outcome?: string;
  detail?: string;
}

const AUDIT_INDEX = 'audit';

/** Append-only audit log in the store, indexed by time. */
export class AuditLog {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  /** Appends an entry stamped with the current time. */
  async append(entry: Omit<AuditEntry, 'at'>): Promise<void> {
    const at = this.now();
    const id = `${at}-${randomBytes(4).toString('hex')}`;
    await this.store.set(`audit:${id}`, { ...entry, at });
    await this.store.zadd(AUDIT_INDEX, id, at);
  }

  /** Entries up to `limit`, oldest first. */
  async list(limit = 100): Promise<AuditEntry[]> {
    const rows = await this.store.zrangeByScore(AUDIT_INDEX, Number.MAX_SAFE_INTEGER, limit);
    const entries = await Promise.all(rows.map((row) => this.store.get<AuditEntry>(`audit:${row.member}`)));
    return entries.filter((entry): entry is AuditEntry => entry !== undefined);
  }
}
