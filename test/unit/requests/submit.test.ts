/**
 * submitContact (src/requests/submit.ts) on the in-memory store with a CloudMonitor stand-in: validation problems
 * keyed by field, a ContactName owned by someone else, an unchanged contact, SUBMISSION_LIMIT, superseding the
 * earlier open request, contact groups that are not offered. No network.
 */
import { describe, expect, it } from 'vitest';
import { carryOutRequest } from '../../../src/requests/carry-out.js';
import { decide } from '../../../src/requests/decide.js';
import { type SubmitResult, submitContact } from '../../../src/requests/submit.js';
import { ADMIN, type CoreTestDeps, coreDeps, formFor, OTHER_USER, REQUESTER } from './core-deps.js';

function stored(result: SubmitResult): Extract<SubmitResult, { outcome: 'stored' }> {
  if (result.outcome !== 'stored') throw new Error(`expected stored, got ${JSON.stringify(result)}`);
  return result;
}

/** Submits, approves and carries out: the requester's contact is registered. */
async function registered(t: CoreTestDeps, fields = formFor('dana_ops')) {
  const { request } = stored(await submitContact(t.deps, { userId: REQUESTER, fields }));
  expect((await decide(t.deps, request.id, 'approve', ADMIN)).ok).toBe(true);
  expect((await carryOutRequest(t.deps, request.id))?.status).toBe('registered');
  return request;
}

describe('submitContact', () => {
  it('refuses invalid fields with a problem code under each field, and stores nothing', async () => {
    const t = coreDeps();
    const result = await submitContact(t.deps, {
      userId: REQUESTER,
      fields: formFor('d', { Mail: 'not-an-address', SMS: '12345', Describe: '' }),
    });
    expect(result).toEqual({
      outcome: 'invalid',
      problems: {
        ContactName: { code: 'contactName.length' },
        Describe: { code: 'describe.required' },
        'Channels.Mail': { code: 'mail.invalid' },
        'Channels.SMS': { code: 'sms.invalid' },
      },
    });
    expect(await t.deps.requests.openRequestOf(REQUESTER)).toBeUndefined();
    expect(await t.deps.requests.pending()).toEqual([]);
    expect(t.cms.calls).toEqual([]);
  });

  it('refuses a ContactName another person owns through the bot (case-folded), and stores nothing', async () => {
    const t = coreDeps();
    expect(await t.deps.requests.claimOwnership('dana_ops', OTHER_USER)).toBe(true);
    for (const name of ['dana_ops', 'Dana_Ops']) {
      const result = await submitContact(t.deps, { userId: REQUESTER, fields: formFor(name) });
      expect(result).toEqual({ outcome: 'invalid', problems: { ContactName: { code: 'nameTaken' } } });
    }
    expect(await t.deps.requests.openRequestOf(REQUESTER)).toBeUndefined();
    // The owner may submit it.
    expect((await submitContact(t.deps, { userId: OTHER_USER, fields: formFor('dana_ops') })).outcome).toBe('stored');
  });

  it('answers unchanged for the registered contact submitted again, and stores nothing', async () => {
    const t = coreDeps();
    await registered(t);
    const before = (await t.deps.audit.list()).length;
    expect(await submitContact(t.deps, { userId: REQUESTER, fields: formFor('dana_ops') })).toEqual({
      outcome: 'unchanged',
      contactName: 'dana_ops',
    });
    expect(await t.deps.requests.openRequestOf(REQUESTER)).toBeUndefined();
    expect(await t.deps.audit.list()).toHaveLength(before);
    // A change is an update of the registered contact (its name is kept whatever the form says).
    const update = stored(
      await submitContact(t.deps, { userId: REQUESTER, fields: formFor('other_name', { Describe: 'DBA, nights' }) }),
    );
    expect(update.request).toMatchObject({
      kind: 'update',
      status: 'pending',
      contact: { ContactName: 'dana_ops', Describe: 'DBA, nights' },
    });
    expect(update.request.previous?.Describe).toBe('dana_ops on call');
  });

  it('stops at SUBMISSION_LIMIT with "limited" (nothing stored), and allows again once the window has passed', async () => {
    const t = coreDeps({ SUBMISSION_LIMIT: '2/10m' });
    const first = stored(
      await submitContact(t.deps, { userId: REQUESTER, fields: formFor('dana_ops', { Describe: 'first' }) }),
    );
    t.clock.now += 1_000;
    const second = stored(
      await submitContact(t.deps, { userId: REQUESTER, fields: formFor('dana_ops', { Describe: 'second' }) }),
    );
    t.clock.now += 1_000;
    const third = await submitContact(t.deps, {
      userId: REQUESTER,
      fields: formFor('dana_ops', { Describe: 'third' }),
    });
    expect(third).toEqual({ outcome: 'limited', field: 'ContactName', count: 2, windowMs: 600_000 });
    expect((await t.deps.requests.openRequestOf(REQUESTER))?.id).toBe(second.request.id);
    expect((await t.deps.audit.list()).filter((entry) => entry.action === 'request-submitted')).toHaveLength(2);
    // Another person has their own limit.
    expect((await submitContact(t.deps, { userId: OTHER_USER, fields: formFor('li_wei') })).outcome).toBe('stored');
    // Ten minutes after the first submission, one use has left the window.
    t.clock.now = first.request.createdAt + 600_001;
    expect(
      (await submitContact(t.deps, { userId: REQUESTER, fields: formFor('dana_ops', { Describe: 'fourth' }) })).outcome,
    ).toBe('stored');
  });

  it('stores a valid request as pending and supersedes the requester’s earlier open one', async () => {
    const t = coreDeps();
    const first = stored(await submitContact(t.deps, { userId: REQUESTER, fields: formFor('dana_ops') }));
    expect(first.request).toMatchObject({ kind: 'create', status: 'pending', attempts: 0, requesterId: REQUESTER });
    expect(first.superseded).toBeUndefined();
    expect(first.auto).toBe(false);
    t.clock.now += 1_000;
    const second = stored(
      await submitContact(t.deps, { userId: REQUESTER, fields: formFor('dana_ops', { Describe: 'second try' }) }),
    );
    expect(second.superseded).toMatchObject({ id: first.request.id, status: 'superseded', attempts: 1 });
    expect(await t.deps.requests.get(first.request.id)).toMatchObject({ status: 'superseded' });
    expect((await t.deps.requests.openRequestOf(REQUESTER))?.id).toBe(second.request.id);
    expect((await t.deps.requests.pending()).map((request) => request.id)).toEqual([second.request.id]);
    // The superseded request cannot be approved any more.
    expect(await decide(t.deps, first.request.id, 'approve', ADMIN)).toMatchObject({
      ok: false,
      reason: 'already_decided',
    });
  });

  it('refuses a new submission while the earlier request is being carried out', async () => {
    const t = coreDeps();
    const first = stored(await submitContact(t.deps, { userId: REQUESTER, fields: formFor('dana_ops') }));
    await decide(t.deps, first.request.id, 'approve', ADMIN);
    expect(
      await submitContact(t.deps, { userId: REQUESTER, fields: formFor('dana_ops', { Describe: 'again' }) }),
    ).toEqual({
      outcome: 'invalid',
      problems: { Describe: { code: 'earlierInProgress' } },
    });
  });

  it('refuses groups that are not offered (unknown, or outside SELF_SERVICE_GROUPS), naming them', async () => {
    const t = coreDeps({ SELF_SERVICE_GROUPS: 'db-oncall' });
    t.cms.groups.set('db-oncall', { Name: 'db-oncall', Describe: 'DB rota', EnableSubscribed: true, Contacts: [] });
    t.cms.groups.set('finance', { Name: 'finance', Describe: 'Finance', EnableSubscribed: false, Contacts: [] });
    const result = await submitContact(t.deps, {
      userId: REQUESTER,
      fields: formFor('dana_ops'),
      selectedGroups: ['db-oncall', 'finance', 'no-such-group'],
    });
    expect(result).toEqual({
      outcome: 'invalid',
      problems: { groups: { code: 'groupNotOffered', names: ['finance', 'no-such-group'] } },
    });
    expect(await t.deps.requests.openRequestOf(REQUESTER)).toBeUndefined();
    const ok = stored(
      await submitContact(t.deps, { userId: REQUESTER, fields: formFor('dana_ops'), selectedGroups: ['db-oncall'] }),
    );
    expect(ok.request).toMatchObject({ groups: ['db-oncall'], previousGroups: [] });
  });

  it('says the groups are unavailable when CloudMonitor cannot list them', async () => {
    const t = coreDeps();
    t.cms.failNext('listContactGroups', 'ServiceUnavailable');
    const result = await submitContact(t.deps, { userId: REQUESTER, fields: formFor('dana_ops'), selectedGroups: [] });
    expect(result).toEqual({ outcome: 'invalid', problems: { groups: { code: 'groupsUnavailable' } } });
  });
});
