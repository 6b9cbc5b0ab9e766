import {
  ALIIM_MAX_CHARS,
  CONTACT_NAME_CHARS,
  DESCRIBE_MAX_CHARS,
  DOMAIN_LABEL_MAX_OCTETS,
  type ErrorCode,
  MAIL_LOCAL_PART_MAX_OCTETS,
} from '../../contact/schema.js';

/** Inline errors under the form's inputs, one per ErrorCode of src/contact/schema.ts. */
export const errors = {
  'input.invalid': 'This value could not be read. Please retype it.',
  'text.brokenCharacter': 'Contains a broken character (half an emoji?). Please retype it.',
  'text.invisibleCharacters': 'Contains invisible or control characters. Please retype it.',
  'contactName.required': 'Enter a contact name.',
  'contactName.length': `Use ${CONTACT_NAME_CHARS.min}–${CONTACT_NAME_CHARS.max} characters.`,
  'contactName.characters':
    'Start with a letter or Chinese character; then use only letters, digits, ".", "_" or "-" (no spaces).',
  'describe.required': 'Enter a description, e.g. your team and role.',
  'describe.tooLong': `Use at most ${DESCRIBE_MAX_CHARS} characters.`,
  'mail.invalid': 'Enter an email address like name@example.com.',
  'mail.tooLong': 'That address is too long.',
  'mail.localPartTooLong': `The part before "@" is over ${MAIL_LOCAL_PART_MAX_OCTETS} characters, more than mail servers accept. Check the address.`,
  'mail.domainLabelTooLong': `A part of the domain (between dots) is over ${DOMAIN_LABEL_MAX_OCTETS} characters, so no mail server can have it. Check the address.`,
  'mail.domainLabelHyphen':
    'A part of the domain (between dots) starts or ends with "-", so no mail server can have it. Check the address.',
  'sms.invalid': 'Enter a valid mobile number, e.g. 138 0000 0000.',
  'sms.notMainland':
    'CloudMonitor sends SMS alerts to mainland China mobile numbers only. Use email or DingTalk instead.',
  'sms.landline': 'That is a landline; SMS needs a mobile number.',
  'aliIm.tooLong': `Use at most ${ALIIM_MAX_CHARS} characters.`,
  'dingWebHook.invalid': 'Paste the DingTalk chatbot webhook: https://oapi.dingtalk.com/robot/send?access_token=…',
  'dingWebHook.tooLong': 'That URL is too long.',
  'dingWebHook.signed':
    "This URL carries a DingTalk signature (timestamp and sign), which expires within an hour, and CloudMonitor cannot sign its messages. Paste the URL up to the access_token only, and set the robot's security to custom keywords or an IP address range instead of signing.",
  'lang.invalid': 'Choose automatic, English or 简体中文.',
  'channels.atLeastOne': 'Add at least one way to reach you: email, mobile phone, TradeManager ID or DingTalk webhook.',
  'channels.atLeastOneInternational':
    'Add an email address or a DingTalk webhook: on the Alibaba Cloud international site CloudMonitor alerts reach you only through these.',
} satisfies Record<ErrorCode, string>;
