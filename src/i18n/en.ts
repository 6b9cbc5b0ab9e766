import { admin } from './en/admin.js';
import { adopt } from './en/adopt.js';
import { approval } from './en/approval.js';
import { audit } from './en/audit.js';
import { command } from './en/command.js';
import { dm } from './en/dm.js';
import { errors } from './en/errors.js';
import { fields } from './en/fields.js';
import { form } from './en/form.js';
import { langs } from './en/langs.js';
import { pending } from './en/pending.js';
import { rejectModal } from './en/reject-modal.js';
import { remove } from './en/remove.js';
import { status } from './en/status.js';

/**
 * English catalogue. Every message, modal, hint and error the bot shows comes from here or from zh-cn.ts, which
 * must have the same keys (type-checked, and test/unit/i18n/catalogue.test.ts compares them). Functions take
 * values already escaped for mrkdwn where they go into mrkdwn.
 */
export const en = {
  status,
  remove,
  pending,
  adopt,
  audit,
  errors,
  fields,
  langs,
  dm,
  approval,
  form,
  admin,
  command,
  rejectModal,
};

/** The shape every catalogue has: the English one's. */
export type Catalogue = typeof en;
