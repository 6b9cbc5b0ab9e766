import type { types } from '@slack/bolt';
import { buildPendingList } from '../../../blocks/status-view.js';
import { messages } from '../../../i18n/index.js';
import type { SubcommandArgs } from './index.js';

/** Most open requests read for one answer; the message shows as many as fit Slack's 50 blocks and counts the rest. */
export const PENDING_READ_LIMIT = 100;

/**
 * `/alert-contact pending` (admins; the router refuses others): an ephemeral list of open requests (pending and
 * failed), oldest first, each with the approval message's summary and its Approve / Reject (or Retry / Reject)
 * buttons, same action_ids and values, so the approval handlers decide them and update the admin-channel
 * message. Reads the store only, so it answers within Slack's 3 s. In the admin's language.
 */
export async function runPending({ ack, command, logger, deps, locale }: SubcommandArgs): Promise<void> {
  let message: { text: string; blocks?: types.KnownBlock[] };
  try {
    const requests = await deps.requests.pending(PENDING_READ_LIMIT + 1);
    message = buildPendingList(locale, requests.slice(0, PENDING_READ_LIMIT), {
      more: requests.length > PENDING_READ_LIMIT,
    });
  } catch (error) {
    logger.error({ err: error, userId: command.user_id }, 'could not list the open requests');
    message = { text: messages(locale).pending.readFailed };
  }
  await ack({ response_type: 'ephemeral', ...message });
}
