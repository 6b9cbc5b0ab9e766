import type { AppDeps } from '../compose.js';
import { supersede } from './decide.js';
import { type ContactRequest, newRequest } from './request.js';

export type RemovalResult =
  | { ok: true; request: ContactRequest }
  | { ok: false; reason: 'no_contact' | 'in_progress' | 'already_requested'; request?: ContactRequest };

/**
 * Opens a request to remove a user's registered contact (DeleteContact after an admin approves; removals are
 * never approved automatically). An undecided request of theirs is replaced. The contact's groups are read from
 * CloudMonitor so that approving takes it out of every group it is in.
 * @param origin 'requester' (`/alert-contact remove`, App Home) or 'offboarding' (Slack reported the user deactivated)
 * @returns the stored request, or why none was opened
 */
export async function requestRemoval(
  deps: AppDeps,
  userId: string,
  origin: 'requester' | 'offboarding',
): Promise<RemovalResult> {
  return deps.requests.withUserLock(userId, () => openUnderLock(deps, userId, origin));
}

async function openUnderLock(
  deps: AppDeps,
  userId: string,
  origin: 'requester' | 'offboarding',
): Promise<RemovalResult> {
  const registered = await deps.requests.registeredContactOf(userId);
  if (!registered) return { ok: false, reason: 'no_contact' };
  const open = await deps.requests.openRequestOf(userId);
  if (open?.status === 'approving') return { ok: false, reason: 'in_progress', request: open };
  if (open?.kind === 'remove') return { ok: false, reason: 'already_requested', request: open };

  let groups: string[] = [];
  try {
    groups = (await deps.cms.describeContact(registered.contact.ContactName))?.ContactGroups ?? [];
  } catch (error) {
    deps.logger.warn(
      { err: error, userId },
      'could not read the contact groups before a removal; DeleteContact drops them',
    );
  }
  const request = newRequest(
    {
      id: deps.requests.newId(),
      requesterId: userId,
      kind: 'remove',
      origin,
      contact: registered.contact,
      previousGroups: groups,
      groups: [],
    },
    deps.now(),
  );
  const superseded = open ? await supersede(deps, open, request.id) : undefined;
  if (superseded) await deps.notifier.refreshApprovalMessage(superseded);
  await deps.requests.create(request);
  await deps.audit.append({
    actor: origin === 'offboarding' ? 'slack' : userId,
    subject: userId,
    action: 'removal-requested',
    requestId: request.id,
    contactName: registered.contact.ContactName,
    detail: origin,
  });
  try {
    await deps.notifier.postApprovalMessage(request);
  } catch (error) {
    deps.logger.error({ err: error, requestId: request.id }, 'could not post the removal request; the sweeper retries');
  }
  return { ok: true, request };
}
