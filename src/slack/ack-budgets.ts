/**
 * Every time budget the app keeps against Slack's 3 s, and the helpers that hold work to one. Slack shows the
 * person an error when an interaction gets no HTTP 200 within 3 s (https://docs.slack.dev/interactivity/handling-user-interaction)
 * and a slash command `operation_timeout` (https://docs.slack.dev/interactivity/implementing-slash-commands); a
 * trigger_id expires 3 s after it is issued (https://docs.slack.dev/surfaces/modals). Each budget leaves room for
 * the rest of the answer.
 */

/** Whole-ack budget of a contact-form submission's CloudMonitor reads (the groups, an edit's current ones), ms. */
export const GROUPS_CHECK_BUDGET_MS = 1_500;

/**
 * How long a contact-form submission may take, from its arrival until the ack, when the approval message is posted
 * before the ack (so the modal can say truthfully whether the admins have the request), ms. Past it the modal
 * says "saved, posting…" and is updated (views.update) once the outcome is known.
 */
export const SUBMISSION_ACK_BUDGET_MS = 2_000;

/**
 * Longest the stored part of a submission (validation, the store batch) may take before the person is told to
 * try again instead of getting Slack's timeout (e.g. the store is unreachable), ms.
 */
export const SUBMIT_STEP_BUDGET_MS = 2_400;

/** How long the form's prefill may take before the modal opens with a placeholder instead, ms (trigger_ids live 3 s). */
export const PREFILL_BUDGET_MS = 1_200;

/** How long `/alert-contact status` waits for CloudMonitor's live state before it answers from the store, ms. */
export const STATUS_LIVE_BUDGET_MS = 1_500;

/** How long the removal confirmation waits for the request to be opened before it answers "sending…", ms. */
export const REMOVE_ACK_BUDGET_MS = 1_500;

/** How long a person's language may take to look up (users.info) before English is used, ms. */
export const LOCALE_BUDGET_MS = 500;

/** The shorter language lookup of a placeholder modal opened when the prefill was slow, ms. */
export const PLACEHOLDER_LOCALE_BUDGET_MS = 200;

/**
 * `promise`'s value if it settles within `ms` milliseconds, else undefined; the promise keeps running (and its
 * rejection, if it comes late, is swallowed). For work that must fit in Slack's 3 s: answer with what is known.
 * @throws the promise's own rejection when it rejects within `ms`
 */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
    timer.unref();
  });
  promise.catch(() => {}); // a late rejection has nobody to tell
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Like {@link within}, for work whose value may itself be undefined: rejects when `ms` milliseconds pass
 * without an answer (the work keeps running).
 * @throws Error `no answer within <ms> ms`, or the work's own rejection
 */
export async function withinOrFail<T>(promise: Promise<T>, ms: number): Promise<T> {
  const settled = await within(
    promise.then((value) => ({ value })),
    ms,
  );
  if (!settled) throw new Error(`no answer within ${ms} ms`);
  return settled.value;
}

/**
 * How long the contact-groups typeahead waits for a fresh group list before it answers from the last one loaded,
 * ms. Slack shows no options when a `block_suggestion` gets no answer within 3 s
 * (https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element#external_select).
 */
export const TYPEAHEAD_BUDGET_MS = 500;

/**
 * How long the form's prefill looks for an existing contact to claim (DescribeContactList by channel) before it
 * gives up and offers a new contact, ms. The form itself opens on time either way: a slow prefill opens a
 * placeholder first (PREFILL_BUDGET_MS). Its calls are dropped unsent when the CloudMonitor queue could not start
 * them within this budget, at once when that is clear from the queue ahead (cms/call-scheduler.ts).
 */
export const CLAIM_LOOKUP_BUDGET_MS = 2_000;
