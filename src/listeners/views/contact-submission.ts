import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { buildNoticeModal } from '../../blocks/contact-modal.js';
import { escapeMrkdwn, truncate } from '../../blocks/primitives.js';
import type { AppDeps } from '../../compose.js';
import { type Catalogue, messages } from '../../i18n/index.js';
import { forwardSubmission, type SubmitField, type SubmitProblem, submitContact } from '../../requests/submit.js';
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
 * notice. A stored request then goes on after the ack (`forwardSubmission`: approval message, APPROVAL=auto).
 */
export function handleContactSubmission(deps: AppDeps) {
  return async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const userId = body.user.id;
    const values = view.state?.values;
    const [result, locale] = await Promise.all([
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
      deps.locales.remembered(userId), // learnt when the form opened; no Slack call before the ack
    ]);
    const m = messages(locale);
    switch (result.outcome) {
      case 'invalid': {
        const errors: Record<string, string> = {};
        for (const [field, problem] of Object.entries(result.problems)) errors[ERROR_BLOCK[field as SubmitField]] = describeProblem(m, problem);
        await ack({ response_action: 'errors', errors });
        return;
      }
      case 'unchanged':
        await ack({ response_action: 'update', view: buildNoticeModal(m.form.noChangesTitle, m.form.noChanges(escapeMrkdwn(result.contactName)), m.form.close) });
        return;
      case 'limited': {
        const window = result.windowMs >= 60_000 ? m.form.minutes(Math.round(result.windowMs / 60_000)) : m.form.seconds(Math.round(result.windowMs / 1000));
        await ack({ response_action: 'errors', errors: { [ERROR_BLOCK[result.field]]: m.form.tooMany(result.count, window) } });
        return;
      }
      case 'stored': {
        const name = escapeMrkdwn(result.request.contact.ContactName);
        await ack({
          response_action: 'update',
          view: result.auto
            ? buildNoticeModal(m.form.receivedTitle, m.form.received(name), m.form.close)
            : buildNoticeModal(m.form.sentTitle, m.form.sent(name), m.form.close),
        });
        await forwardSubmission(deps, result);
      }
    }
  };
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
