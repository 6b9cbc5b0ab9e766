import type { webApi } from '@slack/bolt';
import type { AppDeps } from '../compose.js';
import type { ContactRequest } from '../store/request-repository.js';
import { postApprovalMessage, refreshApprovalMessage } from '../slack/approval-message.js';

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
export async function openRemovalRequest(
  deps: AppDeps,
  client: webApi.WebClient,
  userId: string,
  origin: 'requester' | 'offboarding',
): Promise<RemovalResult> {
  return deps.requests.withUserLock(userId, () => openUnderLock(deps, client, userId, origin));
}

async function openUnderLock(deps: AppDeps, client: webApi.WebClient, userId: string, origin: 'requester' | 'offboarding'): Promise<RemovalResult> {
  const registered = await deps.requests.registeredContactOf(userId);
  if (!registered) return { ok: false, reason: 'no_contact' };
  const open = await deps.requests.openRequestOf(userId);
  if (open?.status === 'approving') return { ok: false, reason: 'in_progress', request: open };
  if (open?.kind === 'remove') return { ok: false, reason: 'already_requested', request: open };

  let groups: string[] = [];
  try {
    groups = (await deps.cms.describeContact(registered.contact.ContactName))?.ContactGroups ?? [];
  } catch (error) {
    deps.logger.warn({ err: error, userId }, 'could not read the contact groups before a removal; DeleteContact drops them');
  }
  const now = deps.now();
  const request: ContactRequest = {
    id: deps.requests.newId(),
    requesterId: userId,
    kind: 'remove',
    origin,
    contact: registered.contact,
    previousGroups: groups,
    groups: [],
    status: 'pending',
    attempts: 0,
    createdAt: now,
    updatedAt: now,
  };
  if (open && (await deps.requests.claimDecision(open, `superseded-by:${request.id}`))) {
    const superseded = await deps.requests.update(open.id, { status: 'superseded', attempts: open.attempts + 1 });
    await refreshApprovalMessage(deps, client, superseded);
  }
  await deps.requests.create(request);
  await deps.audit.append({ actor: origin === 'offboarding' ? 'slack' : userId, subject: userId, action: 'removal-requested', requestId: request.id, contactName: registered.contact.ContactName, detail: origin });
  try {
    await postApprovalMessage(deps, request);
  } catch (error) {
    deps.logger.error({ err: error, requestId: request.id }, 'could not post the removal request; the sweeper retries');
  }
  return { ok: true, request };
}
