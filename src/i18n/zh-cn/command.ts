import type { en } from '../en.js';

/** 简体中文: the `command` surface (same keys as src/i18n/en/command.ts). */
export const command: (typeof en)['command'] = {
  intro: (command) => `*${command}*：将自己注册为云监控报警联系人，或修改、删除它。`,
  unknown: (call) => `我不认识 \`${call}\`。`,
  adminsOnly: '（管理员）',
  subcommands: {
    form: '打开表单：注册，或修改你的联系人（已预填）',
    edit: '修改你的联系人（从云监控预填）',
    status: '你的联系人、各通知方式是否已激活、待处理的申请、下一次提醒',
    remove: '申请从云监控中删除你的联系人',
    help: '显示本帮助',
    pending: '待处理的申请（最早的在前），附带批准 / 拒绝按钮',
    audit: '最近的审计记录，可只看某个人',
    adopt: '无人通过本机器人管理的云监控联系人，以及各自邮箱匹配的 Slack 用户：指定所有者或邀请其认领',
  },
  formFailed: (error, command) => `抱歉，无法打开表单（Slack 返回：${error}）。请重新运行 \`${command}\`。`,
};
