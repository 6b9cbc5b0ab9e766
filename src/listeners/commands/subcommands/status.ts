import { buildStatusMessage } from '../../../blocks/status-view.js';
import { messages } from '../../../i18n/index.js';
import { STATUS_LIVE_BUDGET_MS, within } from '../../../slack/ack-budgets.js';
import { type ContactStatus, readStoredStatus, withLiveState } from '../../../status/contact-status.js';
import type { SubcommandArgs } from './index.js';

/**
 * `/alert-contact status`: the user's own contact (from the signed `user_id`), each channel masked with its live
 * activation state and the contact groups (DescribeContactList), their open request, and the next activation
 * reminder. Ephemeral. When CloudMonitor answers within {@link STATUS_LIVE_BUDGET_MS} the ack carries the live
 * status; otherwise the ack shows the stored status ("asking CloudMonitor…") and `respond()` follows with the
 * live one. CloudMonitor being unreachable shows the stored status and says the live state is unavailable.
 * In the user's language.
 */
export async function runStatus({ ack, command, respond, logger, deps, locale }: SubcommandArgs): Promise<void> {
  const userId = command.user_id;
  let stored: ContactStatus;
  try {
    stored = await readStoredStatus(deps, userId);
  } catch (error) {
    logger.error({ err: error, userId }, 'could not read the status');
    await ack({ response_type: 'ephemeral', text: messages(locale).status.readFailed });
    return;
  }
  const live = withLiveState(deps, stored);
  const quick = await within(live, STATUS_LIVE_BUDGET_MS);
  if (quick) {
    await ack({ response_type: 'ephemeral', ...buildStatusMessage(locale, quick) });
    return;
  }
  await ack({ response_type: 'ephemeral', ...buildStatusMessage(locale, stored) });
  try {
    await respond({ response_type: 'ephemeral', ...buildStatusMessage(locale, await live) });
  } catch (error) {
    logger.error({ err: error, userId }, 'could not send the live status');
  }
}
