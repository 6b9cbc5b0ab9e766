import type { en } from '../en.js';

/** 简体中文: the remove surface (same keys as src/i18n/en/remove.ts). */
export const remove: (typeof en)['remove'] = {
  title: '删除报警联系人',
  submit: '申请删除',
  cancel: '取消',
  close: '关闭',
  question: (name) =>
    `删除你的报警联系人 *${name}*？管理员批准后，云监控将不再通过它向你发送报警，该联系人也会退出所在的联系人组。`,
  changedMind: (command) => `以后改变主意了？可以用 \`${command}\` 重新注册。`,
  outcome: {
    sent: {
      title: '已提交审批',
      text: (name) =>
        `:white_check_mark: 你删除 *${name}* 的申请已发送给报警联系人管理员。完成后我会私信通知你；在此之前报警仍会送达你。`,
    },
    sending: {
      title: '正在发送…',
      text: (name) => `:hourglass_flowing_sand: 正在将你删除 *${name}* 的申请发送给管理员…`,
    },
    noContact: {
      title: '没有可删除的联系人',
      text: ':information_source: 你还没有通过我注册报警联系人，因此没有可删除的内容。（在云监控控制台中添加的联系人需由管理员在控制台中删除。）',
    },
    inProgress: {
      title: '请稍候',
      text: (name) => `:gear: 云监控正在处理对 *${name}* 的更改。请一分钟后再试。`,
    },
    alreadyRequested: {
      title: '已申请过',
      text: (name, since) => `:hourglass: 你已申请删除 *${name}*（${since}），正在等待管理员审批。`,
    },
    error: {
      title: '未发送',
      text: (detail) => `:warning: 出了点问题，申请未发送（${detail}）。请重试。`,
    },
  },
  readFailed: '无法读取你的联系人',
  storeFailed: '无法保存该申请',
  notSent: (name, command) => `你删除 ${name} 的申请未能发送。请用 ${command} remove 重试。`,
  openFailed: (error, command) => `抱歉，无法打开确认窗口（Slack 返回：${error}）。请重新运行 \`${command} remove\`。`,
};
