import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { buildRejectModal } from '../../blocks/reject-modal.js';
import type { AppDeps } from '../../compose.js';
import { messages } from '../../i18n/index.js';
import { AWAITING_ADMIN_STATUSES, isIn } from '../../requests/request.js';
import { tellUser } from './tell-user.js';

/**
 * Reject on an approval message (admin-only): opens the reason modal with the click's trigger_id. The decision
 * itself is taken when that modal is submitted (`handleRejectSubmission`), so an Approve in between wins cleanly.
 */
export function handleRejectRequest(deps: AppDeps) {
  return async ({
    ack,
    body,
    action,
    client,
    logger,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const [request, locale] = await Promise.all([deps.requests.get(action.value ?? ''), deps.locales.of(body.user.id)]);
    const m = messages(locale);
    if (!request || !isIn(AWAITING_ADMIN_STATUSES, request.status)) {
      await tellUser(
        client,
        logger,
        body,
        request ? m.admin.nothingToReject(m.approval.statusWord[request.status]) : m.admin.notFound,
      );
      return;
    }
    try {
      await client.views.open({ trigger_id: body.trigger_id, view: buildRejectModal(request, locale) });
    } catch (error) {
      logger.error({ err: error, requestId: request.id }, 'could not open the reject modal');
      await tellUser(client, logger, body, m.admin.rejectFormFailed);
    }
  };
}
