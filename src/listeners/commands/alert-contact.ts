import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { buildContactModal, buildLoadingModal } from '../../blocks/contact-modal.js';
import type { AppDeps } from '../../deps.js';
import { COMMAND } from '../../slack-ids.js';
import { loadModalStart, type ModalStart } from './contact-prefill.js';

/** How long the prefill may take before the modal is opened with a placeholder instead (trigger_ids live 3 s). */
export const PREFILL_BUDGET_MS = 1_200;

const USAGE = [
  `*${COMMAND}*: register yourself as a CloudMonitor alert contact, or change the contact you registered.`,
  `• \`${COMMAND}\`: open the form (prefilled from your Slack profile or your current contact)`,
  `• \`${COMMAND} help\`: this message`,
].join('\n');

/**
 * `/alert-contact`: acks at once, then opens the contact modal with the command's trigger_id. The prefill
 * (users.info, the store) gets {@link PREFILL_BUDGET_MS}; if slower, a placeholder modal is opened first and
 * filled in with views.update, because a trigger_id expires 3 s after the command (slack-platform.md §3).
 * `help` or unknown text answers with an ephemeral usage message.
 */
export function handleAlertContactCommand(deps: AppDeps) {
  return async ({ ack, command, client, respond, logger }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const text = command.text.trim().toLowerCase();
    if (text !== '') {
      await ack({ response_type: 'ephemeral', text: text === 'help' ? USAGE : `I don't know \`${COMMAND} ${text.slice(0, 40).replace(/[<>&`]/g, '')}\`.\n${USAGE}` });
      return;
    }
    await ack();
    const loading = loadModalStart(client, deps.requests, command.user_id);
    loading.catch(() => {}); // awaited below; this only avoids an unhandled rejection while the race is pending
    try {
      const quick = await Promise.race([
        loading,
        new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), PREFILL_BUDGET_MS).unref()),
      ]);
      if (quick) {
        await client.views.open({ trigger_id: command.trigger_id, view: modalFor(quick) });
        return;
      }
      const opened = await client.views.open({ trigger_id: command.trigger_id, view: buildLoadingModal() });
      const start = await loading;
      if (!opened.view?.id) throw new Error('views.open returned no view id');
      await client.views.update({ view_id: opened.view.id, hash: opened.view.hash, view: modalFor(start) });
    } catch (error) {
      logger.error({ err: error, userId: command.user_id }, 'could not open the alert-contact modal');
      await respond({
        response_type: 'ephemeral',
        text: `Sorry, I couldn't open the form (Slack said: ${describeSlackError(error)}). Please run \`${COMMAND}\` again.`,
      }).catch((respondError: unknown) => logger.error({ err: respondError }, 'could not tell the user either'));
    }
  };
}

function modalFor(start: ModalStart) {
  return buildContactModal(start.prefill, start.mode, start.notes);
}

/** The Slack error code of a failed Web API call (e.g. `expired_trigger_id`), or a generic word. */
export function describeSlackError(error: unknown): string {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : 'an unexpected error';
}
