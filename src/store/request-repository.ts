import { randomBytes } from 'node:crypto';
import type { Contact } from '../contact/schema.js';
import type { Store, StoreWrite } from './store.js';

/**
 * pending → (approve) approving → registered (create/update) | removed (remove) | failed; failed → (retry)
 * approving; pending | failed → rejected; pending → superseded (a newer request from the same person came first).
 */
export type RequestStatus = 'pending' | 'approving' | 'registered' | 'removed' | 'failed' | 'rejected' | 'superseded';

/** Outcomes the requester is told about by DM. */
export const TOLD_STATUSES: readonly RequestStatus[] = ['registered', 'removed', 'rejected'];

/** One registration request, from submission to outcome. Times are epoch ms. */
export interface ContactRequest {
  id: string;
  /** Slack user ID of the person the contact belongs to. */
  requesterId: string;
  /** create: a new contact; update: a change to the requester's registered contact; remove: delete it. */
  kind: 'create' | 'update' | 'remove';
  /** Who opened it: the requester, or the bot when Slack reported the requester deactivated. */
  origin?: 'requester' | 'offboarding';
  /** Contact groups the contact should be in afterwards (self-service groups only); undefined: groups untouched. */
  groups?: string[];
  /** Its self-service groups before this request. */
  previousGroups?: string[];
  /** Registered without an admin (APPROVAL=auto); admins got an FYI. */
  auto?: boolean;
  contact: Contact;
  /**
   * What the contact is before this request: the requester's registered contact (update), or a contact of
   * that name found in CloudMonitor that was not registered through the bot (create; see `overwritesUnowned`).
   */
  previous?: Contact;
  /** True when approving would overwrite a CloudMonitor contact that nobody registered through the bot. */
  overwritesUnowned?: boolean;
  /** True when CloudMonitor could not be asked whether the name exists (shown to admins). */
  existenceUnknown?: boolean;
  status: RequestStatus;
  /** Decisions taken so far; each decision claims `decision:<id>:<attempt>` once. */
  attempts: number;
  createdAt: number;
  updatedAt: number;
  /** Where the approval message is (channel ID and ts), once posted. */
  adminMessage?: { channel: string; ts: string };
  decision?: { action: 'approve' | 'reject' | 'retry'; by: string; at: number; reason?: string };
  /** Outcome of the last CloudMonitor call. */
  result?: { ok: boolean; code?: string; message?: string; requestId?: string; at: number };
}

/** A contact registered through the bot, as its owner's record. */
export interface RegisteredContact {
  contact: Contact;
  requesterId: string;
  requestId: string;
  registeredAt: number;
}

const requestKey = (id: string) => `request:${id}`;
const registeredKey = (userId: string) => `user:${userId}:contact`;
const openRequestKey = (userId: string) => `user:${userId}:open-request`;
/** Ownership lease per ContactName, case-folded: CloudMonitor's case rules are undocumented, so "Dana" and "dana" collide. */
const ownerKey = (contactName: string) => `owner:${contactName.toLowerCase()}`;
const PENDING_INDEX = 'requests:pending';
/** Requests in `approving`, by the time they entered it: the sweeper resumes the ones left behind by a crash. */
const APPROVING_INDEX = 'requests:approving';
/** Pending requests whose approval message is not posted yet (the post failed): the sweeper posts them. */
const UNPOSTED_INDEX = 'requests:unposted';
/** Registered or rejected requests whose requester has not been told yet: the sweeper tells them. */
const UNTOLD_INDEX = 'requests:untold';

/** Request records and ownership, on top of {@link Store}. */
export class RequestRepository {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new request id: `req_` and 16 hex characters. */
  newId(): string {
    return `req_${randomBytes(8).toString('hex')}`;
  }

  async get(id: string): Promise<ContactRequest | undefined> {
    return this.store.get<ContactRequest>(requestKey(id));
  }

  /** Stores a new request (status pending), indexes it, and marks it as the requester's open request. */
  async create(request: ContactRequest): Promise<void> {
    await this.store.batch(this.createWrites(request));
  }

  /** The writes {@link create} applies, for a caller to apply in one {@link Store.batch} with writes of its own. */
  createWrites(request: ContactRequest): StoreWrite[] {
    return [
      { op: 'set', key: requestKey(request.id), value: request },
      { op: 'zadd', index: PENDING_INDEX, member: request.id, score: request.createdAt },
      { op: 'zadd', index: UNPOSTED_INDEX, member: request.id, score: request.createdAt },
      { op: 'set', key: openRequestKey(request.requesterId), value: request.id },
    ];
  }

  /**
   * Writes changed fields of a request, and its indexes, in one batch. Callers hold the request's decision
   * claim, so there is one writer.
   * @throws Error when the request does not exist
   */
  async update(id: string, patch: Partial<Omit<ContactRequest, 'id'>>): Promise<ContactRequest> {
    const current = await this.get(id);
    if (!current) throw new Error(`request ${id} not found`);
    const next: ContactRequest = { ...current, ...patch, updatedAt: this.now() };
    const writes: StoreWrite[] = [{ op: 'set', key: requestKey(id), value: next }];
    if (next.status !== 'pending' && next.status !== 'failed') writes.push({ op: 'zrem', index: PENDING_INDEX, member: id });
    if (next.status === 'approving' && current.status !== 'approving') writes.push({ op: 'zadd', index: APPROVING_INDEX, member: id, score: next.updatedAt });
    if (next.status !== 'approving') writes.push({ op: 'zrem', index: APPROVING_INDEX, member: id });
    if (next.adminMessage || next.status !== 'pending') writes.push({ op: 'zrem', index: UNPOSTED_INDEX, member: id });
    if (TOLD_STATUSES.includes(next.status) && current.status !== next.status) {
      writes.push({ op: 'zadd', index: UNTOLD_INDEX, member: id, score: next.updatedAt });
    }
    if (['registered', 'removed', 'rejected', 'superseded'].includes(next.status)) {
      const open = await this.store.get<string>(openRequestKey(next.requesterId));
      if (open === id) writes.push({ op: 'delete', key: openRequestKey(next.requesterId) });
    }
    await this.store.batch(writes);
    return next;
  }

  /**
   * Claims the right to decide a request at its current attempt: true for exactly one caller across replicas,
   * whatever the number of clicks (Approve racing Reject, double clicks, replayed payloads).
   */
  claimDecision(request: ContactRequest, decider: string): Promise<boolean> {
    // Unique per call: a lease is re-entrant for its owner, and one admin's double click must still lose once.
    return this.store.claim(`decision:${request.id}:${request.attempts}`, `${decider}:${randomBytes(6).toString('hex')}`);
  }

  /** The requester's request that is still open (pending, approving or failed), if any. */
  async openRequestOf(userId: string): Promise<ContactRequest | undefined> {
    const id = await this.store.get<string>(openRequestKey(userId));
    const request = id ? await this.get(id) : undefined;
    return request && ['pending', 'approving', 'failed'].includes(request.status) ? request : undefined;
  }

  /** The contact this user registered through the bot, if any. */
  registeredContactOf(userId: string): Promise<RegisteredContact | undefined> {
    return this.store.get<RegisteredContact>(registeredKey(userId));
  }

  /** The Slack user who owns a ContactName through the bot (or has it reserved by an approval in progress). */
  ownerOf(contactName: string): Promise<string | undefined> {
    return this.store.holder(ownerKey(contactName));
  }

  /** Reserves a ContactName for a user, for good; false when another user holds it. */
  claimOwnership(contactName: string, userId: string): Promise<boolean> {
    return this.store.claim(ownerKey(contactName), userId);
  }

  /**
   * Forgets the requester's registration after DeleteContact: the registration record and the ContactName's
   * ownership (so the name is free again). Their reminders then find no registration and are dropped.
   */
  async removeRegistration(request: ContactRequest): Promise<void> {
    const registered = await this.registeredContactOf(request.requesterId);
    if (registered?.contact.ContactName === request.contact.ContactName) await this.store.delete(registeredKey(request.requesterId));
    await this.store.release(ownerKey(request.contact.ContactName), request.requesterId);
  }

  /** Records a successful registration as the requester's contact. */
  async recordRegistration(request: ContactRequest): Promise<void> {
    const registered: RegisteredContact = {
      contact: request.contact,
      requesterId: request.requesterId,
      requestId: request.id,
      registeredAt: this.now(),
    };
    await this.store.set(registeredKey(request.requesterId), registered);
  }

  /** Ids of requests that entered `approving` at or before `before` (epoch ms), oldest first. */
  async approvingSince(before: number, limit = 20): Promise<string[]> {
    return (await this.store.zrangeByScore(APPROVING_INDEX, before, limit)).map((row) => row.member);
  }

  /** Ids of pending requests created at or before `before` whose approval message was never posted. */
  async unpostedSince(before: number, limit = 20): Promise<string[]> {
    return (await this.store.zrangeByScore(UNPOSTED_INDEX, before, limit)).map((row) => row.member);
  }

  /** Ids of decided requests (registered/rejected) whose requester was not told by `before`, oldest first. */
  async untoldSince(before: number, limit = 20): Promise<string[]> {
    return (await this.store.zrangeByScore(UNTOLD_INDEX, before, limit)).map((row) => row.member);
  }

  /** Records that the requester has been told the outcome. */
  async markTold(id: string): Promise<void> {
    await this.store.zrem(UNTOLD_INDEX, id);
  }

  /**
   * Takes the work lease on a request: whoever holds it carries out the approval; a crashed holder's lease
   * expires after `ttlMs` and the sweeper takes over.
   */
  claimWork(requestId: string, worker: string, ttlMs: number): Promise<boolean> {
    return this.store.claim(`work:${requestId}`, worker, ttlMs);
  }

  releaseWork(requestId: string, worker: string): Promise<void> {
    return this.store.release(`work:${requestId}`, worker);
  }

  /**
   * Runs `work` while holding a short per-user lock (a store lease, so across replicas too): opening a request
   * checks the user's open request and then creates one, and two of those must not interleave.
   * @throws Error when the lock cannot be had within `waitMs` (default 5000 ms)
   */
  async withUserLock<T>(userId: string, work: () => Promise<T>, waitMs = 5_000): Promise<T> {
    const key = `user-lock:${userId}`;
    const owner = randomBytes(8).toString('hex');
    const deadline = this.now() + waitMs;
    while (!(await this.store.claim(key, owner, 30_000))) {
      if (this.now() > deadline) throw new Error('another request of this user is being opened; try again');
      await new Promise((resolve) => setTimeout(resolve, 25 + Math.random() * 50));
    }
    try {
      return await work();
    } finally {
      await this.store.release(key, owner);
    }
  }

  /** Open requests, oldest first (at most `limit`). */
  async pending(limit = 50): Promise<ContactRequest[]> {
    const rows = await this.store.zrangeByScore(PENDING_INDEX, Number.MAX_SAFE_INTEGER, limit);
    const requests = await Promise.all(rows.map((row) => this.get(row.member)));
    return requests.filter((request): request is ContactRequest => request !== undefined);
  }
}
