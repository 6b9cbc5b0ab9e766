/**
 * decide (src/requests/decide.ts) on the in-memory store: a decision is taken exactly once (concurrent approvals,
 * Reject racing Approve), only from the states it applies to, and Retry opens a new attempt. No network.
 */
import { describe, expect, it } from 'vitest';
import { carryOutRequest } from '../../../src/requests/carry-out.js';
import { decide, supersede } from '../../../src/requests/decide.js';
import { submitContact } from '../../../src/requests/submit.js';
import { ADMIN, type CoreTestDeps, coreDeps, formFor, REQUESTER, SECOND_ADMIN } from './core-deps.js';

async function pendingRequest(t: CoreTestDeps) {
  const result = await submitContact(t.deps, { userId: REQUESTER, fields: formFor('dana_ops') });
  if (result.outcome !== 'stored') throw new Error(`not stored: ${JSON.stringify(result)}`);
  return result.request;
}

const decisions = async (t: CoreTestDeps) =>
  (await t.deps.audit.list({ order: 'oldest-first' })).filter((entry) => entry.action.startsWith('decision-'));

describe('decide', () => {
  it('approves exactly once when two admins (and a double click) approve at the same moment', async () => {
    const t = coreDeps();
    const request = await pendingRequest(t);
    const results = await Promise.all([
      decide(t.deps, request.id, 'approve', ADMIN),
      decide(t.deps, request.id, 'approve', ADMIN),
      decide(t.deps, request.id, 'approve', SECOND_ADMIN),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok).map((result) => !result.ok && result.reason)).toEqual([
      'already_decided',
      'already_decided',
    ]);
    expect(await t.deps.requests.get(request.id)).toMatchObject({ status: 'approving', attempts: 1 });
    expect(await decisions(t)).toHaveLength(1);
  });

  it('lets exactly one of Reject and Approve win a race, and the request ends as the winner decided', async () => {
    for (let round = 0; round < 10; round += 1) {
      const t = coreDeps();
      const request = await pendingRequest(t);
      const [approved, rejected] = await Promise.all([
        decide(t.deps, request.id, 'approve', ADMIN),
        decide(t.deps, request.id, 'reject', SECOND_ADMIN, 'not yours'),
      ]);
      expect([approved.ok, rejected.ok].filter(Boolean)).toHaveLength(1);
      const stored = await t.deps.requests.get(request.id);
      expect(stored?.status).toBe(approved.ok ? 'approving' : 'rejected');
      expect(stored?.decision?.action).toBe(approved.ok ? 'approve' : 'reject');
      expect(await decisions(t)).toHaveLength(1);
    }
  });

  it('changes nothing in a state the decision does not apply to', async () => {
    const t = coreDeps();
    expect(await decide(t.deps, 'req_0000000000000000', 'approve', ADMIN)).toEqual({ ok: false, reason: 'not_found' });
    const request = await pendingRequest(t);
    // Retry applies to failed requests only.
    expect(await decide(t.deps, request.id, 'retry', ADMIN)).toMatchObject({
      ok: false,
      reason: 'already_decided',
      request: { status: 'pending' },
    });
    expect((await decide(t.deps, request.id, 'reject', ADMIN, 'no')).ok).toBe(true);
    for (const action of ['approve', 'reject', 'retry'] as const) {
      expect(await decide(t.deps, request.id, action, SECOND_ADMIN)).toMatchObject({
        ok: false,
        reason: 'already_decided',
        request: { status: 'rejected' },
      });
    }
    expect(await t.deps.requests.get(request.id)).toMatchObject({
      status: 'rejected',
      attempts: 1,
      decision: { action: 'reject', by: ADMIN, reason: 'no' },
    });
    expect(await decisions(t)).toHaveLength(1);
  });

  it('Retry of a failed request is a new attempt, itself taken once; Reject of a failed request works too', async () => {
    const t = coreDeps();
    const request = await pendingRequest(t);
    t.cms.failNext('putContact', 'InternalError');
    await decide(t.deps, request.id, 'approve', ADMIN);
    expect((await carryOutRequest(t.deps, request.id))?.status).toBe('failed');
    // Approve is not a decision on a failed request; Retry is, once.
    expect((await decide(t.deps, request.id, 'approve', ADMIN)).ok).toBe(false);
    const retries = await Promise.all([
      decide(t.deps, request.id, 'retry', ADMIN),
      decide(t.deps, request.id, 'retry', SECOND_ADMIN),
    ]);
    expect(retries.filter((result) => result.ok)).toHaveLength(1);
    expect(await t.deps.requests.get(request.id)).toMatchObject({
      status: 'approving',
      attempts: 2,
      decision: { action: 'retry' },
    });
    expect((await carryOutRequest(t.deps, request.id))?.status).toBe('registered');

    const other = coreDeps();
    const second = await pendingRequest(other);
    other.cms.failNext('putContact', 'InternalError');
    await decide(other.deps, second.id, 'approve', ADMIN);
    await carryOutRequest(other.deps, second.id);
    expect(await decide(other.deps, second.id, 'reject', SECOND_ADMIN, 'gave up')).toMatchObject({
      ok: true,
      request: { status: 'rejected' },
    });
  });

  it('supersede and a decision racing for the same request: exactly one wins', async () => {
    for (let round = 0; round < 10; round += 1) {
      const t = coreDeps();
      const request = await pendingRequest(t);
      const [superseded, approved] = await Promise.all([
        supersede(t.deps, request, 'req_ffffffffffffffff'),
        decide(t.deps, request.id, 'approve', ADMIN),
      ]);
      expect([superseded !== undefined, approved.ok].filter(Boolean)).toHaveLength(1);
      expect((await t.deps.requests.get(request.id))?.status).toBe(approved.ok ? 'approving' : 'superseded');
    }
  });
});
