import { messages } from '../../../i18n/index.js';
import { describeSlackError } from '../../../slack/errors.js';
import { COMMAND } from '../../../slack/ids.js';
import { openContactForm } from '../../flows/contact-form.js';
import type { SubcommandArgs } from './index.js';

/**
 * `/alert-contact` and `/alert-contact edit`: ack at once (empty, before any store read or Slack call), then open
 * the contact modal with the trigger_id. Needs no language before the ack; a failure is told in the user's.
 */
export async function runForm({
  ack,
  command,
  client,
  respond,
  logger,
  deps,
}: Omit<SubcommandArgs, 'locale'>): Promise<void> {
  await ack();
  try {
    await openContactForm(deps, client, command.user_id, command.trigger_id);
  } catch (error) {
    logger.error({ err: error, userId: command.user_id }, 'could not open the alert-contact modal');
    await respond({
      response_type: 'ephemeral',
      text: messages(await deps.locales.of(command.user_id, 500)).command.formFailed(
        describeSlackError(error),
        COMMAND,
      ),
    }).catch((respondError: unknown) => logger.error({ err: respondError }, 'could not tell the user either'));
  }
}
