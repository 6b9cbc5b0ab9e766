import pLimit from 'p-limit';

/** How many Approve / Retry clicks are decided at once in one process. */
export const DECISIONS_AT_ONCE = 4;

/** Runs `work` when it gets its turn; resolves or rejects as `work` does. */
export type DecisionLane = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * A queue for the work an Approve or Retry click does right after its ack (take the decision, show
 * "registering…"), so that a burst of clicks (an admin approving hundreds of requests) is decided a few at a time
 * instead of all at once. All at once, 500 clicks put thousands of store statements and Slack calls on the one
 * event loop together, and for several seconds nothing else (e.g. a slash command's ack) got a turn. Decisions
 * still happen far faster than CloudMonitor takes the PutContacts that follow (CMS_CALLS_PER_SECOND), so queueing
 * them costs no registration time. A click is acked before it waits here; the decision itself stays exactly-once
 * (`decide`), whatever the order.
 * @param concurrency decisions in progress at once; default {@link DECISIONS_AT_ONCE}
 */
export function createDecisionLane(concurrency = DECISIONS_AT_ONCE): DecisionLane {
  const limit = pLimit(concurrency);
  return (work) => limit(work);
}
