import { diffContacts } from '../contact/compare.js';
import type { ContactRequest } from './request.js';

/** Who `decision.by` names for requests approved by the APPROVAL=auto policy. */
export const AUTO_APPROVER = 'auto';

/**
 * The APPROVAL=auto policy: a request may skip the admins when it is the requester's own new contact with no
 * name collision (none in CloudMonitor, or CloudMonitor could not be asked: then an admin looks), or an edit that
 * changes neither a channel nor a contact group. Overwrites, claims of existing contacts and removals always need
 * an admin.
 */
export function qualifiesForAutoApproval(request: ContactRequest): boolean {
  if (request.kind === 'remove' || request.kind === 'claim' || request.overwritesUnowned || request.existenceUnknown)
    return false;
  const groupsChange = request.groups !== undefined && !sameSet(request.groups, request.previousGroups ?? []);
  if (groupsChange) return false;
  if (request.kind === 'create') return true;
  if (!request.previous) return false;
  return diffContacts(request.previous, request.contact).every((change) => !change.field.startsWith('Channels.'));
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}
