import type { types } from '@slack/bolt';
import type { ContactRequest } from '../store/requests.js';
import { BLOCK_ID, CALLBACK_ID, INPUT_ACTION_ID } from '../slack-ids.js';
import { escapeMrkdwn, mention } from './mrkdwn.js';

/** private_metadata of the reject modal: the request id only; the request itself is read from the store. */
export interface RejectModalMetadata {
  requestId: string;
}

/** The modal an admin gets from Reject: an optional reason, sent to the requester. */
export function buildRejectModal(request: ContactRequest): types.ModalView {
  const metadata: RejectModalMetadata = { requestId: request.id };
  return {
    type: 'modal',
    callback_id: CALLBACK_ID.rejectModal,
    title: { type: 'plain_text', text: 'Reject request' },
    submit: { type: 'plain_text', text: 'Reject' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify(metadata),
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `Reject ${mention(request.requesterId)}'s request for *${escapeMrkdwn(request.contact.ContactName)}*?` },
      },
      {
        type: 'input',
        block_id: BLOCK_ID.rejectReason,
        optional: true,
        label: { type: 'plain_text', text: 'Reason (sent to the requester)' },
        element: { type: 'plain_text_input', action_id: INPUT_ACTION_ID, multiline: true, max_length: 1000 },
      },
    ],
  };
}
