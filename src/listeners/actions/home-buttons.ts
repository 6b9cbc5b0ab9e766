import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../compose.js';
import { type Catalogue, messages } from '../../i18n/index.js';
import { LOCALE_BUDGET_MS } from '../../slack/ack-budgets.js';
import { describeSlackError } from '../../slack/errors.js';
import { ACTION_ID } from '../../slack/ids.js';
import { openContactForm } from '../flows/contact-form.js';
import { publishHome } from '../flows/home-tab.js';
import { openRemoveConfirmation } from '../flows/remove-confirmation.js';

/** The App Home's buttons, all handled by {@link handleHomeButton}. */
export const HOME_BUTTON_ACTION_IDS = [
  ACTION_ID.homeRegister,
  ACTION_ID.homeEdit,
  ACTION_ID.homeRemove,
  ACTION_ID.homeRefresh,
] as const;

/** What did not work, per button (the catalogue's `status.home.failed`). */
const WHAT: Record<(typeof HOME_BUTTON_ACTION_IDS)[number], keyof Catalogue['status']['home']['failed']> = {
  [ACTION_ID.homeRegister]: 'form',
  [ACTION_ID.homeEdit]: 'form',
  [ACTION_ID.homeRemove]: 'remove',
  [ACTION_ID.homeRefresh]: 'refresh',
};

function isHomeButton(actionId: string): actionId is (typeof HOME_BUTTON_ACTION_IDS)[number] {
  return (HOME_BUTTON_ACTION_IDS as readonly string[]).includes(actionId);
}

/**
 * A button on the App Home tab, for the clicking user (from the signed payload) only:
 * - Register / Edit: opens the contact form with the click's trigger_id (`openContactForm`: prefilled from the
 *   open request, the registered contact, or the Slack profile);
 * - Remove: opens the remove confirmation (`openRemoveConfirmation`);
 * - Refresh status: asks CloudMonitor (DescribeContactList) and re-publishes the tab.
 * Acks at once. When Slack refuses (e.g. an expired trigger_id), the tab is re-published with a note saying
 * what did not work; if even that fails, the user gets a DM. Everything is in the user's language.
 */
export function handleHomeButton(deps: AppDeps) {
  return async ({
    ack,
    body,
    action,
    client,
    logger,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const userId = body.user.id;
    const actionId = action.action_id;
    if (!isHomeButton(actionId)) return;
    // Started at once, awaited only where the language is needed (the form looks it up itself).
    const language = deps.locales.of(userId, LOCALE_BUDGET_MS);
    try {
      switch (actionId) {
        case ACTION_ID.homeRegister:
        case ACTION_ID.homeEdit:
          await openContactForm(deps, client, userId, body.trigger_id);
          return;
        case ACTION_ID.homeRemove:
          await openRemoveConfirmation(deps, client, await language, userId, body.trigger_id, 'home');
          return;
        case ACTION_ID.homeRefresh:
          await publishHome(deps, client, userId, { live: 'only' });
          return;
      }
    } catch (error) {
      logger.error({ err: error, userId, actionId }, 'App Home button failed');
      const m = messages(await language).status.home;
      const text = m.slackSaid(m.failed[WHAT[actionId]], describeSlackError(error));
      try {
        await publishHome(deps, client, userId, { live: 'after', notice: `:warning: ${text}` });
      } catch (publishError) {
        logger.error({ err: publishError, userId }, 'could not show the App Home note either; sending a DM');
        await deps.poster
          .post({ channel: userId, text })
          .catch((dmError: unknown) => logger.error({ err: dmError, userId }, 'could not DM the user either'));
      }
    }
  };
}
