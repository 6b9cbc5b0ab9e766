import type { webApi } from '@slack/bolt';
import { escapeMrkdwn } from '../blocks/primitives.js';
import type { AppDeps } from '../compose.js';
import { messages } from '../i18n/index.js';
import type { Notifier } from '../requests/notifier.js';
import { postApprovalMessage, refreshApprovalMessage } from './approval-message.js';
import { type DeliveryPolicy, DeliveryTracker } from './delivery.js';
import { describeSlackError } from './errors.js';
import { notifyRequester } from './tell-requester.js';

/**
 * The request core's {@link Notifier} on Slack: approval messages in SLACK_ADMIN_CHANNEL_ID (posted once, then
 * chat.update'd with `client`), and DMs to the requester in their Slack language.
 * @param deps everything but the notifier itself
 * @param client a retrying WebClient for chat.update (`createWebClient`)
 * @param delivery how refused posts are retried (backoff, tries); defaults in `DEFAULT_DELIVERY_POLICY`
 */
export function createSlackNotifier(
  deps: Omit<AppDeps, 'notifier'> & { notifier?: Notifier },
  client: webApi.WebClient,
  delivery: Partial<DeliveryPolicy> = {},
): Notifier {
  const full = deps as AppDeps;
  const deliveries = new DeliveryTracker(deps.store, deps.logger, deps.now, delivery);
  return {
    postApprovalMessage: (request) => postApprovalMessage(full, request, deliveries),
    refreshApprovalMessage: (request) => refreshApprovalMessage(full, client, request),
    tellRequester: (request) => notifyRequester(full, request, deliveries),
    async tellNotPosted(request, error) {
      const m = messages(await deps.locales.remembered(request.requesterId));
      const adminChannel = `<#${deps.config.slack.adminChannelId}>`;
      await deps.poster
        .post({
          channel: request.requesterId,
          text: m.form.notPosted(
            escapeMrkdwn(request.contact.ContactName),
            request.id,
            describeSlackError(error),
            adminChannel,
          ),
        })
        .catch((dmError: unknown) =>
          deps.logger.error({ err: dmError, requestId: request.id }, 'could not DM the requester either'),
        );
    },
  };
}
