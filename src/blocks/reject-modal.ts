import type { types } from '@slack/bolt';
import { type Locale, messages } from '../i18n/index.js';
import type { ContactRequest } from '../requests/request.js';
import { BLOCK_ID, CALLBACK_ID, INPUT_ACTION_ID } from '../slack/ids.js';
import { escapeMrkdwn, mention } from './primitives.js';

/** private_metadata of the reject modal: the request id only; the request itself is read from the store. */
export interface RejectModalMetadata {
  requestId: string;
}

/** The modal an admin gets from Reject: an optional reason, sent to the requester; in the admin's `locale`. */
export function buildRejectModal(request: ContactRequest, locale: Locale = 'en'): types.ModalView {
  const m = messages(locale).rejectModal;
  const metadata: RejectModalMetadata = { requestId: request.id };
  return {
    type: 'modal',
    callback_id: CALLBACK_ID.rejectModal,
    title: { type: 'plain_text', text: m.title },
    submit: { type: 'plain_text', text: m.submit },
    close: { type: 'plain_text', text: m.cancel },
    private_metadata: JSON.stringify(metadata),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: m.question(mention(request.requesterId), escapeMrkdwn(request.contact.ContactName)),
        },
      },
      {
        type: 'input',
        block_id: BLOCK_ID.rejectReason,
        optional: true,
        label: { type: 'plain_text', text: m.reason },
        element: { type: 'plain_text_input', action_id: INPUT_ACTION_ID, multiline: true, max_length: 1000 },
      },
    ],
  };
}
