import type { en } from '../en.js';

/** 简体中文: the `rejectModal` surface (same keys as src/i18n/en/reject-modal.ts). */
export const rejectModal: (typeof en)['rejectModal'] = {
  title: '拒绝申请',
  submit: '拒绝',
  cancel: '取消',
  question: (who, name) => `拒绝 ${who} 对 *${name}* 的申请？`,
  reason: '原因（将发送给申请人）',
  notFound: '找不到该申请了。',
  tooLate: (status) => `来不及了：该申请已处于 ${status} 状态。`,
};
