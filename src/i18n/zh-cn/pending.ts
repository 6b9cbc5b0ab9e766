import type { en } from '../en.js';

/** 简体中文: the pending surface (same keys as src/i18n/en/pending.ts). */
export const pending: (typeof en)['pending'] = {
  none: '没有待处理的报警联系人申请。',
  noneBlock: ':tada: 没有待处理的报警联系人申请：没有需要管理员处理的内容。',
  text: (count, more) => `${count}${more} 个待处理的报警联系人申请，最早的在前。`,
  all: (shown) => `${shown} 个待处理的申请，最早的在前。按钮的作用与管理员频道中的相同，并会更新那里的消息。`,
  some: (shown, total, command) =>
    `显示最早的 ${shown} 个申请（共 ${total} 个）。处理完这些后，再次运行 \`${command} pending\` 查看其余申请。`,
  readFailed: '抱歉，暂时无法读取待处理的申请。请一分钟后再试。',
};
