/**
 * The transition table (src/requests/transitions.ts) through the only code that changes a status,
 * RequestRepository.transition, on the in-memory store: every from → to pair of the whole table, and the named
 * status sets of src/requests/request.ts against the table.
 */
import { describe, expect, it } from 'vitest';
import {
  AWAITING_ADMIN_STATUSES,
  FINAL_STATUSES,
  isIn,
  newRequest,
  OPEN_STATUSES,
  POSTABLE_STATUSES,
  REQUEST_STATUSES,
  type RequestStatus,
  TOLD_STATUSES,
} from '../../../src/requests/request.js';
import { canTransition, IllegalTransitionError, TRANSITIONS } from '../../../src/requests/transitions.js';
import { RequestRepository } from '../../../src/store/request-repository.js';
import { MemoryStore } from '../../fakes/memory-store.js';

const CONTACT = {
  ContactName: 'dana_ops',
  Describe: 'DBA on call',
  Channels: { Mail: 'dana@example.com' },
  Lang: 'en' as const,
};
/**
 * The allowed changes, written out independently of the table as the life of a request is documented
 * (src/requests/request.ts): pending → approving | rejected | superseded; approving → registered | removed | failed;
 * failed → approving (Retry) | rejected. Everything else is illegal.
 */
const ALLOWED = new Set([
  'pending→approving',
  'pending→rejected',
  'pending→superseded',
  'approving→registered',
  'approving→removed',
  'approving→failed',
  'failed→approving',
  'failed→rejected',
]);
const PAIRS = REQUEST_STATUSES.flatMap((from) => REQUEST_STATUSES.map((to) => [from, to] as const));
/** The statuses reachable from `pending`, with the path to each (breadth first through the table). */
function pathsFromPending(): Map<RequestStatus, RequestStatus[]> {
  const paths = new Map<RequestStatus, RequestStatus[]>([['pending', []]]);
  const queue: RequestStatus[] = ['pending'];
  for (let from = queue.shift(); from !== undefined; from = queue.shift()) {
    for (const to of TRANSITIONS[from]) {
      if (paths.has(to)) continue;
      paths.set(to, [...(paths.get(from) ?? []), to]);
      queue.push(to);
    }
  }
  return paths;
}

/** A stored request brought to `status` the only legal way: transitions from pending. */
async function storedIn(
  status: RequestStatus,
): Promise<{ requests: RequestRepository; id: string; store: MemoryStore }> {
  const store = new MemoryStore(() => 1_000);
  const requests = new RequestRepository(store, () => 1_000);
  const id = requests.newId();
  await requests.create(newRequest({ id, requesterId: 'U0REQ0001', kind: 'create', contact: CONTACT }, 1_000));
  const path = pathsFromPending().get(status);
  if (!path) throw new Error(`${status} cannot be reached from pending`);
  for (const step of path) await requests.transition(id, step);
  return { requests, id, store };
}

describe('the transition table, walked whole through RequestRepository.transition', () => {
  it('allows exactly the documented changes', () => {
    const table = Object.entries(TRANSITIONS).flatMap(([from, targets]) => targets.map((to) => `${from}→${to}`));
    expect(table.sort()).toEqual([...ALLOWED].sort());
  });

  it('reaches every status from pending', () => {
    expect([...pathsFromPending().keys()].sort()).toEqual([...REQUEST_STATUSES].sort());
  });

  it.each(PAIRS)(
    '%s → %s: allowed pairs change the stored status, others throw IllegalTransition and change nothing',
    async (from, to) => {
      const { requests, id } = await storedIn(from);
      const before = await requests.get(id);
      expect(before?.status).toBe(from);
      if (ALLOWED.has(`${from}→${to}`)) {
        const next = await requests.transition(id, to, { attempts: 7 });
        expect(next.status).toBe(to);
        expect(await requests.get(id)).toMatchObject({ status: to, attempts: 7 });
      } else {
        const thrown = await requests.transition(id, to, { attempts: 7 }).catch((error: unknown) => error);
        expect(thrown).toBeInstanceOf(IllegalTransitionError);
        expect(thrown).toMatchObject({ code: 'IllegalTransition', from, to, requestId: id });
        expect(await requests.get(id)).toEqual(before);
      }
    },
  );

  it('checks the stored status, not the caller’s copy: a stale copy cannot take a request back', async () => {
    const { requests, id } = await storedIn('pending');
    await requests.transition(id, 'rejected');
    await expect(requests.transition(id, 'approving')).rejects.toMatchObject({
      code: 'IllegalTransition',
      from: 'rejected',
      to: 'approving',
    });
  });

  it('keeps the indexes with the status: pending list, open request', async () => {
    const { requests, id } = await storedIn('pending');
    expect((await requests.pending()).map((request) => request.id)).toEqual([id]);
    expect((await requests.openRequestOf('U0REQ0001'))?.id).toBe(id);
    await requests.transition(id, 'approving');
    expect(await requests.pending()).toEqual([]);
    expect((await requests.openRequestOf('U0REQ0001'))?.id).toBe(id);
    await requests.transition(id, 'failed');
    expect((await requests.openRequestOf('U0REQ0001'))?.id).toBe(id);
    await requests.transition(id, 'rejected');
    expect(await requests.pending()).toEqual([]);
    expect(await requests.openRequestOf('U0REQ0001')).toBeUndefined();
  });
});

describe('named status sets agree with the table', () => {
  const finalByTable = REQUEST_STATUSES.filter((status) => TRANSITIONS[status].length === 0);

  it('FINAL_STATUSES are exactly the statuses the table lets go nowhere', () => {
    expect([...FINAL_STATUSES].sort()).toEqual([...finalByTable].sort());
  });

  it('OPEN_STATUSES are exactly the statuses that are not final; REQUEST_STATUSES lists each status once', () => {
    expect(new Set(REQUEST_STATUSES).size).toBe(REQUEST_STATUSES.length);
    expect([...OPEN_STATUSES].sort()).toEqual(
      REQUEST_STATUSES.filter((status) => !finalByTable.includes(status)).sort(),
    );
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...REQUEST_STATUSES].sort());
  });

  it('AWAITING_ADMIN_STATUSES are the open statuses a decision can start from (to approving or rejected)', () => {
    const decidable = OPEN_STATUSES.filter((status) => canTransition(status, 'rejected'));
    expect([...AWAITING_ADMIN_STATUSES].sort()).toEqual([...decidable].sort());
    for (const status of AWAITING_ADMIN_STATUSES) expect(canTransition(status, 'approving')).toBe(true);
  });

  it('TOLD_STATUSES are final outcomes reached by a decision or its carrying out (not superseded)', () => {
    for (const status of TOLD_STATUSES) expect(isIn(FINAL_STATUSES, status)).toBe(true);
    expect(isIn(TOLD_STATUSES, 'superseded')).toBe(false);
    expect([...TOLD_STATUSES].sort()).toEqual(
      finalByTable
        .filter((status) => REQUEST_STATUSES.some((from) => from !== 'pending' && canTransition(from, status)))
        .sort(),
    );
  });

  it('POSTABLE_STATUSES are open, and every status a new request starts in or is decided into first', () => {
    for (const status of POSTABLE_STATUSES) expect(isIn(OPEN_STATUSES, status)).toBe(true);
    expect(POSTABLE_STATUSES).toContain('pending');
    expect(TRANSITIONS.pending).toContain('approving');
    expect(POSTABLE_STATUSES).toContain('approving');
  });

  it('isIn narrows by membership', () => {
    for (const status of REQUEST_STATUSES)
      expect(isIn(FINAL_STATUSES, status)).toBe((FINAL_STATUSES as readonly string[]).includes(status));
  });
});

describe('RequestRepository: what a change keeps true besides the table', () => {
  it('update() refuses a patch that carries a status, even one cast past its type', async () => {
    const { requests, id } = await storedIn('pending');
    const forged = { status: 'registered' } as unknown as Parameters<RequestRepository['update']>[1];
    await expect(requests.update(id, forged)).rejects.toThrow(/transition/);
    expect((await requests.get(id))?.status).toBe('pending');
  });

  it('a failed approval is listed as waiting for an admin again (Retry / Reject from /alert-contact pending)', async () => {
    const { requests, id } = await storedIn('approving');
    expect((await requests.pending()).map((request) => request.id)).not.toContain(id);
    await requests.transition(id, 'failed');
    expect((await requests.pending()).map((request) => request.id)).toContain(id);
    await requests.transition(id, 'approving');
    expect((await requests.pending()).map((request) => request.id)).not.toContain(id);
  });
});
