import type { en } from '../en.js';

/** 简体中文: the adopt surface (same keys as src/i18n/en/adopt.ts). */
export const adopt: (typeof en)['adopt'] = {
  working: ':hourglass_flowing_sand: 正在读取云监控联系人并与 Slack 用户匹配…',
  header: '无人通过本机器人管理的联系人',
  pageLine: (page, pages, total) => `第 ${page} / ${pages} 页 · 云监控中共 ${total} 个联系人`,
  ownedOnPage: (count) => `本页有 ${count} 个联系人已通过本机器人登记（未列出）。`,
  noneOnPage: '本页的联系人均已通过本机器人登记。',
  empty: '云监控在本页没有联系人。',
  match: (user) => `:link: 其邮箱属于 ${user}。`,
  reasons: {
    noEmail: ':grey_question: 无法匹配：该联系人没有邮箱。',
    noSlackUser: ':grey_question: 无法匹配：没有 Slack 用户使用此邮箱。',
    deactivated: (user) => `:grey_question: 无法匹配：其邮箱属于 ${user}，但该用户已停用或是机器人。`,
    userHasContact: (user, name) =>
      `:grey_question: 无法匹配：其邮箱属于 ${user}，该用户已通过本机器人登记了 *${name}*。`,
    userHasRequest: (user) => `:grey_question: 无法匹配：其邮箱属于 ${user}，该用户有待处理的申请。`,
    lookupFailed: ':warning: 暂时无法向 Slack 查询此邮箱属于谁；请稍后再试。',
  },
  assign: '指定',
  invite: '邀请认领',
  assignAll: (count) => `指定本页全部 ${count} 个匹配`,
  previous: '◀ 上一页',
  next: '下一页 ▶',
  assigned: (name, user) => `:white_check_mark: *${name}* 现已归 ${user} 所有。`,
  assignedAll: (done, notDone) => `:white_check_mark: 已指定：${done} 个。无法指定：${notDone} 个。`,
  invited: (name, user) => `:envelope: 已邀请 ${user} 认领 *${name}*。`,
  inviteFailed: (name, user, error) => `:warning: 无法就 *${name}* 私信 ${user}（Slack 返回：${error}）。`,
  refused: {
    contactGone: (name) => `*${name}* 已不在云监控中。`,
    owned: (name) => `*${name}* 现已通过本机器人归他人所有。`,
    userHasContact: (name) => `未指定：此人已通过本机器人登记了联系人（*${name}* 仍无人管理）。`,
    userHasRequest: (name) => `未指定：此人有待处理的申请（*${name}* 仍无人管理）。`,
    noLongerMatches: (name) => `未指定：*${name}* 的邮箱已不再与此人匹配。`,
    failed: (name) => `:warning: 无法指定 *${name}*；请查看日志。`,
  },
  invitation: (name, command) =>
    `报警联系人管理员认为云监控报警联系人 *${name}* 是你的：其邮箱与你 Slack 资料中的邮箱一致。运行 \`${command}\` 即可认领（需管理员批准）；之后 \`${command} status\`、修改和删除都可用于它。`,
  readFailed: '抱歉，暂时无法读取云监控联系人。请一分钟后再试。',
};
