import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { buildNoticeModal } from '../../blocks/contact-modal.js';
import { escapeMrkdwn, truncate } from '../../blocks/primitives.js';
import type { AppDeps } from '../../compose.js';
import { type Catalogue, messages } from '../../i18n/index.js';
import {
  forwardSubmission,
  type PostOutcome,
  type SubmitField,
  type SubmitProblem,
  type SubmitResult,
  submitContact,
} from '../../requests/submit.js';
import { SUBMISSION_ACK_BUDGET_MS, SUBMIT_STEP_BUDGET_MS, within, withinOrFail } from '../../slack/ack-budgets.js';
import { BLOCK_ID } from '../../slack/ids.js';
import { hasInput, readInput, readSelectedOptions } from './read-state.js';

/** Which input block shows the problem of each field. */
const ERROR_BLOCK: Record<SubmitField, string> = {
  ContactName: BLOCK_ID.contactName,
  Describe: BLOCK_ID.describe,
  'Channels.Mail': BLOCK_ID.mail,
  'Channels.SMS': BLOCK_ID.sms,
  'Channels.AliIM': BLOCK_ID.aliIm,
  'Channels.DingWebHook': BLOCK_ID.dingWebHook,
  Lang: BLOCK_ID.lang,
  groups: BLOCK_ID.groups,
};

/**
 * `view_submission` of the contact modal: reads the form, hands it to `submitContact`, and maps the result to the
 * ack: problems as `response_action: "errors"` keyed by block_id; otherwise `response_action: "update"` with a
 * notice. A stored request goes on with `forwardSubmission` (approval message, APPROVAL=auto); the notice says
 * "sent to the admins" only when the approval message was posted: when that is known within
 * SUBMISSION_ACK_BUDGET_MS the ack says it, else the ack says "saved, posting…" and the modal is updated
 * (views.update) with the outcome. In Socket Mode an ack the client cannot send (the WebSocket dropped; Slack then
 * shows the person an error) is recovered: the request, forwarded before the ack, is not left to the sweeper, and
 * the person gets a DM that it was received, saying truthfully whether the admins have it. When the submission
 * cannot be stored within SUBMIT_STEP_BUDGET_MS (the store does not answer) the person is asked to try again, under
 * the Describe field, before Slack's 3 s run out
 * (https://api.slack.com/interactivity/handling#acknowledgment_response).
 */
export function handleContactSubmission(deps: AppDeps) {
  return async ({
    ack,
    body,
    view,
    client,
  }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const arrived = Date.now();
    const userId = body.user.id;
    const values = view.state?.values;
    const [submitted, locale] = await Promise.all([
      settleWithin(
        submitContact(deps, {
          userId,
          fields: {
            ContactName: readInput(values, BLOCK_ID.contactName),
            Describe: readInput(values, BLOCK_ID.describe),
            Mail: readInput(values, BLOCK_ID.mail),
            SMS: readInput(values, BLOCK_ID.sms),
            AliIM: readInput(values, BLOCK_ID.aliIm),
            DingWebHook: readInput(values, BLOCK_ID.dingWebHook),
            Lang: readInput(values, BLOCK_ID.lang),
          },
          nameFixed: !hasInput(values, BLOCK_ID.contactName),
          selectedGroups: readSelectedOptions(values, BLOCK_ID.groups),
        }),
        SUBMIT_STEP_BUDGET_MS,
      ),
      // Learnt when the form opened (no Slack call before the ack); bounded, as the store may not answer.
      within(deps.locales.remembered(userId), SUBMIT_STEP_BUDGET_MS).catch(() => undefined),
    ]);
    const m = messages(locale);
    if (!submitted.ok) {
      await ack({ response_action: 'errors', errors: { [BLOCK_ID.describe]: m.form.storeUnavailable } });
      // A store outage is logged once by the store's health check; anything else here is logged as it comes.
      const storeAnswers = await deps.storeHealth.check();
      deps.logger[storeAnswers ? 'error' : 'debug'](
        { err: submitted.error, userId },
        'could not store a contact-form submission; the person was asked to try again',
      );
      return;
    }
    const result = submitted.value;
    switch (result.outcome) {
      case 'invalid': {
        const errors: Record<string, string> = {};
        for (const [field, problem] of Object.entries(result.problems))
          errors[ERROR_BLOCK[field as SubmitField]] = describeProblem(m, problem);
        await ack({ response_action: 'errors', errors });
        return;
      }
      case 'unchanged':
        await ack({
          response_action: 'update',
          view: buildNoticeModal(
            m.form.noChangesTitle,
            m.form.noChanges(escapeMrkdwn(result.contactName)),
            m.form.close,
          ),
        });
        return;
      case 'limited': {
        const window =
          result.windowMs >= 60_000
            ? m.form.minutes(Math.round(result.windowMs / 60_000))
            : m.form.seconds(Math.round(result.windowMs / 1000));
        await ack({
          response_action: 'errors',
          errors: { [ERROR_BLOCK[result.field]]: m.form.tooMany(result.count, window) },
        });
        return;
      }
      case 'stored': {
        await ackStored(deps, { ack, client, viewId: view.id, userId, m, arrived }, result);
      }
    }
  };
}

/**
 * Acks a stored submission truthfully (see {@link handleContactSubmission}) and waits for the rest of
 * `forwardSubmission`, so shutdown can wait for it.
 */
async function ackStored(
  deps: AppDeps,
  io: {
    ack: SlackViewMiddlewareArgs<ViewSubmitAction>['ack'];
    client: AllMiddlewareArgs['client'];
    viewId: string;
    userId: string;
    m: Catalogue;
    arrived: number;
  },
  result: Extract<SubmitResult, { outcome: 'stored' }>,
): Promise<void> {
  const { m } = io;
  const name = escapeMrkdwn(result.request.contact.ContactName);
  const notice = (outcome: PostOutcome) =>
    result.auto
      ? buildNoticeModal(m.form.receivedTitle, m.form.received(name), m.form.close)
      : outcome.posted
        ? buildNoticeModal(m.form.sentTitle, m.form.sent(name), m.form.close)
        : buildNoticeModal(m.form.savedTitle, m.form.saved(name), m.form.close);
  const forwarding = forwardSubmission(deps, result);
  const posted = forwarding.posted.catch((error: unknown): PostOutcome => {
    deps.logger.error(
      { err: error, requestId: result.request.id },
      'could not forward a stored submission; the sweeper posts it',
    );
    return { posted: false, error };
  });
  const early = await within(posted, Math.max(0, SUBMISSION_ACK_BUDGET_MS - (Date.now() - io.arrived)));
  const acked = await ackUnlessLost(
    deps,
    io.ack,
    {
      response_action: 'update',
      view: early ? notice(early) : buildNoticeModal(m.form.postingTitle, m.form.posting(name), m.form.close),
    },
    result.request.id,
  );
  const outcome = early ?? (await posted);
  if (!acked) {
    // Slack showed the person an error although the request is stored (and forwarded above, not left to the sweeper).
    await tellAckLost(
      deps,
      io.userId,
      result.auto
        ? m.form.ackLostReceived(name)
        : outcome.posted
          ? m.form.ackLostSent(name)
          : m.form.ackLostSaved(name),
      result.request.id,
    );
  } else if (!early) {
    try {
      await io.client.views.update({ view_id: io.viewId, view: notice(outcome) });
    } catch (error) {
      // The person may have closed the modal (not_found): the DM or the admins' decision tells them the rest.
      deps.logger.debug({ err: error, requestId: result.request.id }, 'could not update the submission notice');
    }
  }
  await forwarding.finished.catch((error: unknown) =>
    deps.logger.error(
      { err: error, requestId: result.request.id },
      'could not finish a stored submission; the sweeper resumes it',
    ),
  );
}

/**
 * Codes of the errors @slack/socket-mode's `SocketModeClient.send` rejects with when an ack cannot be written to
 * the WebSocket (`dist/src/errors.js` `ErrorCode`; `dist/src/SocketModeClient.js` `send`): no connection, a
 * connection that is not OPEN (closed or reconnecting), or the write failed. Bolt's SocketModeReceiver passes the
 * rejection through `ack()` (`@slack/bolt` `dist/receivers/SocketModeResponseAck.js`). Bolt's HTTP receiver never
 * rejects with these, so HTTP behaviour is unchanged.
 */
const SOCKET_ACK_LOST = new Set([
  'slack_socket_mode_send_while_disconnected_error',
  'slack_socket_mode_send_while_not_ready_error',
  'slack_socket_mode_websocket_error',
]);

/**
 * Acks, and reports whether the ack was sent.
 * @returns false when Socket Mode could not send it (the WebSocket dropped: Slack shows the person an error);
 *          true otherwise
 * @throws any other ack error, unchanged (e.g. Bolt's ReceiverMultipleAckError in HTTP mode)
 */
async function ackUnlessLost(
  deps: AppDeps,
  ack: SlackViewMiddlewareArgs<ViewSubmitAction>['ack'],
  response: Parameters<SlackViewMiddlewareArgs<ViewSubmitAction>['ack']>[0],
  requestId: string,
): Promise<boolean> {
  try {
    await ack(response);
    return true;
  } catch (error) {
    const code = (error as { code?: unknown } | undefined)?.code;
    if (typeof code !== 'string' || !SOCKET_ACK_LOST.has(code)) throw error;
    deps.logger.warn(
      { err: error, requestId },
      'the ack of a stored submission was lost (Socket Mode connection dropped); the person is told by DM',
    );
    return false;
  }
}

/** DMs the person `text` (their request was received); a failure is logged, not thrown. */
async function tellAckLost(deps: AppDeps, userId: string, text: string, requestId: string): Promise<void> {
  try {
    await deps.poster.post({ channel: userId, text });
  } catch (error) {
    deps.logger.error({ err: error, requestId }, 'could not DM the person that their submission was received');
  }
}

/** `work`'s value, or its error (also `no answer within <ms> ms`), never a rejection. */
async function settleWithin<T>(
  work: Promise<T>,
  ms: number,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await withinOrFail(work, ms) };
  } catch (error) {
    return { ok: false, error };
  }
}

/** A submission problem in the person's language. */
function describeProblem(m: Catalogue, problem: SubmitProblem): string {
  switch (problem.code) {
    case 'nameTaken':
      return m.form.nameTaken;
    case 'claimTaken':
      return m.form.claimTaken;
    case 'earlierInProgress':
      return m.form.earlierInProgress;
    case 'groupsUnavailable':
      return m.form.groupsUnavailable;
    case 'groupNotOffered': {
      const shown = problem.names.slice(0, 3).map((name) => `"${truncate(name, 40)}"`);
      return m.form.groupNotOffered(`${shown.join(', ')}${problem.names.length > 3 ? ', …' : ''}`);
    }
    default:
      return m.errors[problem.code];
  }
}
