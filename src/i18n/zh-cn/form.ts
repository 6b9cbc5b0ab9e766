import { ALIIM_MAX_CHARS, CONTACT_NAME_CHARS, DESCRIBE_MAX_CHARS } from '../../contact/schema.js';
import type { en } from '../en.js';

/** 简体中文: the `form` surface (same keys as src/i18n/en/form.ts). */
export const form: (typeof en)['form'] = {
  title: '报警联系人',
  submit: '提交审批',
  cancel: '取消',
  close: '关闭',
  loading: ':hourglass_flowing_sand: 正在读取你的 Slack 资料…',
  introCreate:
    '将自己注册为云监控报警联系人。管理员批准后，云监控会向你的手机和邮箱发送*激活链接*，打开链接后即可接收报警。',
  introClaim: (name, what) =>
    `云监控中已有报警联系人 *${name}*，其中有${what}，且尚无人通过本机器人管理它。提交即可认领（需管理员批准）；可以修改任何内容，也可以保持不变。`,
  claimWhat: { Mail: '你 Slack 资料中的邮箱', SMS: '你 Slack 资料中的手机号码' },
  introUpdate: (name) => `修改你的报警联系人 *${name}*。管理员批准修改后，新的手机号码或邮箱会收到新的*激活链接*。`,
  contactNameHint: `你在云监控中显示的名称。${CONTACT_NAME_CHARS.min}–${CONTACT_NAME_CHARS.max} 个字符：字母（含汉字）、数字、"."、"_" 或 "-"，以字母或汉字开头。之后不能修改。`,
  contactNamePlaceholder: '例如 dana_ops',
  profileSeparator: '，',
  viaSlack: (text) => `${text}（通过 Slack）`,
  describeHint: `向看报警的人说明你是谁，例如团队和职责。最多 ${DESCRIBE_MAX_CHARS} 个字符。`,
  mailHint: '云监控会向该地址发送激活邮件；打开其中的链接后才能接收报警。',
  smsLabel: '接收短信的手机号码',
  smsHint: '中国大陆手机号码（例如 138 0000 0000）。云监控会向其发送激活短信。',
  aliImHint: `你的阿里旺旺账号，仅限中国站。最多 ${ALIIM_MAX_CHARS} 个字符。`,
  dingWebHookLabel: '钉钉机器人 Webhook',
  dingWebHookHint:
    '钉钉群机器人的 Webhook 地址：https://oapi.dingtalk.com/robot/send?access_token=… 机器人的安全设置请选择自定义关键词（云监控报警中会出现的词）或 IP 地址（段）：云监控不会为消息签名，设置为“加签”的机器人收不到报警。',
  langHint: '云监控发给你的报警所用的语言。',
  channelsIntro: '*云监控如何联系你*\n邮箱、手机号码、旺旺账号、钉钉机器人 Webhook 至少填写一项。',
  langAuto: '自动（按账号所在地域）',
  groupsLabel: '报警联系人组',
  groupsHint: '云监控会把一个组的报警发给组内所有联系人。选择你想接收报警的组；取消选择即退出该组。',
  groupsPlaceholder: '选择联系人组',
  groupsTypeaheadPlaceholder: '输入以搜索联系人组',
  notes: {
    earlierPending: ':information_source: 你之前的申请正在等待审批。提交此表单将替换它。',
    earlierFailed: ':information_source: 你之前的申请尚未注册成功。提交此表单将替换它。',
    groupsUnlisted: ':warning: 无法从云监控读取报警联系人组，此表单不会更改你所在的组。',
    groupsUnread: ':warning: 无法从云监控读取你所在的报警联系人组，此表单不会更改它们。',
    contactGone: ':warning: 云监控中已没有这个联系人；提交将重新注册它。',
    contactUnread: ':warning: 无法从云监控读取你的联系人，表单显示的是你注册时的内容。',
    profileUnread: ':warning: 无法读取你的 Slack 资料，表单为空。',
    claimGone: ':warning: 你要认领的联系人已归他人所有或已不存在；提交将注册一个新联系人。',
  },
  nameTaken: '该名称已被其他人注册，请换一个。',
  claimTaken: '在此期间已有其他人认领了该联系人。请关闭表单并再次运行 /alert-contact 注册你自己的联系人。',
  earlierInProgress: '你之前的申请正在注册中，请一分钟后再试。',
  tooMany: (count, window) => `你在最近 ${window}内已提交 ${count} 次申请，请稍后再提交。`,
  minutes: (n) => `${n} 分钟`,
  seconds: (n) => `${n} 秒`,
  noChangesTitle: '没有修改',
  noChanges: (name) => `你的报警联系人 *${name}* 已是这些值，无需审批。`,
  sentTitle: '已提交审批',
  sent: (name) => `:white_check_mark: 你对 *${name}* 的申请已发送给报警联系人管理员。审批后我会私信通知你。`,
  postingTitle: '申请已保存',
  posting: (name) => `:hourglass_flowing_sand: 你对 *${name}* 的申请已保存，正在发送给报警联系人管理员…`,
  savedTitle: '申请已保存',
  saved: (name) =>
    `:floppy_disk: 你对 *${name}* 的申请已保存，但暂时无法发送给报警联系人管理员。我会继续尝试，并私信告诉你结果。`,
  ackLostSent: (name) =>
    `:white_check_mark: 你提交时 Slack 可能显示了错误，但你对 *${name}* 的申请已收到，并已发送给报警联系人管理员。无需再次提交；审批后我会私信通知你。`,
  ackLostSaved: (name) =>
    `:floppy_disk: 你提交时 Slack 可能显示了错误，但你对 *${name}* 的申请已收到并保存。暂时无法发送给报警联系人管理员；我会继续尝试，并私信告诉你结果。无需再次提交。`,
  ackLostReceived: (name) =>
    `:white_check_mark: 你提交时 Slack 可能显示了错误，但你对 *${name}* 的申请已收到。无需再次提交；完成后我会私信通知你。`,
  storeUnavailable: '暂时无法保存你的申请（机器人的数据库没有响应），请稍后再试。',
  receivedTitle: '已收到申请',
  received: (name) =>
    `:white_check_mark: 已收到你对 *${name}* 的申请。完成后我会私信通知你（如果会覆盖已有内容或修改通知方式，会先由管理员审核）。`,
  notPosted: (name, id, error, channel) =>
    `你对 ${name} 的申请已保存（\`${id}\`），但暂时无法发到管理员频道（Slack 返回：${error}）。我会继续尝试；如果一直失败，请让报警联系人管理员把我邀请到 ${channel}。`,
  groupsUnavailable: '暂时无法向云监控核对联系人组，请稍后再提交。',
  groupNotOffered: (names) => `${names}：不是你可以在这里加入的联系人组（可能已被删除）。请取消选择后再提交。`,
};
