import type { RequestStatus } from './request.js';

/**
 * The one transition table of a contact request: for each status, the statuses it may change to. Final states
 * (registered, removed, rejected, superseded) change no more.
 */
export const TRANSITIONS: Readonly<Record<RequestStatus, readonly RequestStatus[]>> = {
  pending: ['approving', 'rejected', 'superseded'],
  approving: ['registered', 'removed', 'failed'],
  failed: ['approving', 'rejected'],
  registered: [],
  removed: [],
  rejected: [],
  superseded: [],
};

/** A status change the table does not allow; `code` is always `IllegalTransition`. */
export class IllegalTransitionError extends Error {
  readonly code = 'IllegalTransition';
  constructor(
    readonly from: RequestStatus,
    readonly to: RequestStatus,
    readonly requestId?: string,
  ) {
    super(`a request cannot go from ${from} to ${to}${requestId ? ` (${requestId})` : ''}`);
    this.name = 'IllegalTransitionError';
  }
}

/** True when the table allows `from` → `to`. */
export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * Checks one status change against {@link TRANSITIONS}. `RequestRepository.transition` calls this on the stored
 * status right before it writes, so no code path can make an illegal change.
 * @throws IllegalTransitionError when the table does not allow it
 */
export function assertTransition(from: RequestStatus, to: RequestStatus, requestId?: string): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to, requestId);
}
