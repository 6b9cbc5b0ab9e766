import type { Contact } from '../contact/schema.js';

/**
 * Where a contact request is in its life. The allowed changes are the table in `transitions.ts`, the only place a
 * status changes:
 * pending → approving (approved) | rejected | superseded (a newer request of the same person came first);
 * approving → registered (create / update) | removed (remove) | failed; failed → approving (Retry) | rejected.
 */
export type RequestStatus = 'pending' | 'approving' | 'registered' | 'removed' | 'failed' | 'rejected' | 'superseded';

/** Every status, in the order of a request's life. */
export const REQUEST_STATUSES = [
  'pending',
  'approving',
  'failed',
  'registered',
  'removed',
  'rejected',
  'superseded',
] as const satisfies readonly RequestStatus[];

/** A requester's request that is still open: waiting for an admin, being carried out, or failed (Retry / Reject). */
export const OPEN_STATUSES = ['pending', 'approving', 'failed'] as const satisfies readonly RequestStatus[];
export type OpenStatus = (typeof OPEN_STATUSES)[number];

/** Waiting for an admin's decision: listed by `/alert-contact pending`, with Approve (pending) or Retry (failed), and Reject. */
export const AWAITING_ADMIN_STATUSES = ['pending', 'failed'] as const satisfies readonly RequestStatus[];

/** States in which the approval message is posted (pending: buttons; approving: an APPROVAL=auto FYI). */
export const POSTABLE_STATUSES = ['pending', 'approving'] as const satisfies readonly RequestStatus[];

/** Outcomes the requester is told about by DM. */
export const TOLD_STATUSES = ['registered', 'removed', 'rejected'] as const satisfies readonly RequestStatus[];

/** Final states: nothing changes a request after these. */
export const FINAL_STATUSES = [
  'registered',
  'removed',
  'rejected',
  'superseded',
] as const satisfies readonly RequestStatus[];

/** True when `status` is one of `set` (narrows the type). */
export function isIn<S extends RequestStatus>(set: readonly S[], status: RequestStatus): status is S {
  return (set as readonly RequestStatus[]).includes(status);
}

/** Which Slack profile value matched a claimed contact: its e-mail (Channels.Mail) or its mobile (Channels.SMS). */
export type ClaimMatch = 'Mail' | 'SMS';

/** One registration request, from submission to outcome. Times are epoch ms. */
export interface ContactRequest {
  id: string;
  /** Slack user ID of the person the contact belongs to. */
  requesterId: string;
  /**
   * create: a new contact; update: a change to the requester's registered contact; remove: delete it;
   * claim: become the owner of an existing CloudMonitor contact nobody owns through the bot, whose e-mail or
   * mobile matches the requester's Slack profile (with any change the form made; see `claim`).
   */
  kind: 'create' | 'update' | 'remove' | 'claim';
  /** For a claim: which of the requester's Slack profile values matched the contact's channel. */
  claim?: { matchedBy: ClaimMatch };
  /**
   * Who opened it: the requester; the bot when Slack reported the requester deactivated; or an admin assigning
   * an existing contact to the requester (`/alert-contact adopt`, decided by that admin at once).
   */
  origin?: 'requester' | 'offboarding' | 'adopt';
  /** Contact groups the contact should be in afterwards (self-service groups only); undefined: groups untouched. */
  groups?: string[];
  /** Its self-service groups before this request. */
  previousGroups?: string[];
  /**
   * True while an edit's current groups are not known yet: CloudMonitor did not answer within the submission's
   * time, so they are read after the ack, before the approval message is posted (then this is removed).
   */
  groupsUnread?: boolean;
  /** Registered without an admin (APPROVAL=auto); admins got an FYI. */
  auto?: boolean;
  contact: Contact;
  /**
   * What the contact is before this request: the requester's registered contact (update), the claimed contact as
   * CloudMonitor has it (claim), or a contact of that name found in CloudMonitor that was not registered through
   * the bot (create; see `overwritesUnowned`).
   */
  previous?: Contact;
  /** True when approving would overwrite a CloudMonitor contact that nobody registered through the bot. */
  overwritesUnowned?: boolean;
  /** True when CloudMonitor could not be asked whether the name exists (shown to admins). */
  existenceUnknown?: boolean;
  /**
   * True while a new contact's name is being looked up in CloudMonitor after its approval message was posted
   * (post first, so admins never wait for the CloudMonitor queue); carrying it out looks itself while it is set.
   */
  existencePending?: boolean;
  status: RequestStatus;
  /** Decisions taken so far; each decision claims `decision:<id>:<attempt>` once. */
  attempts: number;
  createdAt: number;
  updatedAt: number;
  /** Where the approval message is (channel ID and ts), once posted. */
  adminMessage?: { channel: string; ts: string };
  decision?: { action: 'approve' | 'reject' | 'retry'; by: string; at: number; reason?: string };
  /** Outcome of the last CloudMonitor call. */
  result?: {
    ok: boolean;
    code?: string;
    message?: string;
    requestId?: string;
    /** `ContactNameTaken`: the Slack user who owns the name through the bot. */
    takenBy?: string;
    at: number;
  };
}

/** Fields a change of a request may write besides its status (never its id, requester, kind or status). */
export type RequestPatch = Partial<
  Omit<ContactRequest, 'id' | 'requesterId' | 'kind' | 'status' | 'createdAt' | 'updatedAt'>
>;

/** A contact registered through the bot, as its owner's record. */
export interface RegisteredContact {
  contact: Contact;
  requesterId: string;
  requestId: string;
  registeredAt: number;
}

/**
 * A new request in status `pending`, attempt 0.
 * @param fields what the request is about; `id` from `RequestRepository.newId()`, `now` epoch ms
 */
export function newRequest(
  fields: Pick<ContactRequest, 'id' | 'requesterId' | 'kind' | 'contact'> &
    Partial<Pick<ContactRequest, 'origin' | 'previous' | 'groups' | 'previousGroups' | 'claim'>>,
  now: number,
): ContactRequest {
  return { ...fields, status: 'pending', attempts: 0, createdAt: now, updatedAt: now };
}
