import type { en } from '../en.js';

/** 简体中文: the `dm` surface (same keys as src/i18n/en/dm.ts). */
export const dm: (typeof en)['dm'] = {
  registered: (name) => `你的报警联系人 *${name}* 已在云监控中注册。`,
  changed: (name) => `你对报警联系人 *${name}* 的修改已保存到云监控。`,
  claimed: (name) => `你现在是报警联系人 *${name}* 的所有者：\`/alert-contact status\`、修改和删除都可用于它。`,
  allActive: '所有通知方式均已激活，报警将会送达你。',
  allActiveShort: '报警将会送达你。',
  activateToReceive: (channels) => `请激活${channels}以接收报警。`,
  oneMoreStep: '*还差一步：* 手机号码或邮箱激活后，云监控才会向其发送报警。',
  willRemind: '在云监控显示已激活之前，我会持续提醒你。',
  smsLine: (where) => `• *短信* 发送至 ${where}：请打开阿里云短信中的激活链接。`,
  mailLine: (where) => `• *邮件* 发送至 ${where}：请打开阿里云邮件中的激活链接（也请检查垃圾邮件）。`,
  checkNow: '我已激活，立即检查',
  and: '和',
  rejected: (name, by) => `你对报警联系人 *${name}* 的申请已被${by ? ` ${by} ` : ''}拒绝。`,
  rejectedShort: (name) => `你对报警联系人 ${name} 的申请已被拒绝。`,
  sendNew: (command) => `你可以用 \`${command}\` 重新提交。`,
  removed: (name, command) =>
    `你的报警联系人 *${name}* 已从云监控中删除，报警不会再通过它送达你。运行 \`${command}\` 可重新注册。`,
  removedShort: (name) => `你的报警联系人 ${name} 已从云监控中删除。`,
  reminder: (name) => `*提醒：* 你的报警联系人 *${name}* 在激活以下通知方式之前无法接收报警：`,
  reminderShort: (channels, name) => `提醒：请为报警联系人 ${name} 激活${channels}。`,
  linkLost: (command) => `链接丢失或已过期？运行 \`${command}\` 重新提交信息，审批通过后会发送新的链接。`,
  confirmed: (name) => `全部完成：报警联系人 *${name}* 的所有通知方式均已激活，云监控报警将会送达你。`,
  confirmedShort: (name) => `全部完成：${name} 的所有通知方式均已激活。`,
  stillPending: '云监控显示以下通知方式仍未激活：',
  stillPendingShort: (channels) => `仍在等待激活：${channels}。`,
  noContact: (command) => `你还没有通过我注册报警联系人。运行 ${command} 进行注册。`,
  contactGone: (name) => `云监控中已没有名为 ${name} 的联系人。请联系报警联系人管理员。`,
  alreadyActive: '所有通知方式都已激活，报警将会送达你。',
  cmsUnreachable: '暂时无法连接云监控。我会继续检查；你也可以一分钟后再试。',
};
