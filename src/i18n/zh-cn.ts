import type { Catalogue } from './en.js';
import { admin } from './zh-cn/admin.js';
import { adopt } from './zh-cn/adopt.js';
import { approval } from './zh-cn/approval.js';
import { audit } from './zh-cn/audit.js';
import { command } from './zh-cn/command.js';
import { dm } from './zh-cn/dm.js';
import { errors } from './zh-cn/errors.js';
import { fields } from './zh-cn/fields.js';
import { form } from './zh-cn/form.js';
import { langs } from './zh-cn/langs.js';
import { pending } from './zh-cn/pending.js';
import { rejectModal } from './zh-cn/reject-modal.js';
import { remove } from './zh-cn/remove.js';
import { status } from './zh-cn/status.js';

/** 简体中文 catalogue: the same keys as en.ts (type-checked, and compared by test/unit/i18n/catalogue.test.ts). */
export const zhCn: Catalogue = {
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
