/**
 * Masks a phone number for logs and messages: every digit but the last 4 becomes `*`.
 * @example maskPhone('13800001234') === '*******1234'
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  return `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
}

/**
 * Masks an e-mail's local part, keeping its first character and the domain.
 * @example maskEmail('dana.ops@example.com') === 'd***@example.com'
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${[...email][0]}***${email.slice(at)}`;
}

/**
 * Masks a DingTalk webhook's access_token, which is a credential to post into a chat.
 * @example maskWebhook('https://oapi.dingtalk.com/robot/send?access_token=abcdef123456') ends with 'access_token=abcd…'
 */
export function maskWebhook(url: string): string {
  return url.replace(/(access_token=)([^&]{0,4})[^&]*/g, '$1$2…');
}

/** Query parameter names shown (with their values hidden) by {@link hideWebhookToken}; any other name is hidden too. */
const WEBHOOK_PARAMS_SHOWN = new Set(['access_token', 'timestamp', 'sign']);

/**
 * Hides every query value of a DingTalk webhook, the access_token entirely: for people other than its owner
 * (admins). The scheme, host and path stay; each query parameter becomes `name=…`, and a name other than
 * `access_token`, `timestamp` or `sign` (which could itself be a credential, e.g. a percent-encoded
 * `access%5Ftoken`) becomes `…` as well. The fragment, if any, is hidden with the last parameter.
 * @example hideWebhookToken('https://oapi.dingtalk.com/robot/send?access_token=abcdef123456') === 'https://oapi.dingtalk.com/robot/send?access_token=…'
 */
export function hideWebhookToken(url: string): string {
  const question = url.indexOf('?');
  if (question < 0) return url.replace(/#.*/s, '#…');
  const query = url
    .slice(question + 1)
    .split('&')
    .map((part) => {
      if (part === '') return part;
      const name = part.includes('=') ? part.slice(0, part.indexOf('=')) : '';
      return WEBHOOK_PARAMS_SHOWN.has(name) ? `${name}=…` : '…';
    })
    .join('&');
  return `${url.slice(0, question).replace(/#.*/s, '#…')}?${query}`;
}
