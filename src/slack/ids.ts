/**
 * Every Slack id the app uses, in one place: the slash command, view callback_ids, block_ids and action_ids.
 * Builders, listeners and tests import these; values keep Slack's snake_case.
 */
export const COMMAND = '/alert-contact';

export const CALLBACK_ID = {
  /** The register/edit modal opened by /alert-contact. */
  contactModal: 'alert_contact_modal',
  /** The small modal asking an admin for a rejection reason. */
  rejectModal: 'reject_reason_modal',
  /** The "remove your alert contact?" confirmation opened by `/alert-contact remove` and the App Home. */
  removeModal: 'remove_contact_modal',
} as const;

/** Input blocks of the contact modal; `response_action: "errors"` is keyed by these. */
export const BLOCK_ID = {
  contactName: 'contact_name',
  describe: 'describe',
  mail: 'channels_mail',
  sms: 'channels_sms',
  aliIm: 'channels_aliim',
  dingWebHook: 'channels_dingwebhook',
  lang: 'lang',
  /** The contact-groups multi-select (only when some groups are self-service). */
  groups: 'contact_groups',
  rejectReason: 'reject_reason',
  approvalActions: 'approval_actions',
  activationActions: 'activation_actions',
  /** The buttons of the App Home tab. */
  homeActions: 'home_actions',
} as const;

/** The element inside each input block (one per block, so one id serves all). */
export const INPUT_ACTION_ID = 'value';

export const ACTION_ID = {
  approve: 'approve_request',
  reject: 'reject_request',
  retry: 'retry_request',
  checkActivation: 'check_activation',
  /** App Home buttons: open the contact form (no contact yet / change it), ask to remove it, re-read the status. */
  homeRegister: 'home_register',
  homeEdit: 'home_edit',
  homeRemove: 'home_remove',
  homeRefresh: 'home_refresh',
} as const;

/** Buttons of the `/alert-contact adopt` list (admins): page through it, assign an owner (one, or every match on the page), invite to claim. */
export const ADOPT_ACTION_ID = {
  page: 'adopt_page',
  assign: 'adopt_assign',
  assignAll: 'adopt_assign_all',
  invite: 'adopt_invite',
} as const;
