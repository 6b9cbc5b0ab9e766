import { webApi } from '@slack/bolt';
import { buildApprovalMessage } from '../blocks/approval-request.js';
import type { AppDeps } from '../compose.js';
import { POSTABLE_STATUSES, isIn, type ContactRequest } from '../requests/request.js';
import { attemptOwner } from '../store/store.js';

/**
 * Posts the approval message for a new request to SLACK_ADMIN_CHANNEL_ID and records where it is, so later
 * states are shown by chat.update of the same message (never a second post). A lease (`post:<id>`, 60 s) keeps
 * the submission handler and the sweeper from posting the same request twice.
 * @returns the request with its `adminMessage`, or undefined when someone else is posting it right now
 * @throws the Slack Web API error when posting fails (the request stays stored as pending; the sweeper retries)
 */
export async function postApprovalMessage(deps: AppDeps, request: ContactRequest): Promise<ContactRequest | undefined> {
  const lease = `post:${request.id}`;
  const owner = attemptOwner(deps.instanceId);
  if (!(await deps.store.claim(lease, owner, Math.min(60_000, deps.config.resumeAfterMs)))) return undefined;
  const current = await deps.requests.get(request.id);
  // Pending (buttons), or approving when APPROVAL=auto took it (an FYI); later states need no new post.
  if (!current || current.adminMessage || !isIn(POSTABLE_STATUSES, current.status)) return current;
  let posted: webApi.ChatPostMessageResponse;
  try {
    posted = await deps.poster.post({ channel: deps.config.slack.adminChannelId, ...buildApprovalMessage(current, deps.config.adminLanguage) });
  } catch (error) {
    // Slack refused it (ok:false): nothing was posted, so the next try need not wait for the lease. After a lost
    // answer (5xx, network) the post may exist: the lease then runs out first.
    if (error instanceof webApi.WebAPIPlatformError) await deps.store.release(lease, owner);
    throw error;
  }
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
    await client.chat.update({ channel: request.adminMessage.channel, ts: request.adminMessage.ts, ...buildApprovalMessage(request, deps.config.adminLanguage) });
  } catch (error) {
    deps.logger.error({ err: error, requestId: request.id }, 'could not update the approval message');
  }
}
