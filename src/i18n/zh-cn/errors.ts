import {
  ALIIM_MAX_CHARS,
  CONTACT_NAME_CHARS,
  DESCRIBE_MAX_CHARS,
  DOMAIN_LABEL_MAX_OCTETS,
  MAIL_LOCAL_PART_MAX_OCTETS,
} from '../../contact/schema.js';
import type { en } from '../en.js';

/** 简体中文: the `errors` surface (same keys as src/i18n/en/errors.ts). */
export const errors: (typeof en)['errors'] = {
  'input.invalid': '无法读取该值，请重新输入。',
  'text.brokenCharacter': '包含损坏的字符（半个表情符号？），请重新输入。',
  'text.invisibleCharacters': '包含不可见字符或控制字符，请重新输入。',
  'contactName.required': '请输入联系人名称。',
  'contactName.length': `请使用 ${CONTACT_NAME_CHARS.min}–${CONTACT_NAME_CHARS.max} 个字符。`,
  'contactName.characters': '以英文字母或汉字开头，之后只能使用字母、数字、"."、"_" 或 "-"（不能有空格）。',
  'describe.required': '请输入描述，例如你的团队和职责。',
  'describe.tooLong': `最多 ${DESCRIBE_MAX_CHARS} 个字符。`,
  'mail.invalid': '请输入邮箱地址，例如 name@example.com。',
  'mail.tooLong': '该地址太长。',
  'mail.localPartTooLong': `“@”之前的部分超过 ${MAIL_LOCAL_PART_MAX_OCTETS} 个字符，邮件服务器不会接受。请检查地址。`,
  'mail.domainLabelTooLong': `域名中有一段（两个点之间）超过 ${DOMAIN_LABEL_MAX_OCTETS} 个字符，这样的域名无法收信。请检查地址。`,
  'mail.domainLabelHyphen': '域名中有一段（两个点之间）以“-”开头或结尾，这样的域名无法收信。请检查地址。',
  'sms.invalid': '请输入有效的手机号码，例如 138 0000 0000。',
  'sms.notMainland': '云监控只向中国大陆手机号码发送短信报警。请改用邮箱或钉钉。',
  'sms.landline': '这是固定电话号码；短信需要手机号码。',
  'aliIm.tooLong': `最多 ${ALIIM_MAX_CHARS} 个字符。`,
  'dingWebHook.invalid': '请粘贴钉钉机器人的 Webhook 地址：https://oapi.dingtalk.com/robot/send?access_token=…',
  'dingWebHook.tooLong': '该 URL 太长。',
  'dingWebHook.signed':
    '该地址带有钉钉签名（timestamp 和 sign），签名一小时内就会失效，而云监控无法为消息签名。请只粘贴到 access_token 为止的地址，并把机器人的安全设置改为自定义关键词或 IP 地址（段），不要使用加签。',
  'lang.invalid': '请选择自动、English 或简体中文。',
  'channels.atLeastOne': '请至少填写一种联系方式：邮箱、手机号码、旺旺账号或钉钉机器人 Webhook。',
  'channels.atLeastOneInternational':
    '请填写邮箱或钉钉机器人 Webhook：在阿里云国际站，云监控只通过这两种方式发送报警。',
};
