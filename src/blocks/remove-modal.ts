import type { types } from '@slack/bolt';
import { CALLBACK_ID, COMMAND } from '../slack-ids.js';
import { escapeMrkdwn, slackDate, truncate } from './mrkdwn.js';

/**
 * private_metadata of the remove confirmation: where it was opened from (so a submission from the App Home can
 * refresh the Home tab). Never who or what is removed: that is the submitting user's own registered contact.
 */
export interface RemoveModalMetadata {
  origin: 'command' | 'home';
}

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

/**
 * The confirmation opened by `/alert-contact remove` and the App Home's Remove button. Submitting it asks the
 * admins to remove the contact (DeleteContact after approval). No input blocks: the answer comes back as a
 * `response_action: "update"` to a notice.
 * @param contactName the requester's registered ContactName (escaped here)
 */
export function buildRemoveModal(contactName: string, metadata: RemoveModalMetadata): types.ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACK_ID.removeModal,
    title: plain('Remove alert contact'),
    submit: plain('Ask to remove'),
    close: plain('Cancel'),
    private_metadata: JSON.stringify(metadata),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: truncate(
            `Remove your alert contact *${escapeMrkdwn(contactName)}*? Admins approve; then CloudMonitor stops alerting you there, and the contact leaves its contact groups.`,
            3000,
          ),
        },
      },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `Changed your mind later? Register again with \`${COMMAND}\`.` }],
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
 */
export function buildRemoveOutcome(outcome: RemoveOutcome): types.ModalView {
  const [title, text] = outcomeText(outcome);
  return {
    type: 'modal',
    callback_id: CALLBACK_ID.removeModal,
    title: plain(title),
    close: plain('Close'),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } }],
  };
}

function outcomeText(outcome: RemoveOutcome): [string, string] {
  switch (outcome.kind) {
    case 'sent':
      return [
        'Sent for approval',
        `:white_check_mark: Your request to remove *${escapeMrkdwn(outcome.contactName)}* was sent to the alert-contact admins. I'll DM you when it is done; until then alerts keep reaching you.`,
      ];
    case 'sending':
      return ['Sending…', `:hourglass_flowing_sand: Sending your request to remove *${escapeMrkdwn(outcome.contactName)}* to the admins…`];
    case 'no_contact':
      return [
        'Nothing to remove',
        `:information_source: You don't have an alert contact registered through me, so there is nothing to remove. (Contacts added in the CloudMonitor console are removed there, by an admin.)`,
      ];
    case 'in_progress':
      return [
        'Please wait',
        `:gear: A change to *${escapeMrkdwn(outcome.contactName)}* is being carried out in CloudMonitor right now. Try again in a minute.`,
      ];
    case 'already_requested':
      return [
        'Already asked',
        `:hourglass: You already asked to remove *${escapeMrkdwn(outcome.contactName)}* (${slackDate(outcome.since)}); it is waiting for an admin.`,
      ];
    case 'error':
      return ['Not sent', `:warning: Something went wrong, so nothing was sent (${escapeMrkdwn(outcome.detail)}). Please try again.`];
  }
}
