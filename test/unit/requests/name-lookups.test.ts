/**
 * The name lookups of new contacts posted before CloudMonitor was asked (src/requests/name-lookups.ts), on the
 * in-memory store with a CloudMonitor stand-in: driven from the store's list, so a crash between posting and
 * looking loses nothing, a burst waits in the store rather than in memory, replicas do not look twice, and a
 * request decided meanwhile costs no CloudMonitor read. No network.
 */
import { describe, expect, it, vi } from 'vitest';
import { decide } from '../../../src/requests/decide.js';
import { lookUpPendingNames, NAME_LOOKUP_RETRY_MS, nameLookupsFor } from '../../../src/requests/name-lookups.js';
import { forwardSubmission, type SubmitResult, submitContact } from '../../../src/requests/submit.js';
import { ADMIN, type CoreTestDeps, coreDeps, formFor, REQUESTER } from './core-deps.js';

function stored(result: SubmitResult): Extract<SubmitResult, { outcome: 'stored' }> {
  if (result.outcome !== 'stored') throw new Error(`expected stored, got ${JSON.stringify(result)}`);
  return result;
}

/** Stores a new contact's request and posts its approval message (as forwardSubmission does first). */
const submitNew = async (t: CoreTestDeps, name: string, userId = REQUESTER) => {
  const { request } = stored(await submitContact(t.deps, { userId, fields: formFor(name) }));
  return (await t.notifier.postApprovalMessage(request)) ?? request;
};

const describeCalls = (t: CoreTestDeps) => t.cms.callsTo('describeContact');

describe('name lookups of new contacts', () => {
  it('a new contact is listed for its lookup once posted, and a later round (after a crash) looks it up from the store', async () => {
    const t = coreDeps();
    const { request: unposted } = stored(
      await submitContact(t.deps, { userId: REQUESTER, fields: formFor('dana_ops') }),
    );
    expect(unposted.existencePending).toBe(true);
    // Not before its approval message is recorded: a lookup never races the post's own write of the request.
    expect(await t.deps.requests.nameLookupsDue(t.clock.now)).toEqual([]);
    // Posted, then the process died before anything looked the name up: only the store remembers.
    const request = (await t.notifier.postApprovalMessage(unposted)) ?? unposted;
    expect(await t.deps.requests.nameLookupsDue(t.clock.now)).toEqual([request.id]);

    expect(await lookUpPendingNames(t.deps)).toBe(1);
    expect(describeCalls(t)).toEqual([['dana_ops']]);
    const after = await t.deps.requests.get(request.id);
    expect(after?.existencePending).toBeUndefined();
    expect(after?.overwritesUnowned).toBeUndefined();
    expect(t.notifier.of('refreshApprovalMessage').map((call) => call.request.id)).toEqual([request.id]);
    expect(await t.deps.requests.nameLookupsDue(t.clock.now)).toEqual([]);
  });

  it('an existing contact nobody registered through the bot is recorded as an overwrite, side by side', async () => {
    const t = coreDeps();
    await t.cms.putContact({
      ContactName: 'dana_ops',
      Describe: 'made in the console',
      Lang: 'en',
      Channels: { Mail: 'someone.else@example.com' },
    });
    const request = await submitNew(t, 'dana_ops');
    await lookUpPendingNames(t.deps);
    const after = await t.deps.requests.get(request.id);
    expect(after?.overwritesUnowned).toBe(true);
    expect(after?.previous?.Channels.Mail).toBe('someone.else@example.com');
  });

  it('a lookup another replica holds is put off and done once, after it is released', async () => {
    const t = coreDeps();
    const request = await submitNew(t, 'dana_ops');
    expect(await t.deps.store.claim(`name-lookup:${request.id}`, 'other-replica:1:xyz', 60_000)).toBe(true);
    await lookUpPendingNames(t.deps);
    expect(describeCalls(t)).toHaveLength(0);
    // Put off rather than retried at once: not due again until NAME_LOOKUP_RETRY_MS later.
    expect(await t.deps.requests.nameLookupsDue(t.clock.now)).toEqual([]);
    await t.deps.store.release(`name-lookup:${request.id}`, 'other-replica:1:xyz');
    t.clock.now += NAME_LOOKUP_RETRY_MS;
    await lookUpPendingNames(t.deps);
    expect(describeCalls(t)).toHaveLength(1);
    expect((await t.deps.requests.get(request.id))?.existencePending).toBeUndefined();
  });

  it('a request decided before its lookup leaves the list without a CloudMonitor read', async () => {
    const t = coreDeps();
    const request = await submitNew(t, 'dana_ops');
    expect((await decide(t.deps, request.id, 'reject', ADMIN)).ok).toBe(true);
    expect(await t.deps.requests.nameLookupsDue(t.clock.now)).toEqual([]);
    expect(await lookUpPendingNames(t.deps)).toBe(0);
    expect(describeCalls(t)).toHaveLength(0);
  });

  it('posting wakes the runner, which works through a backlog larger than one batch', async () => {
    const t = coreDeps();
    const ids: string[] = [];
    for (let n = 0; n < 23; n += 1) {
      const result = stored(
        await submitContact(t.deps, { userId: `U0BURST${String(n).padStart(3, '0')}`, fields: formFor(`burst_${n}`) }),
      );
      ids.push(result.request.id);
      await forwardSubmission(t.deps, result).finished;
    }
    // Nothing here wakes the runner: the posts did.
    await vi.waitFor(() => expect(describeCalls(t)).toHaveLength(23), { timeout: 5_000 });
    const requests = await Promise.all(ids.map((id) => t.deps.requests.get(id)));
    expect(requests.filter((request) => request?.existencePending)).toEqual([]);
    expect(await t.deps.requests.nameLookupsDue(t.clock.now)).toEqual([]);
  });

  it('under APPROVAL=auto nothing waits in the list: the finding is needed before deciding', async () => {
    const t = coreDeps({ APPROVAL: 'auto' });
    const request = await submitNew(t, 'dana_ops');
    expect(request.existencePending).toBeUndefined();
    expect(await t.deps.requests.nameLookupsDue(t.clock.now)).toEqual([]);
  });

  it('a store that refuses writes ends the round instead of retrying the same lookups at once, for ever', async () => {
    const t = coreDeps();
    for (let n = 0; n < 10; n += 1) await submitNew(t, `refused_${n}`, `U0REFUSE${n}`);
    let claims = 0;
    const refuse = async () => {
      claims += 1;
      throw new Error("READONLY You can't write against a read only replica.");
    };
    t.store.claim = refuse;
    t.store.zadd = refuse;
    await nameLookupsFor(t.deps).wake();
    // One batch tried (8 lookups and their 8 put-offs), then the round ended: the background loop retries later.
    expect(claims).toBeLessThanOrEqual(16);
    expect(await t.deps.requests.nameLookupsDue(t.clock.now)).toHaveLength(10);
  });

  it('on start, lists the posted requests an earlier version left unlisted, so none stays "checking"', async () => {
    const t = coreDeps();
    const request = await submitNew(t, 'dana_ops');
    // As the previous version stored it: existencePending and posted, but in no lookup list.
    await t.deps.requests.forgetNameLookup(request.id);
    expect(await t.deps.requests.nameLookupsDue(t.clock.now)).toEqual([]);
    await nameLookupsFor(t.deps).start();
    expect(await t.deps.requests.nameLookupsDue(t.clock.now)).toEqual([request.id]);
  });
});
