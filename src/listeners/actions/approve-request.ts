import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { DecisionLane } from '../../app/decision-lane.js';
import type { AppDeps } from '../../compose.js';
import { type Catalogue, messages } from '../../i18n/index.js';
import { carryOutRequest } from '../../requests/carry-out.js';
import { decide } from '../../requests/decide.js';
import { AWAITING_ADMIN_STATUSES, isIn } from '../../requests/request.js';
import { tellUser } from './tell-user.js';

/**
 * Approve (and Retry after a failure) on an approval message. Admin-only (middleware). Acks at once, then, in
 * turn with other clicks (`lane`), takes the decision exactly once (see `decide`) and shows "registering…" on the
 * message; then runs PutContact and the follow-ups (`carryOutRequest`). A click that loses the race gets an
 * ephemeral note and changes nothing.
 * @param action 'approve' for a pending request, 'retry' for a failed one
 * @param lane the queue shared by Approve and Retry clicks (`createDecisionLane`)
 */
export function handleApproveRequest(deps: AppDeps, action: 'approve' | 'retry', lane: DecisionLane) {
  return async ({
    ack,
    body,
    action: button,
    client,
    logger,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const adminId = body.user.id;
    // The admin's language only when there is something to tell them (a store read saved on every click).
    const tell = async (text: (m: Catalogue) => string) =>
      tellUser(client, logger, body, text(messages(await deps.locales.of(adminId))));
    try {
      const result = await lane(async () => {
        const decided = await decide(deps, button.value ?? '', action, adminId);
        if (decided.ok) await deps.notifier.refreshApprovalMessage(decided.request);
        return decided;
      });
      if (!result.ok) {
        // A lost race re-reads the request before the winner has moved it on: it still looks undecided.
        // The message itself is left to whoever won: re-rendering it here could overwrite a newer state.
        await tell((m) =>
          result.reason === 'not_found'
            ? m.admin.notFound
            : isIn(AWAITING_ADMIN_STATUSES, result.request.status)
              ? m.admin.beingDecided
              : m.admin.alreadyDecided(m.approval.statusWord[result.request.status]),
        );
        return;
      }
      await carryOutRequest(deps, result.request.id);
    } catch (error) {
      logger.error({ err: error, requestId: button.value }, `${action} failed`);
      await tell((m) => m.admin.approveFailed);
    }
  };
}
