import type { App, BlockButtonAction } from '@slack/bolt';
import { createDecisionLane } from '../../app/decision-lane.js';
import type { AppDeps } from '../../compose.js';
import { ACTION_ID, ADOPT_ACTION_ID } from '../../slack/ids.js';
import { requireAdmin } from '../middleware/require-admin.js';
import { handleAdoptButton } from './adopt-buttons.js';
import { handleApproveRequest } from './approve-request.js';
import { handleCheckActivation } from './check-activation.js';
import { HOME_BUTTON_ACTION_IDS, handleHomeButton } from './home-buttons.js';
import { handleRejectRequest } from './reject-request.js';

/**
 * Buttons: Approve / Reject / Retry on approval messages (admins only), "check now" in activation DMs, and the
 * App Home's Register / Edit / Remove / Refresh.
 */
export function register(app: App, deps: AppDeps): void {
  const adminOnly = requireAdmin(deps.config.slack.adminUserIds, deps.locales);
  const decisions = createDecisionLane();
  app.action<BlockButtonAction>(
    { type: 'block_actions', action_id: ACTION_ID.approve },
    adminOnly,
    handleApproveRequest(deps, 'approve', decisions),
  );
  app.action<BlockButtonAction>(
    { type: 'block_actions', action_id: ACTION_ID.retry },
    adminOnly,
    handleApproveRequest(deps, 'retry', decisions),
  );
  app.action<BlockButtonAction>(
    { type: 'block_actions', action_id: ACTION_ID.reject },
    adminOnly,
    handleRejectRequest(deps),
  );
  app.action<BlockButtonAction>(
    { type: 'block_actions', action_id: ACTION_ID.checkActivation },
    handleCheckActivation(deps),
  );
  // The adopt list (admins): Previous / Next share a prefix (two buttons of one block need distinct action_ids).
  app.action<BlockButtonAction>(
    { type: 'block_actions', action_id: new RegExp(`^${ADOPT_ACTION_ID.page}_`) },
    adminOnly,
    handleAdoptButton(deps, 'page'),
  );
  app.action<BlockButtonAction>(
    { type: 'block_actions', action_id: ADOPT_ACTION_ID.assign },
    adminOnly,
    handleAdoptButton(deps, 'assign'),
  );
  app.action<BlockButtonAction>(
    { type: 'block_actions', action_id: ADOPT_ACTION_ID.assignAll },
    adminOnly,
    handleAdoptButton(deps, 'assignAll'),
  );
  app.action<BlockButtonAction>(
    { type: 'block_actions', action_id: ADOPT_ACTION_ID.invite },
    adminOnly,
    handleAdoptButton(deps, 'invite'),
  );
  for (const actionId of HOME_BUTTON_ACTION_IDS)
    app.action<BlockButtonAction>({ type: 'block_actions', action_id: actionId }, handleHomeButton(deps));
}
