import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { RejectModalMetadata } from '../../blocks/reject-modal.js';
import type { AppDeps } from '../../compose.js';
import { messages } from '../../i18n/index.js';
import { decide } from '../../requests/decide.js';
import { refreshApprovalMessage } from '../../slack/approval-message.js';
import { BLOCK_ID } from '../../slack/ids.js';
import { readInput } from './read-state.js';

/**
 * Submission of the reject-reason modal (admin-only, checked again here by middleware since a submission can be
 * forged). Takes the reject decision exactly once; when another decision won meanwhile, the modal shows that
 * inline. Then updates the approval message and DMs the requester with the reason.
 */
export function handleRejectSubmission(deps: AppDeps) {
  return async ({
    ack,
    body,
    view,
    client,
  }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    let requestId = '';
    try {
      requestId = (JSON.parse(view.private_metadata) as RejectModalMetadata).requestId ?? '';
    } catch {
      // handled as "not found" below
    }
    const reason = readInput(view.state?.values, BLOCK_ID.rejectReason)?.trim().slice(0, 1000) || undefined;
    const result = await decide(deps, String(requestId), 'reject', body.user.id, reason);
    if (!result.ok) {
      const locale = await deps.locales.of(body.user.id);
      const m = messages(locale);
      const message =
        result.reason === 'not_found'
          ? m.rejectModal.notFound
          : m.rejectModal.tooLate(m.approval.statusWord[result.request.status]);
      await ack({ response_action: 'errors', errors: { [BLOCK_ID.rejectReason]: message } });
      return;
    }
    await ack();
    await refreshApprovalMessage(deps, client, result.request);
    await deps.notifier.tellRequester(result.request);
  };
}
