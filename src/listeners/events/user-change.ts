import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../compose.js';
import { requestRemoval } from '../../requests/request-removal.js';
import type { SlackUser } from '../../slack/user-profiles.js';

/**
 * `user_change` (Events API): stores the changed profile (the form's prefill reads it), and when Slack reports a
 * user deactivated (`user.deleted: true`), a removal request for
 * their contact is opened for the admins, so alerts stop going to someone who left. Redeliveries are dropped by
 * the event-id middleware; a second deactivation report finds the removal already requested.
 */
export function handleUserChange(deps: AppDeps) {
  return async ({ event, logger }: SlackEventMiddlewareArgs<'user_change'> & AllMiddlewareArgs): Promise<void> => {
    const user = event.user as SlackUser;
    // Every profile change refreshes the stored profile the form is prefilled from.
    await deps.profiles
      .remember(user)
      .catch((error: unknown) =>
        logger.warn({ err: error, userId: user.id }, 'could not store the changed Slack profile'),
      );
    if (!user.id || user.deleted !== true) return;
    try {
      const result = await requestRemoval(deps, user.id, 'offboarding');
      if (result.ok)
        logger.info({ userId: user.id, requestId: result.request.id }, 'deactivated user: removal requested');
    } catch (error) {
      logger.error({ err: error, userId: user.id }, 'could not open the removal request for a deactivated user');
    }
  };
}
