import type { en } from '../en.js';

/** 简体中文: the `fields` surface (same keys as src/i18n/en/fields.ts). */
export const fields: (typeof en)['fields'] = {
  ContactName: '联系人名称',
  Describe: '描述',
  'Channels.Mail': '邮箱',
  'Channels.SMS': '手机号码（短信）',
  'Channels.AliIM': '旺旺账号',
  'Channels.DingWebHook': '钉钉机器人 Webhook',
  Lang: '报警语言',
};
