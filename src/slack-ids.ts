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
  rejectReason: 'reject_reason',
  approvalActions: 'approval_actions',
  activationActions: 'activation_actions',
} as const;

/** The element inside each input block (one per block, so one id serves all). */
export const INPUT_ACTION_ID = 'value';

export const ACTION_ID = {
  approve: 'approve_request',
  reject: 'reject_request',
  retry: 'retry_request',
  checkActivation: 'check_activation',
} as const;
