import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../compose.js';
import { publishHome } from '../flows/home-tab.js';

/**
 * `app_home_opened` (Events API) on the Home tab: publishes the user's status at once from the store, then again
 * with CloudMonitor's live activation state and contact groups. The Messages tab (where the bot's DMs are) is
 * left alone. A publish Slack refuses is logged; the next opening tries again.
 */
export function handleAppHomeOpened(deps: AppDeps) {
  return async ({
    event,
    client,
    logger,
  }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    try {
      await publishHome(deps, client, event.user, { live: 'after' });
    } catch (error) {
      logger.error({ err: error, userId: event.user }, 'could not publish the App Home');
    }
  };
}
