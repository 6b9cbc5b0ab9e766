import type { App } from '@slack/bolt';
import type { AppDeps } from '../../compose.js';
import { BLOCK_ID, CALLBACK_ID } from '../../slack/ids.js';
import { requireAdmin } from '../middleware/require-admin.js';
import { handleContactSubmission } from './contact-submission.js';
import { handleRejectSubmission } from './reject-submission.js';
import { handleRemoveConfirmation } from './remove-confirmation.js';

/** Modal submissions: the contact form, the admins' reject-reason form, and the remove confirmation. */
export function register(app: App, deps: AppDeps): void {
  app.view(CALLBACK_ID.contactModal, handleContactSubmission(deps));
  app.view(
    CALLBACK_ID.rejectModal,
    requireAdmin(deps.config.slack.adminUserIds, deps.locales, BLOCK_ID.rejectReason),
    handleRejectSubmission(deps),
  );
  app.view(CALLBACK_ID.removeModal, handleRemoveConfirmation(deps));
}
