/**
 * carryOutRequest (src/requests/carry-out.ts) and requestRemoval (src/requests/request-removal.ts) on the
 * in-memory store, against a CloudMonitor stand-in (CmsClient) and a recording Notifier: PutContact then
 * registered; a CloudMonitor error → failed with its code; a name owned by someone else; the remove path; once
 * only. No network.
 */
import { describe, expect, it } from 'vitest';
import { nextReminderOf } from '../../../src/reminders/reminders.js';
import { carryOutRequest } from '../../../src/requests/carry-out.js';
import { decide } from '../../../src/requests/decide.js';
import { requestRemoval } from '../../../src/requests/request-removal.js';
import { submitContact } from '../../../src/requests/submit.js';
import { ADMIN, type CoreTestDeps, coreDeps, formFor, OTHER_USER, REQUESTER } from './core-deps.js';

async function approved(t: CoreTestDeps, userId = REQUESTER, fields = formFor('dana_ops')) {
  const result = await submitContact(t.deps, { userId, fields });
  if (result.outcome !== 'stored') throw new Error(`not stored: ${JSON.stringify(result)}`);
  const decided = await decide(t.deps, result.request.id, 'approve', ADMIN);
  if (!decided.ok) throw new Error('not approved');
  return decided.request;
}

describe('carryOutRequest', () => {
  it('calls PutContact with the whole contact, then records the registration, schedules reminders and marks it registered', async () => {
    const t = coreDeps({ REMINDER_DELAYS: '1h,1d' });
    const request = await approved(t);
    const done = await carryOutRequest(t.deps, request.id);
    expect(t.cms.callsTo('putContact')).toEqual([[request.contact]]);
    expect(done).toMatchObject({ status: 'registered', result: { ok: true, requestId: 'CMS-REQ-0001' } });
    expect(await t.deps.requests.get(request.id)).toEqual(done);
    expect(await t.deps.requests.registeredContactOf(REQUESTER)).toMatchObject({
      contact: request.contact,
      requestId: request.id,
    });
    expect(await t.deps.requests.ownerOf('dana_ops')).toBe(REQUESTER);
    expect(await t.deps.requests.openRequestOf(REQUESTER)).toBeUndefined();
    expect(await nextReminderOf(t.deps, request.id)).toMatchObject({ dueAt: t.clock.now + 3_600_000, index: 0 });
    // The admin message shows the outcome, then the requester is told, both with the registered request.
    expect(t.notifier.calls.map((call) => [call.method, call.request.status])).toEqual([
      ['refreshApprovalMessage', 'registered'],
      ['tellRequester', 'registered'],
    ]);
    const audit = await t.deps.audit.list({ order: 'oldest-first' });
    expect(audit.find((entry) => entry.cmsAction === 'PutContact')).toMatchObject({
      outcome: 'ok',
      cmsRequestId: 'CMS-REQ-0001',
      requestId: request.id,
    });
  });

  it('on a CloudMonitor error: failed with its code, message and RequestId, the data kept, nobody told; Retry repeats it', async () => {
    const t = coreDeps();
    const request = await approved(t);
    t.cms.failNext('putContact', 'InvalidParameterValue', 'The phone number is not valid.');
    const failed = await carryOutRequest(t.deps, request.id);
    expect(failed).toMatchObject({
      status: 'failed',
      contact: request.contact,
      result: {
        ok: false,
        code: 'InvalidParameterValue',
        message: 'The phone number is not valid.',
        requestId: expect.stringMatching(/^CMS-REQ-/),
      },
    });
    expect(await t.deps.requests.registeredContactOf(REQUESTER)).toBeUndefined();
    expect(t.notifier.calls.map((call) => [call.method, call.request.status])).toEqual([
      ['refreshApprovalMessage', 'failed'],
    ]);
    expect((await t.deps.audit.list()).find((entry) => entry.cmsAction === 'PutContact')).toMatchObject({
      outcome: 'InvalidParameterValue',
    });
    // The request is still open (Retry / Reject), and Retry carries it out.
    expect((await t.deps.requests.openRequestOf(REQUESTER))?.id).toBe(request.id);
    expect((await decide(t.deps, request.id, 'retry', ADMIN)).ok).toBe(true);
    expect((await carryOutRequest(t.deps, request.id))?.status).toBe('registered');
    expect(t.cms.callsTo('putContact')).toHaveLength(2);
  });

  it('fails with ContactNameTaken, naming the owner, when someone else owns the name; no PutContact', async () => {
    const t = coreDeps();
    const request = await approved(t);
    await t.deps.requests.claimOwnership('dana_ops', OTHER_USER);
    expect(await carryOutRequest(t.deps, request.id)).toMatchObject({
      status: 'failed',
      result: { ok: false, code: 'ContactNameTaken', takenBy: OTHER_USER },
    });
    expect(t.cms.callsTo('putContact')).toEqual([]);
  });

  it('carries a request out once, however many replicas try at the same moment; not at all unless approving', async () => {
    const t = coreDeps();
    const pending = await submitContact(t.deps, { userId: OTHER_USER, fields: formFor('li_wei') });
    if (pending.outcome !== 'stored') throw new Error('not stored');
    expect(await carryOutRequest(t.deps, pending.request.id)).toMatchObject({ status: 'pending' });
    expect(t.cms.calls).toEqual([]);

    const request = await approved(t);
    // Replicas sharing one store: each has its own instanceId (the work lease's owner).
    const replicas = ['a', 'b', 'c'].map((name) => ({ ...t.deps, instanceId: `replica-${name}:1:abc` }));
    const results = await Promise.all(replicas.map((deps) => carryOutRequest(deps, request.id)));
    expect(t.cms.callsTo('putContact')).toHaveLength(1);
    expect(t.notifier.of('tellRequester')).toHaveLength(1);
    expect((await t.deps.requests.get(request.id))?.status).toBe('registered');
    expect(results.filter((result) => result?.status === 'registered').length).toBeGreaterThanOrEqual(1);
  });

  it('changes the contact groups after PutContact, keeping the other members', async () => {
    const t = coreDeps();
    t.cms.groups.set('db-oncall', {
      Name: 'db-oncall',
      Describe: 'DB rota',
      EnableSubscribed: true,
      Contacts: ['ops_lead'],
    });
    const result = await submitContact(t.deps, {
      userId: REQUESTER,
      fields: formFor('dana_ops'),
      selectedGroups: ['db-oncall'],
    });
    if (result.outcome !== 'stored') throw new Error('not stored');
    await decide(t.deps, result.request.id, 'approve', ADMIN);
    expect((await carryOutRequest(t.deps, result.request.id))?.status).toBe('registered');
    // Approved before the name lookup ran: carrying it out looks first (never overwriting an unowned contact unseen).
    expect(t.cms.calls.map((call) => call.action).filter((action) => action !== 'listContactGroups')).toEqual([
      'describeContact',
      'putContact',
      'putContactGroup',
    ]);
    expect(t.cms.groups.get('db-oncall')).toMatchObject({
      Describe: 'DB rota',
      EnableSubscribed: true,
      Contacts: ['ops_lead', 'dana_ops'],
    });
  });
});

describe('the remove path', () => {
  it('requestRemoval opens a remove request; approved, it leaves the groups, calls DeleteContact and frees the name', async () => {
    const t = coreDeps();
    t.cms.groups.set('db-oncall', {
      Name: 'db-oncall',
      Describe: 'DB rota',
      EnableSubscribed: true,
      Contacts: ['ops_lead'],
    });
    const first = await submitContact(t.deps, {
      userId: REQUESTER,
      fields: formFor('dana_ops'),
      selectedGroups: ['db-oncall'],
    });
    if (first.outcome !== 'stored') throw new Error('not stored');
    await decide(t.deps, first.request.id, 'approve', ADMIN);
    await carryOutRequest(t.deps, first.request.id);
    t.notifier.calls.length = 0;

    const opened = await requestRemoval(t.deps, REQUESTER, 'requester');
    if (!opened.ok) throw new Error(`not opened: ${opened.reason}`);
    expect(opened.request).toMatchObject({
      kind: 'remove',
      status: 'pending',
      previousGroups: ['db-oncall'],
      groups: [],
      origin: 'requester',
    });
    expect(t.notifier.of('postApprovalMessage')).toHaveLength(1);
    expect(await requestRemoval(t.deps, REQUESTER, 'requester')).toMatchObject({
      ok: false,
      reason: 'already_requested',
    });

    await decide(t.deps, opened.request.id, 'approve', ADMIN);
    const removed = await carryOutRequest(t.deps, opened.request.id);
    expect(removed).toMatchObject({ status: 'removed', result: { ok: true } });
    expect(t.cms.contacts.has('dana_ops')).toBe(false);
    expect(t.cms.groups.get('db-oncall')?.Contacts).toEqual(['ops_lead']);
    expect(await t.deps.requests.registeredContactOf(REQUESTER)).toBeUndefined();
    expect(await t.deps.requests.ownerOf('dana_ops')).toBeUndefined();
    expect(t.notifier.of('tellRequester').map((call) => call.request.status)).toEqual(['removed']);
    expect(await requestRemoval(t.deps, REQUESTER, 'requester')).toEqual({ ok: false, reason: 'no_contact' });
  });

  it('a failed DeleteContact leaves the registration and the name owned; the request is failed with the code', async () => {
    const t = coreDeps();
    const request = await approved(t);
    await carryOutRequest(t.deps, request.id);
    const opened = await requestRemoval(t.deps, REQUESTER, 'offboarding');
    if (!opened.ok) throw new Error('not opened');
    await decide(t.deps, opened.request.id, 'approve', ADMIN);
    t.cms.failNext('deleteContact', 'Throttling.User');
    expect(await carryOutRequest(t.deps, opened.request.id)).toMatchObject({
      status: 'failed',
      result: { code: 'Throttling.User' },
    });
    expect(t.cms.contacts.has('dana_ops')).toBe(true);
    expect(await t.deps.requests.registeredContactOf(REQUESTER)).toBeDefined();
    expect(await t.deps.requests.ownerOf('dana_ops')).toBe(REQUESTER);
  });
});
