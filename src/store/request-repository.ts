import { randomBytes } from 'node:crypto';
import type { ClaimOffer } from '../requests/claim.js';
import {
  AWAITING_ADMIN_STATUSES,
  type ContactRequest,
  FINAL_STATUSES,
  isIn,
  OPEN_STATUSES,
  type RegisteredContact,
  type RequestPatch,
  type RequestStatus,
  TOLD_STATUSES,
} from '../requests/request.js';
import { assertTransition } from '../requests/transitions.js';
import { withLeaseLock } from './lease-lock.js';
import type { Store, StoreWrite } from './store.js';

const requestKey = (id: string) => `request:${id}`;
const registeredKey = (userId: string) => `user:${userId}:contact`;
const openRequestKey = (userId: string) => `user:${userId}:open-request`;
const claimOfferKey = (userId: string) => `user:${userId}:claim-offer`;
/** Ownership lease per ContactName, case-folded: CloudMonitor's case rules are undocumented, so "Dana" and "dana" collide. */
const ownerKey = (contactName: string) => `owner:${contactName.toLowerCase()}`;
const PENDING_INDEX = 'requests:pending';
/** Requests in `approving`, by the time they entered it: the sweeper resumes the ones left behind by a crash. */
const APPROVING_INDEX = 'requests:approving';
/** Pending requests whose approval message is not posted yet (the post failed): the sweeper posts them. */
const UNPOSTED_INDEX = 'requests:unposted';
/** Registered or rejected requests whose requester has not been told yet: the sweeper tells them. */
const UNTOLD_INDEX = 'requests:untold';
/** Requests in a final status, by the time they reached it: the retention purge deletes the old ones. */
const DECIDED_INDEX = 'requests:decided';
/**
 * Pending new contacts whose approval message is posted and whose name is still to be looked up in CloudMonitor
 * (`existencePending`), by when the lookup is due: requests/name-lookups.ts works through it at CloudMonitor's pace,
 * also after a crash.
 */
const NAME_LOOKUP_INDEX = 'requests:name-lookup';

/**
 * How long a decision claim holds, ms: far longer than the claim-to-status-change of a live decider (one store
 * write), short enough that a request whose decider died in between can be decided by a new click.
 */
export const DECISION_CLAIM_MS = 20_000;

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
   * Writes changed fields of a request other than its status (e.g. where its approval message is). Callers hold
   * the request's decision claim or work lease, so there is one writer.
   * @throws Error when the request does not exist, or when `patch` carries a status
   */
  async update(id: string, patch: RequestPatch): Promise<ContactRequest> {
    // The type keeps `status` out; this keeps out a patch cast past it.
    if (Object.hasOwn(patch, 'status')) throw new Error('update() cannot change a status; use transition()');
    const current = await this.get(id);
    if (!current) throw new Error(`request ${id} not found`);
    return this.write(current, { ...current, ...patch, updatedAt: this.now() });
  }

  /**
   * The only way a request's status changes: checks `stored status → to` against the transition table
   * (requests/transitions.ts), then writes the status, `patch` and the indexes in one batch.
   * @throws IllegalTransitionError when the table does not allow the change from the stored status
   * @throws Error when the request does not exist
   */
  async transition(id: string, to: RequestStatus, patch: RequestPatch = {}): Promise<ContactRequest> {
    const current = await this.get(id);
    if (!current) throw new Error(`request ${id} not found`);
    assertTransition(current.status, to, id);
    return this.write(current, { ...current, ...patch, status: to, updatedAt: this.now() });
  }

  private async write(current: ContactRequest, next: ContactRequest): Promise<ContactRequest> {
    const { id } = next;
    const writes: StoreWrite[] = [{ op: 'set', key: requestKey(id), value: next }];
    if (!isIn(AWAITING_ADMIN_STATUSES, next.status)) writes.push({ op: 'zrem', index: PENDING_INDEX, member: id });
    else if (!isIn(AWAITING_ADMIN_STATUSES, current.status)) {
      // Back to waiting for an admin (approving → failed): listed again, in its original order.
      writes.push({ op: 'zadd', index: PENDING_INDEX, member: id, score: next.createdAt });
    }
    if (next.status === 'approving' && current.status !== 'approving')
      writes.push({ op: 'zadd', index: APPROVING_INDEX, member: id, score: next.updatedAt });
    if (next.status !== 'approving') writes.push({ op: 'zrem', index: APPROVING_INDEX, member: id });
    if (next.adminMessage || next.status !== 'pending') writes.push({ op: 'zrem', index: UNPOSTED_INDEX, member: id });
    const awaitsLookup = (request: ContactRequest) =>
      request.existencePending === true && request.status === 'pending' && request.adminMessage !== undefined;
    // Listed once its approval message is recorded, so a lookup never races the post's own write of the request.
    if (awaitsLookup(next) && !awaitsLookup(current))
      writes.push({ op: 'zadd', index: NAME_LOOKUP_INDEX, member: id, score: next.updatedAt });
    else if (awaitsLookup(current) && !awaitsLookup(next))
      writes.push({ op: 'zrem', index: NAME_LOOKUP_INDEX, member: id });
    if (isIn(TOLD_STATUSES, next.status) && current.status !== next.status) {
      writes.push({ op: 'zadd', index: UNTOLD_INDEX, member: id, score: next.updatedAt });
    }
    if (isIn(FINAL_STATUSES, next.status) && current.status !== next.status) {
      writes.push({ op: 'zadd', index: DECIDED_INDEX, member: id, score: next.updatedAt });
    }
    if (isIn(FINAL_STATUSES, next.status)) {
      const open = await this.store.get<string>(openRequestKey(next.requesterId));
      if (open === id) writes.push({ op: 'delete', key: openRequestKey(next.requesterId) });
    }
    await this.store.batch(writes);
    return next;
  }

  /**
   * Claims the right to decide a request at its current attempt: true for exactly one caller across replicas,
   * whatever the number of clicks (Approve racing Reject, double clicks, replayed payloads). The claim lasts
   * {@link DECISION_CLAIM_MS}: the winner changes the status right after it (one store write), and a later click
   * finds the request decided and stops before claiming; a winner killed between the claim and the status change
   * would otherwise leave the request undecidable for ever, so after that time an admin's click can decide it.
   */
  claimDecision(request: ContactRequest, decider: string): Promise<boolean> {
    // Unique per call: a lease is re-entrant for its owner, and one admin's double click must still lose once.
    return this.store.claim(
      `decision:${request.id}:${request.attempts}`,
      `${decider}:${randomBytes(6).toString('hex')}`,
      DECISION_CLAIM_MS,
    );
  }

  /**
   * Runs `work` while holding the request's decision claim for its current attempt (at most 5 s), so no decision
   * (Approve, Reject, superseding) changes the request meanwhile; the claim is released afterwards, and a click that
   * lost it can simply be repeated. For a short read-modify-write of a pending request by someone who is not deciding.
   * @returns what `work` returns, or undefined when a decision holds the claim (nothing was run)
   */
  async whileUndecided<T>(request: ContactRequest, work: () => Promise<T>): Promise<T | undefined> {
    const key = `decision:${request.id}:${request.attempts}`;
    const owner = `undecided:${randomBytes(6).toString('hex')}`;
    if (!(await this.store.claim(key, owner, 5_000))) return undefined;
    try {
      return await work();
    } finally {
      await this.store.release(key, owner);
    }
  }

  /** The requester's request that is still open (pending, approving or failed), if any. */
  async openRequestOf(userId: string): Promise<ContactRequest | undefined> {
    const id = await this.store.get<string>(openRequestKey(userId));
    const request = id ? await this.get(id) : undefined;
    return request && isIn(OPEN_STATUSES, request.status) ? request : undefined;
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
    if (registered?.contact.ContactName === request.contact.ContactName)
      await this.store.delete(registeredKey(request.requesterId));
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

  /**
   * Ids of pending new contacts whose name lookup is due at or before `before` (epoch ms), the longest waiting
   * first. A request joins this list when its approval message is recorded (posted first, looked up afterwards) and
   * leaves it when its finding is recorded or it stops being pending.
   */
  async nameLookupsDue(before: number, limit = 20): Promise<string[]> {
    return (await this.store.zrangeByScore(NAME_LOOKUP_INDEX, before, limit)).map((row) => row.member);
  }

  /** Puts a name lookup off until `at` (epoch ms): another worker has it, or it could not be done now. */
  async postponeNameLookup(id: string, at: number): Promise<void> {
    await this.store.zadd(NAME_LOOKUP_INDEX, id, at);
  }

  /** Drops a name lookup that has nothing left to do (its request is gone, decided, or already looked up). */
  async forgetNameLookup(id: string): Promise<void> {
    await this.store.zrem(NAME_LOOKUP_INDEX, id);
  }

  /** Ids of decided requests (registered/rejected) whose requester was not told by `before`, oldest first. */
  async untoldSince(before: number, limit = 20): Promise<string[]> {
    return (await this.store.zrangeByScore(UNTOLD_INDEX, before, limit)).map((row) => row.member);
  }

  /**
   * Stops the sweeper posting a pending request's approval message (its tries are spent); the request stays
   * pending and listed by `/alert-contact pending`.
   */
  async forgetUnposted(id: string): Promise<void> {
    await this.store.zrem(UNPOSTED_INDEX, id);
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

  /**
   * Renews the work lease for another `ttlMs`, keeping a live worker alone on its request. The store's claim is
   * used, so a lapsed lease that nobody took meanwhile is taken back.
   * @param worker the owner that took it with {@link claimWork} (unique per attempt: leases are re-entrant)
   * @returns false when another worker holds it now (this worker must stop writing)
   */
  renewWork(requestId: string, worker: string, ttlMs: number): Promise<boolean> {
    return this.store.claim(`work:${requestId}`, worker, ttlMs);
  }

  releaseWork(requestId: string, worker: string): Promise<void> {
    return this.store.release(`work:${requestId}`, worker);
  }

  /**
   * Records that work on a request has begun, once per request whatever the attempt (a permanent marker).
   * @returns true when work had begun before: a worker that died or lost its lease, or an earlier attempt that
   *   failed part-way, may have written to CloudMonitor already, so the caller re-reads before writing
   */
  async markWorkBegun(requestId: string): Promise<boolean> {
    return !(await this.store.claim(`work-begun:${requestId}`, randomBytes(8).toString('hex')));
  }

  /**
   * Runs `work` while holding a short per-user lock (a store lease, so across replicas too): opening a request
   * checks the user's open request and then creates one, and two of those must not interleave.
   * @throws Error when the lock cannot be had within `waitMs` (default 5000 ms)
   */
  withUserLock<T>(userId: string, work: () => Promise<T>, waitMs = 5_000): Promise<T> {
    return withLeaseLock(this.store, `user-lock:${userId}`, work, {
      ttlMs: 30_000,
      waitMs,
      now: this.now,
      busy: () => new Error('another request of this user is being opened; try again'),
    });
  }

  /**
   * Deletes the requests that reached a final status (registered, removed, rejected, superseded) before `before`
   * (epoch ms), oldest first, at most `limit` (default 200): the record with the contact details it carries, and
   * its index entries. The requester's registration record (their current contact) is kept.
   * @returns how many were deleted; fewer than `limit` means none older is left
   */
  async purgeDecidedBefore(before: number, limit = 200): Promise<number> {
    const rows = await this.store.zrangeByScore(DECIDED_INDEX, before - 1, limit);
    if (rows.length === 0) return 0;
    const writes: StoreWrite[] = rows.flatMap(({ member: id }) => [
      { op: 'delete' as const, key: requestKey(id) },
      { op: 'zrem' as const, index: DECIDED_INDEX, member: id },
      { op: 'zrem' as const, index: UNTOLD_INDEX, member: id },
      { op: 'zrem' as const, index: NAME_LOOKUP_INDEX, member: id },
    ]);
    await this.store.batch(writes);
    return rows.length;
  }

  /**
   * Remembers the contact the form offered this user to claim (replacing any earlier offer), or forgets it
   * (`offer` undefined). Expires after `ttlMs`.
   */
  async setClaimOffer(userId: string, offer: ClaimOffer | undefined, ttlMs: number): Promise<void> {
    if (offer) await this.store.set(claimOfferKey(userId), offer, ttlMs);
    else await this.store.delete(claimOfferKey(userId));
  }

  /** The contact the form last offered this user to claim, if the offer has not expired. */
  claimOfferOf(userId: string): Promise<ClaimOffer | undefined> {
    return this.store.get<ClaimOffer>(claimOfferKey(userId));
  }

  /** Open requests, oldest first (at most `limit`). */
  async pending(limit = 50): Promise<ContactRequest[]> {
    const rows = await this.store.zrangeByScore(PENDING_INDEX, Number.MAX_SAFE_INTEGER, limit);
    const requests = await Promise.all(rows.map((row) => this.get(row.member)));
    return requests.filter((request): request is ContactRequest => request !== undefined);
  }
}
