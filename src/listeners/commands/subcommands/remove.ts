import { messages } from '../../../i18n/index.js';
import { describeSlackError } from '../../../slack/errors.js';
import { COMMAND } from '../../../slack/ids.js';
import { openRemoveConfirmation } from '../../flows/remove-confirmation.js';
import type { SubcommandArgs } from './index.js';

/**
 * `/alert-contact remove`: acks at once, then opens the remove confirmation with the command's trigger_id, for
 * the user's own registered contact (`user_id` of the signed command; no argument names anyone else). Without a
 * contact, or with a change already in progress, the modal says so instead. Submitting it is handled by
 * `handleRemoveConfirmation`. When Slack refuses the modal, the user gets an ephemeral note. In the user's language.
 */
export async function runRemove({
  ack,
  command,
  client,
  respond,
  logger,
  deps,
  locale,
}: SubcommandArgs): Promise<void> {
  await ack();
  try {
    await openRemoveConfirmation(deps, client, locale, command.user_id, command.trigger_id, 'command');
  } catch (error) {
    logger.error({ err: error, userId: command.user_id }, 'could not open the remove confirmation');
    await respond({
      response_type: 'ephemeral',
      text: messages(locale).remove.openFailed(describeSlackError(error), COMMAND),
    }).catch((respondError: unknown) => logger.error({ err: respondError }, 'could not tell the user either'));
  }
}
