import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs, types } from '@slack/bolt';
import { escapeMrkdwn } from '../../blocks/primitives.js';
import { buildStillPending } from '../../blocks/requester-messages.js';
import type { AppDeps } from '../../compose.js';
import { messages } from '../../i18n/index.js';
import { pendingChannels } from '../../reminders/activation.js';
import { confirmOnce } from '../../reminders/reminders.js';
import { COMMAND } from '../../slack/ids.js';

/**
 * "I've activated — check now" in the requester's DM: asks CloudMonitor (DescribeContactList) at once and answers
 * with the one-time confirmation or the channels still pending. The contact is the clicker's own registered
 * contact, looked up from the store; the button's value is not trusted.
 */
export function handleCheckActivation(deps: AppDeps) {
  return async ({
    ack,
    body,
    logger,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const userId = body.user.id;
    const post = (message: { text: string; blocks?: types.KnownBlock[] }) =>
      deps.poster.post({ channel: userId, ...message });
    const locale = await deps.locales.of(userId);
    const m = messages(locale).dm;
    try {
      const registered = await deps.requests.registeredContactOf(userId);
      if (!registered) {
        await post({ text: m.noContact(COMMAND) });
        return;
      }
      const remote = await deps.cms.describeContact(registered.contact.ContactName);
      await deps.audit.append({
        actor: userId,
        subject: userId,
        action: 'activation-check',
        requestId: registered.requestId,
        contactName: registered.contact.ContactName,
        cmsAction: 'DescribeContactList',
        outcome: remote ? 'found' : 'not-found',
      });
      if (!remote) {
        await post({ text: m.contactGone(escapeMrkdwn(registered.contact.ContactName)) });
        return;
      }
      const pending = pendingChannels(registered.contact, remote);
      if (pending.length > 0) {
        await post(buildStillPending(locale, registered.contact, pending));
        return;
      }
      const confirmed = await confirmOnce(deps, {
        requestId: registered.requestId,
        requesterId: userId,
        contact: registered.contact,
      });
      if (!confirmed) await post({ text: m.alreadyActive });
    } catch (error) {
      logger.error({ err: error, userId }, 'activation check failed');
      await post({ text: m.cmsUnreachable }).catch((postError: unknown) =>
        logger.error({ err: postError, userId }, 'could not tell the user either'),
      );
    }
  };
}
