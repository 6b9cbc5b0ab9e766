import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { refreshApprovalMessage } from '../../approval/admin-message.js';
import { decide } from '../../approval/decide.js';
import { carryOutRequest } from '../../approval/carry-out.js';
import type { AppDeps } from '../../deps.js';
import { messages } from '../../i18n/index.js';
import { tellUser } from './tell-user.js';

/**
 * Approve (and Retry after a failure) on an approval message. Admin-only (middleware). Acks at once, takes the
 * decision exactly once (see `decide`), shows "registering…" on the message, then runs PutContact and the
 * follow-ups (`carryOutRequest`). A click that loses the race gets an ephemeral note and changes nothing.
 * @param action 'approve' for a pending request, 'retry' for a failed one
 */
export function handleApproveRequest(deps: AppDeps, action: 'approve' | 'retry') {
  return async ({ ack, body, action: button, client, logger }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const adminId = body.user.id;
    const m = messages(await deps.locales.of(adminId));
    try {
      const result = await decide(deps, button.value ?? '', action, adminId);
      if (!result.ok) {
        // A lost race re-reads the request before the winner has moved it on: it still looks undecided.
        const text =
          result.reason === 'not_found'
            ? m.admin.notFound
            : ['pending', 'failed'].includes(result.request.status)
              ? m.admin.beingDecided
              : m.admin.alreadyDecided(m.approval.statusWord[result.request.status]);
        // The message itself is left to whoever won: re-rendering it here could overwrite a newer state.
        await tellUser(client, body, text);
        return;
      }
      await refreshApprovalMessage(deps, client, result.request);
      await carryOutRequest(deps, client, result.request.id);
    } catch (error) {
      logger.error({ err: error, requestId: button.value }, `${action} failed`);
      await tellUser(client, body, m.admin.approveFailed);
    }
  };
}
