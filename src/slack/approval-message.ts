import type { webApi } from '@slack/bolt';
import { buildApprovalMessage } from '../blocks/approval-request.js';
import type { AppDeps } from '../compose.js';
import { type ContactRequest, isIn, POSTABLE_STATUSES } from '../requests/request.js';
import { attemptOwner } from '../store/store.js';
import { type DeliveryTracker, isRefusal } from './delivery.js';

/** How long the sweeper leaves an edit whose current groups are still being read to its submission, ms. */
const GROUPS_UNREAD_GRACE_MS = 120_000;

/**
 * Posts the approval message for a new request to SLACK_ADMIN_CHANNEL_ID and records where it is, so later
 * states are shown by chat.update of the same message (never a second post). A lease (`post:<id>`, 60 s) keeps
 * the submission handler and the sweeper from posting the same request twice. A post Slack refused (ok:false, e.g.
 * `not_in_channel`, or 429 past its waits) is tried again by the sweeper with backoff (`deliveries`, honouring
 * Retry-After) until it goes through or the tries are spent; then it is left to `/alert-contact pending`.
 * @returns the request with its `adminMessage`, or undefined when someone else is posting it right now or its
 *   backoff has not passed
 * @throws the Slack Web API error when posting fails (the request stays stored as pending; the sweeper retries)
 */
export async function postApprovalMessage(
  deps: AppDeps,
  request: ContactRequest,
  deliveries: DeliveryTracker,
): Promise<ContactRequest | undefined> {
  const key = `post:${request.id}`;
  if (!(await deliveries.due(key))) return undefined;
  const lease = `post:${request.id}`;
  const owner = attemptOwner(deps.instanceId);
  if (!(await deps.store.claim(lease, owner, Math.min(60_000, deps.config.resumeAfterMs)))) return undefined;
  const current = await deps.requests.get(request.id);
  // Pending (buttons), or approving when APPROVAL=auto took it (an FYI); later states need no new post.
  if (!current || current.adminMessage || !isIn(POSTABLE_STATUSES, current.status)) return current;
  // An edit whose current groups are still being read after the ack (submit.ts): the submission posts it once they
  // are known; the sweeper posts it anyway if that has not happened within GROUPS_UNREAD_GRACE_MS.
  if (current.groupsUnread && deps.now() - current.createdAt < GROUPS_UNREAD_GRACE_MS) {
    await deps.store.release(lease, owner);
    return undefined;
  }
  let posted: webApi.ChatPostMessageResponse;
  try {
    posted = await deps.poster.post({
      channel: deps.config.slack.adminChannelId,
      ...buildApprovalMessage(current, deps.config.adminLanguage),
    });
  } catch (error) {
    // Slack refused it (ok:false): nothing was posted, so the next try need not wait for the lease. After a lost
    // answer (5xx, network) the post may exist: the lease then runs out first.
    if (isRefusal(error)) {
      const verdict = await deliveries.refused(key, error, {
        permanentStops: false,
        log: {
          fields: { requestId: request.id, channel: deps.config.slack.adminChannelId },
          message: 'could not post the approval request to SLACK_ADMIN_CHANNEL_ID',
        },
      });
      if (verdict.gaveUp) await deps.requests.forgetUnposted(request.id);
      await deps.store.release(lease, owner);
    }
    throw error;
  }
  if (!posted.channel || !posted.ts) throw new Error('chat.postMessage returned no channel/ts');
  await deliveries.delivered(key);
  return deps.requests.update(request.id, { adminMessage: { channel: posted.channel, ts: posted.ts } });
}

/**
 * Re-renders a request's approval message to its current state (chat.update). Failures are logged, not thrown:
 * the stored request is the truth and the next update repairs the message.
 */
export async function refreshApprovalMessage(
  deps: AppDeps,
  client: webApi.WebClient,
  request: ContactRequest,
): Promise<void> {
  if (!request.adminMessage) return;
  try {
    await client.chat.update({
      channel: request.adminMessage.channel,
      ts: request.adminMessage.ts,
      ...buildApprovalMessage(request, deps.config.adminLanguage),
    });
  } catch (error) {
    deps.logger.error({ err: error, requestId: request.id }, 'could not update the approval message');
  }
}
