import pLimit from 'p-limit';
import { withCmsPriority } from '../cms/call-scheduler.js';
import type { AppDeps } from '../compose.js';
import { contactFromRemote } from '../contact/merge.js';
import { attemptOwner } from '../store/store.js';
import type { ContactRequest } from './request.js';

/**
 * How many name lookups run at once. CloudMonitor's calls-per-second cap sets the pace; this only keeps one slow
 * answer from holding up the rest, while everything still waiting stays in the store, not in memory.
 */
export const NAME_LOOKUP_CONCURRENCY = 4;

/** How long a worker holds a lookup before another replica may take it over, ms (a lookup takes seconds at most). */
const LOOKUP_LEASE_MS = 60_000;

/** How long a lookup another worker holds, or one that could not be recorded now, is put off, ms. */
export const NAME_LOOKUP_RETRY_MS = 5_000;

/**
 * Whether a new contact's name exists in CloudMonitor (DescribeContactList): one that exists without an owner in
 * the store was not registered through the bot, so the request is flagged for the admins as an overwrite, side by
 * side; a failed lookup is flagged as unknown rather than blocking the request. Never throws.
 * @returns the fields to record on the request
 */
export async function lookUpName(
  deps: AppDeps,
  request: ContactRequest,
): Promise<Pick<ContactRequest, 'previous' | 'overwritesUnowned' | 'existenceUnknown'>> {
  try {
    const remote = await deps.cms.describeContact(request.contact.ContactName);
    return remote ? { previous: contactFromRemote(remote), overwritesUnowned: true } : {};
  } catch (error) {
    deps.logger.warn(
      { err: error, requestId: request.id },
      'could not check whether the ContactName exists in CloudMonitor',
    );
    return { existenceUnknown: true };
  }
}

/**
 * Looks up the names of pending new contacts that were posted before their lookup (`existencePending`, listed by
 * `RequestRepository.nameLookupsDue`), at most `limit`, {@link NAME_LOOKUP_CONCURRENCY} at a time, at the priority of
 * reads a person waits for (the admins). Each finding is recorded while no decision can change the request (its
 * decision claim, briefly) and the approval message is re-rendered with it. A lookup another replica holds, or
 * one a decision held up, is put off by {@link NAME_LOOKUP_RETRY_MS}; a request that was decided meanwhile needs
 * none (carrying it out looks itself). Driven from the store, so a crash loses nothing: any replica's next round
 * picks up what is left.
 * @returns how many due lookups were dealt with (recorded, dropped or put off); fewer than `limit` when no more
 *   was due or some could not be written (the store refused: the next round retries them)
 */
export async function lookUpPendingNames(deps: AppDeps, limit = 20): Promise<number> {
  const ids = await deps.requests.nameLookupsDue(deps.now(), limit);
  const running = pLimit(NAME_LOOKUP_CONCURRENCY);
  const settled = await Promise.all(ids.map((id) => running(() => lookUpOne(deps, id))));
  return settled.filter(Boolean).length;
}

/** One lookup; true when it left the due list or was put off, false when the store could not record either. */
async function lookUpOne(deps: AppDeps, id: string): Promise<boolean> {
  const lease = `name-lookup:${id}`;
  const owner = attemptOwner(deps.instanceId);
  try {
    if (!(await deps.store.claim(lease, owner, LOOKUP_LEASE_MS))) {
      await deps.requests.postponeNameLookup(id, deps.now() + NAME_LOOKUP_RETRY_MS);
      return true;
    }
    try {
      const request = await deps.requests.get(id);
      if (!request?.existencePending || request.status !== 'pending') {
        await deps.requests.forgetNameLookup(id);
        return true;
      }
      const finding = await withCmsPriority('interactive', () => lookUpName(deps, request));
      const recorded = await deps.requests.whileUndecided(request, async () => {
        const current = await deps.requests.get(id);
        // Decided meanwhile: its status change took it off the list, and carrying it out looks itself.
        if (current?.status !== 'pending' || current.attempts !== request.attempts) return { decided: true as const };
        return { updated: await deps.requests.update(id, { ...finding, existencePending: undefined }) };
      });
      if (recorded === undefined) {
        // A decision holds the request right now: look again shortly (it is likely decided by then).
        await deps.requests.postponeNameLookup(id, deps.now() + NAME_LOOKUP_RETRY_MS);
      } else if (recorded.updated) {
        await deps.notifier.refreshApprovalMessage(recorded.updated);
      }
      return true;
    } finally {
      await deps.store.release(lease, owner);
    }
  } catch (error) {
    deps.logger.warn({ err: error, requestId: id }, 'could not record whether the new name exists in CloudMonitor');
    return deps.requests.postponeNameLookup(id, deps.now() + NAME_LOOKUP_RETRY_MS).then(
      () => true,
      () => false,
    );
  }
}

/** This process's runner of {@link lookUpPendingNames}: woken when a request is posted, and by the background job. */
export interface NameLookups {
  /** Starts working through the due lookups now, unless already doing so (then it goes on until none is due). */
  wake(): Promise<void>;
  /**
   * Lets wakes run again after {@link stop} and lists the lookups an earlier version of the app left unlisted
   * (posted, still `existencePending`, among the oldest 1,000 pending requests), so none stays "checking".
   */
  start(): Promise<void>;
  /**
   * Ends the round under way after the lookups it has started (the rest stay listed in the store) and waits for
   * it; wakes do nothing until {@link start}.
   */
  stop(): Promise<void>;
}

const runners = new WeakMap<AppDeps, NameLookups>();

/** The {@link NameLookups} runner of this app (one per AppDeps, created on first use). */
export function nameLookupsFor(deps: AppDeps): NameLookups {
  let runner = runners.get(deps);
  if (!runner) {
    runner = createRunner(deps);
    runners.set(deps, runner);
  }
  return runner;
}

function createRunner(deps: AppDeps): NameLookups {
  let draining: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const BATCH = NAME_LOOKUP_CONCURRENCY * 2;
  const drain = async (): Promise<void> => {
    do {
      again = false;
      // A full batch dealt with: more may be due; a woken runner goes round again too (a request posted meanwhile).
      // A batch the store would not record ends the round; the background loop tries again a second later.
      if ((await lookUpPendingNames(deps, BATCH)) === BATCH) again = true;
    } while (again && !stopped);
  };
  return {
    async start() {
      stopped = false;
      // Listing one already listed only makes it due now: it is looked up (or put off again) in the next round.
      for (const request of await deps.requests.pending(1_000))
        if (request.existencePending && request.adminMessage && request.status === 'pending')
          await deps.requests.postponeNameLookup(request.id, deps.now());
    },
    wake() {
      if (stopped) return Promise.resolve();
      if (draining) {
        again = true;
        return draining;
      }
      draining = drain()
        .catch((error: unknown) => deps.logger.error({ err: error }, 'name lookups failed; the next round retries'))
        .finally(() => {
          draining = undefined;
        });
      return draining;
    },
    async stop() {
      stopped = true;
      await draining;
    },
  };
}
