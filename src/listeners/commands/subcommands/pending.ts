import type { types } from '@slack/bolt';
import { buildPendingList } from '../../../blocks/status-view.js';
import type { SubcommandArgs } from './index.js';

/** Most open requests read for one answer; the message shows as many as fit Slack's 50 blocks and counts the rest. */
export const PENDING_READ_LIMIT = 100;

/**
 * `/alert-contact pending` (admins; the router refuses others): an ephemeral list of open requests (pending and
 * failed), oldest first, each with the approval message's summary and its Approve / Reject (or Retry / Reject)
 * buttons, same action_ids and values, so the approval handlers decide them and update the admin-channel
 * message. Reads the store only, so it answers within Slack's 3 s.
 */
export async function runPending({ ack, command, logger, deps }: SubcommandArgs): Promise<void> {
  let message: { text: string; blocks?: types.KnownBlock[] };
  try {
    const requests = await deps.requests.pending(PENDING_READ_LIMIT + 1);
    message = buildPendingList(requests.slice(0, PENDING_READ_LIMIT), { more: requests.length > PENDING_READ_LIMIT });
  } catch (error) {
    logger.error({ err: error, userId: command.user_id }, 'could not list the open requests');
    message = { text: "Sorry, I couldn't read the open requests just now. Please try again in a minute." };
  }
  await ack({ response_type: 'ephemeral', ...message });
}
