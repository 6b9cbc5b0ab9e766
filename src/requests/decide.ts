import type { AppDeps } from '../compose.js';
import { type ContactRequest, isIn, type RequestStatus } from './request.js';

export type DecisionAction = 'approve' | 'reject' | 'retry';

/** The states each decision may be taken from; the changes themselves are checked by the transition table. */
const ALLOWED_FROM: Record<DecisionAction, readonly RequestStatus[]> = {
  approve: ['pending'],
  retry: ['failed'],
  reject: ['pending', 'failed'],
};

/** How many times a decision tries for the claim, and how long it waits between tries, ms. */
const CLAIM_TRIES = 5;
const CLAIM_RETRY_MS = 60;

/** Where each decision takes the request. */
const DECISION_TARGET: Record<DecisionAction, RequestStatus> = {
  approve: 'approving',
  retry: 'approving',
  reject: 'rejected',
};

export type DecisionResult =
  | { ok: true; request: ContactRequest }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'already_decided'; request: ContactRequest };

/**
 * Takes an admin's decision exactly once: the request must be in a state the decision applies to, and the
 * decision claim for its current attempt (`decision:<id>:<attempt>`, an atomic store lease) must be won. A
 * second click, a second admin, Reject racing Approve or a replayed payload all lose the claim and change nothing.
 * The caller has already checked that `adminId` is an admin.
 * @returns the request after the transition (approving or rejected), or why nothing changed
 */
export async function decide(
  deps: Pick<AppDeps, 'requests' | 'audit' | 'now'>,
  requestId: string,
  action: DecisionAction,
  adminId: string,
  reason?: string,
): Promise<DecisionResult> {
  let request = await deps.requests.get(requestId);
  if (!request) return { ok: false, reason: 'not_found' };
  let won = false;
  for (let tries = 1; tries <= CLAIM_TRIES; tries += 1) {
    if (!isIn(ALLOWED_FROM[action], request.status)) break;
    if (await deps.requests.claimDecision(request, adminId)) {
      won = true;
      break;
    }
    // Held by another decision (which changes the status at once: the next look sees it) or, for a moment, by a
    // bookkeeping write of the request (`RequestRepository.whileUndecided`, released at once): look again.
    if (tries === CLAIM_TRIES) break;
    await new Promise((resolve) => setTimeout(resolve, CLAIM_RETRY_MS));
    const again = await deps.requests.get(requestId);
    if (!again) return { ok: false, reason: 'not_found' };
    const moved = again.attempts !== request.attempts;
    request = again;
    if (moved) break;
  }
  if (!won) return { ok: false, reason: 'already_decided', request: (await deps.requests.get(requestId)) ?? request };
  const decision = { action, by: adminId, at: deps.now(), ...(reason ? { reason } : {}) };
  const next = await deps.requests.transition(requestId, DECISION_TARGET[action], {
    attempts: request.attempts + 1,
    decision,
  });
  await deps.audit.append({
    actor: adminId,
    subject: request.requesterId,
    action: `decision-${action}`,
    requestId,
    contactName: request.contact.ContactName,
    detail: reason,
  });
  return { ok: true, request: next };
}

/**
 * Retires a requester's earlier undecided request in favour of a newer one (`superseded`), exactly once: it takes
 * the earlier request's decision claim, so an admin deciding it at the same moment either wins (and the earlier
 * request goes on) or loses. The caller re-renders its approval message (`notifier.refreshApprovalMessage`) when
 * it is not answering Slack any more.
 * @param byRequestId the id of the newer request
 * @returns the superseded request, or undefined when a decision on it came first
 */
export async function supersede(
  deps: Pick<AppDeps, 'requests'>,
  open: ContactRequest,
  byRequestId: string,
): Promise<ContactRequest | undefined> {
  if (!(await deps.requests.claimDecision(open, `superseded-by:${byRequestId}`))) return undefined;
  return deps.requests.transition(open.id, 'superseded', { attempts: open.attempts + 1 });
}
