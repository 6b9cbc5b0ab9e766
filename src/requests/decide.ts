import type { AppDeps } from '../compose.js';
import type { ContactRequest, RequestStatus } from '../store/request-repository.js';

export type DecisionAction = 'approve' | 'reject' | 'retry';

/** The states each decision may be taken from. */
const ALLOWED_FROM: Record<DecisionAction, readonly RequestStatus[]> = {
  approve: ['pending'],
  retry: ['failed'],
  reject: ['pending', 'failed'],
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
  const request = await deps.requests.get(requestId);
  if (!request) return { ok: false, reason: 'not_found' };
  if (!ALLOWED_FROM[action].includes(request.status) || !(await deps.requests.claimDecision(request, adminId))) {
    return { ok: false, reason: 'already_decided', request: (await deps.requests.get(requestId)) ?? request };
  }
  const decision = { action, by: adminId, at: deps.now(), ...(reason ? { reason } : {}) };
  const next = await deps.requests.update(requestId, {
    status: action === 'reject' ? 'rejected' : 'approving',
    attempts: request.attempts + 1,
    decision,
  });
  await deps.audit.append({ actor: adminId, subject: request.requesterId, action: `decision-${action}`, requestId, contactName: request.contact.ContactName, detail: reason });
  return { ok: true, request: next };
}
