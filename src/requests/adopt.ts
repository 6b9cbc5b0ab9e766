import type { RemoteContact } from '../cms/client.js';
import type { AppDeps } from '../compose.js';
import { contactFromRemote } from '../contact/merge.js';
import { carryOutRequest } from './carry-out.js';
import { decide } from './decide.js';
import { type ContactRequest, newRequest } from './request.js';

/** Why an admin's assignment of an owner did not happen. */
export type AssignRefusal =
  /** CloudMonitor has no contact of that name any more. */
  | 'contactGone'
  /** Another Slack user owns it through the bot (or has it reserved by an approval in progress). */
  | 'owned'
  /** The person already has a contact through the bot (one per person). */
  | 'userHasContact'
  /** The person has a request open (pending, being carried out or failed): it goes first. */
  | 'userHasRequest'
  /** The contact no longer matches the person (`verify` said no): e.g. its e-mail changed in the console. */
  | 'noLongerMatches'
  /** Registering the owner failed (the request is `failed` with CloudMonitor's or the store's error). */
  | 'failed';

export type AssignResult =
  | { ok: true; request: ContactRequest }
  | { ok: false; reason: AssignRefusal; request?: ContactRequest };

/**
 * An admin makes a Slack user the owner of an existing CloudMonitor contact nobody owns through the bot
 * (`/alert-contact adopt`). It is a `claim` request (origin `adopt`) opened for the person and approved by the
 * admin at once: stored with an `owner-assigned` audit entry naming the admin, decided through `decide` (the
 * `decision-approve` entry, the transition table), then carried out like any approval: the name reserved for the
 * person, the registration recorded, reminders scheduled, the person told by DM. CloudMonitor is not written
 * (the contact is taken as it is: `previous` equals `contact`) and its groups are left alone.
 * The checks and the request's creation run under the person's lock, so they cannot race a submission.
 * @param input.matchedBy what tied the person to the contact (the adopt list matches e-mail addresses)
 * @param input.verify re-checks, on the contact as CloudMonitor has it now, that it still matches the person
 * @throws CmsError when CloudMonitor cannot be read; store errors
 */
export async function assignOwner(
  deps: AppDeps,
  input: {
    contactName: string;
    userId: string;
    adminId: string;
    matchedBy: 'Mail' | 'SMS';
    verify?: (remote: RemoteContact) => Promise<boolean>;
  },
): Promise<AssignResult> {
  const { contactName, userId, adminId } = input;
  const opened = await deps.requests.withUserLock(userId, async (): Promise<AssignResult> => {
    if (await deps.requests.registeredContactOf(userId)) return { ok: false, reason: 'userHasContact' };
    if (await deps.requests.openRequestOf(userId)) return { ok: false, reason: 'userHasRequest' };
    const owner = await deps.requests.ownerOf(contactName);
    if (owner !== undefined) return { ok: false, reason: 'owned' };
    const remote = await deps.cms.describeContact(contactName);
    if (!remote) return { ok: false, reason: 'contactGone' };
    if (input.verify && !(await input.verify(remote))) return { ok: false, reason: 'noLongerMatches' };
    const contact = contactFromRemote(remote);
    const request = newRequest(
      {
        id: deps.requests.newId(),
        requesterId: userId,
        kind: 'claim',
        origin: 'adopt',
        contact,
        previous: contact,
        claim: { matchedBy: input.matchedBy },
      },
      deps.now(),
    );
    await deps.store.batch([
      ...deps.requests.createWrites(request),
      ...deps.audit.writesFor({
        actor: adminId,
        subject: userId,
        action: 'owner-assigned',
        requestId: request.id,
        contactName,
        detail: `matched by ${input.matchedBy}`,
      }),
    ]);
    return { ok: true, request };
  });
  if (!opened.ok) return opened;
  const decided = await decide(deps, opened.request.id, 'approve', adminId);
  if (!decided.ok)
    return { ok: false, reason: 'failed', request: decided.reason === 'already_decided' ? decided.request : undefined };
  const done = await carryOutRequest(deps, opened.request.id);
  if (done?.status !== 'registered')
    return {
      ok: false,
      reason: done?.result?.code === 'ContactNameTaken' ? 'owned' : 'failed',
      ...(done ? { request: done } : {}),
    };
  return { ok: true, request: done };
}
