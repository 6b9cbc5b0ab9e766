import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs, types } from '@slack/bolt';
import { buildStillPending } from '../../blocks/requester-messages.js';
import type { AppDeps } from '../../deps.js';
import { pendingChannels } from '../../reminders/activation.js';
import { confirmOnce } from '../../reminders/reminders.js';

/**
 * "I've activated — check now" in the requester's DM: asks CloudMonitor (DescribeContactList) at once and answers
 * with the one-time confirmation or the channels still pending. The contact is the clicker's own registered
 * contact, looked up from the store; the button's value is not trusted.
 */
export function handleCheckActivation(deps: AppDeps) {
  return async ({ ack, body, logger }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const userId = body.user.id;
    const post = (message: { text: string; blocks?: types.KnownBlock[] }) => deps.poster.post({ channel: userId, ...message });
    try {
      const registered = await deps.requests.registeredContactOf(userId);
      if (!registered) {
        await post({ text: "You don't have an alert contact registered through me yet. Run /alert-contact to register." });
        return;
      }
      const remote = await deps.cms.describeContact(registered.contact.ContactName);
      if (!remote) {
        await post({ text: `CloudMonitor has no contact named ${registered.contact.ContactName} any more. Ask an alert-contact admin.` });
        return;
      }
      const pending = pendingChannels(registered.contact, remote);
      if (pending.length > 0) {
        await post(buildStillPending(registered.contact, pending));
        return;
      }
      const confirmed = await confirmOnce(deps, { requestId: registered.requestId, requesterId: userId, contact: registered.contact });
      if (!confirmed) await post({ text: 'Every channel is active already. Alerts will reach you.' });
    } catch (error) {
      logger.error({ err: error, userId }, 'activation check failed');
      await post({ text: "I couldn't reach CloudMonitor just now. I'll keep checking; you can also try again in a minute." }).catch(() => {});
    }
  };
}
