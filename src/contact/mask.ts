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
