import type { webApi } from '@slack/bolt';
import { buildApprovalMessage } from '../blocks/approval-request.js';
import type { AppDeps } from '../deps.js';
import type { ContactRequest } from '../store/requests.js';

/**
 * Posts the approval message for a new request to SLACK_ADMIN_CHANNEL_ID and records where it is, so later
 * states are shown by chat.update of the same message (never a second post).
 * @throws the Slack Web API error when posting fails (the request stays stored as pending)
 */
export async function postApprovalMessage(deps: AppDeps, client: webApi.WebClient, request: ContactRequest): Promise<ContactRequest> {
  const posted = await client.chat.postMessage({ channel: deps.config.slack.adminChannelId, ...buildApprovalMessage(request) });
  if (!posted.channel || !posted.ts) throw new Error('chat.postMessage returned no channel/ts');
  return deps.requests.update(request.id, { adminMessage: { channel: posted.channel, ts: posted.ts } });
}

/**
 * Re-renders a request's approval message to its current state (chat.update). Failures are logged, not thrown:
 * the stored request is the truth and the next update repairs the message.
 */
export async function refreshApprovalMessage(deps: AppDeps, client: webApi.WebClient, request: ContactRequest): Promise<void> {
  if (!request.adminMessage) return;
  try {
    await client.chat.update({ channel: request.adminMessage.channel, ts: request.adminMessage.ts, ...buildApprovalMessage(request) });
  } catch (error) {
    deps.logger.error({ err: error, requestId: request.id }, 'could not update the approval message');
  }
}
