import type { AppDeps } from '../compose.js';
import { attemptOwner } from './store.js';

/** How often the purge runs, ms (at most once per period across every replica sharing the store). */
export const RETENTION_PURGE_EVERY_MS = 10 * 60_000;
/** Most batches per run: a large backlog (e.g. after lowering a retention) is worked off over several runs. */
const MAX_BATCHES = 20;
const LEASE = 'retention-purge';
/** Requests and audit entries deleted per store batch. */
const REQUEST_BATCH = 200;
const AUDIT_BATCH = 500;

/**
 * Deletes what is past its retention (config.retention): audit entries older than AUDIT_RETENTION, and decided
 * requests (with the contact details they carry: a removed contact's phone number, e-mail and DingTalk token)
 * decided longer than REQUEST_RETENTION ago. Runs at most once per `everyMs` (default
 * {@link RETENTION_PURGE_EVERY_MS}) across replicas: a store lease of that length decides who runs; otherwise it
 * returns at once. Meant to be called from every background round.
 * @returns how many audit entries and requests were deleted (0 and 0 when not due)
 * @throws the store's error (the background round logs it; the next due run retries)
 */
export async function purgeExpiredData(
  deps: Pick<AppDeps, 'store' | 'audit' | 'requests' | 'config' | 'logger' | 'now' | 'instanceId'>,
  everyMs = RETENTION_PURGE_EVERY_MS,
): Promise<{ audit: number; requests: number }> {
  const purged = { audit: 0, requests: 0 };
  if (!(await deps.store.claim(LEASE, attemptOwner(deps.instanceId), everyMs))) return purged;
  const now = deps.now();
  const { auditMs, requestsMs } = deps.config.retention;
  for (let batch = 0; batch < MAX_BATCHES; batch += 1) {
    const deleted = await deps.requests.purgeDecidedBefore(now - requestsMs, REQUEST_BATCH);
    purged.requests += deleted;
    if (deleted < REQUEST_BATCH) break;
  }
  for (let batch = 0; batch < MAX_BATCHES; batch += 1) {
    const deleted = await deps.audit.purgeBefore(now - auditMs, AUDIT_BATCH);
    purged.audit += deleted;
    if (deleted < AUDIT_BATCH) break;
  }
  if (purged.audit + purged.requests > 0) {
    deps.logger.info(
      { auditEntries: purged.audit, requests: purged.requests },
      'deleted data past its retention (AUDIT_RETENTION, REQUEST_RETENTION)',
    );
  }
  return purged;
}
