import type { en } from '../en.js';

/** 简体中文: the `admin` surface (same keys as src/i18n/en/admin.ts). */
export const admin: (typeof en)['admin'] = {
  dmUndeliverable: (who, name, id, code, status) =>
    `:warning: 无法私信 ${who}，告知其对 *${name}* 的申请（\`${id}\`）已处于 ${status} 状态：Slack 返回 \`${code}\`。我不会再尝试，请通过其他方式告诉对方。`,
  notAdmin: '只有报警联系人管理员可以执行此操作。',
  notFound: '找不到该申请了。',
  alreadyDecided: (status) => `该申请已处于 ${status} 状态；未做任何更改。`,
  nothingToReject: (status) => `该申请已处于 ${status} 状态；无需拒绝。`,
  beingDecided: '另一次点击正在处理该申请；未做任何更改。',
  approveFailed: '批准时出错；申请已保留，请重试。',
  rejectFormFailed: 'Slack 未能及时打开拒绝表单；请再次点击“拒绝”。',
};
