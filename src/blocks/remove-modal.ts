import type { types } from '@slack/bolt';
import { type Locale, messages } from '../i18n/index.js';
import { CALLBACK_ID, COMMAND } from '../slack/ids.js';
import { escapeMrkdwn, plain, slackDate, truncate } from './primitives.js';

/**
 * private_metadata of the remove confirmation: where it was opened from (so a submission from the App Home can
 * refresh the Home tab). Never who or what is removed: that is the submitting user's own registered contact.
 */
export interface RemoveModalMetadata {
  origin: 'command' | 'home';
}

/**
 * The confirmation opened by `/alert-contact remove` and the App Home's Remove button. Submitting it asks the
 * admins to remove the contact (DeleteContact after approval). No input blocks: the answer comes back as a
 * `response_action: "update"` to a notice.
 * @param locale the requester's language
 * @param contactName the requester's registered ContactName (escaped here)
 */
export function buildRemoveModal(locale: Locale, contactName: string, metadata: RemoveModalMetadata): types.ModalView {
  const m = messages(locale).remove;
  return {
    type: 'modal',
    callback_id: CALLBACK_ID.removeModal,
    title: plain(m.title),
    submit: plain(m.submit),
    close: plain(m.cancel),
    private_metadata: JSON.stringify(metadata),
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: truncate(m.question(escapeMrkdwn(contactName)), 3000) },
      },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: m.changedMind(COMMAND) }],
      },
    ],
  };
}

/** Why a removal was not asked for, as {@link buildRemoveOutcome} words it. */
export type RemoveOutcome =
  | { kind: 'sent'; contactName: string }
  | { kind: 'no_contact' }
  | { kind: 'in_progress'; contactName: string }
  | { kind: 'already_requested'; contactName: string; since: number }
  | { kind: 'sending'; contactName: string }
  | { kind: 'error'; detail: string };

/**
 * The modal that answers a remove confirmation (as `response_action: "update"` or views.update): sent to the
 * admins, nothing to remove, a change already being carried out, already asked, still sending, or an error.
 * Close-only (no submit). Times are epoch ms.
 * @param locale the requester's language
 */
export function buildRemoveOutcome(locale: Locale, outcome: RemoveOutcome): types.ModalView {
  const [title, text] = outcomeText(locale, outcome);
  return {
    type: 'modal',
    callback_id: CALLBACK_ID.removeModal,
    title: plain(title),
    close: plain(messages(locale).remove.close),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } }],
  };
}

function outcomeText(locale: Locale, outcome: RemoveOutcome): [string, string] {
  const m = messages(locale).remove.outcome;
  switch (outcome.kind) {
    case 'sent':
      return [m.sent.title, m.sent.text(escapeMrkdwn(outcome.contactName))];
    case 'sending':
      return [m.sending.title, m.sending.text(escapeMrkdwn(outcome.contactName))];
    case 'no_contact':
      return [m.noContact.title, m.noContact.text];
    case 'in_progress':
      return [m.inProgress.title, m.inProgress.text(escapeMrkdwn(outcome.contactName))];
    case 'already_requested':
      return [
        m.alreadyRequested.title,
        m.alreadyRequested.text(escapeMrkdwn(outcome.contactName), slackDate(outcome.since)),
      ];
    case 'error':
      return [m.error.title, m.error.text(escapeMrkdwn(outcome.detail))];
  }
}
