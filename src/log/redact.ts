import { maskEmail, maskPhone, maskWebhook } from '../contact/mask.js';

/** Keys whose values are credentials wherever they appear in a logged object. */
const SECRET_KEY = /token|secret|signature|authorization|password|cookie|access_?key_?secret/i;
/** Keys whose values are phone numbers or e-mail addresses. */
const PHONE_KEY = /^(sms|phone|mobile|channels\.sms)$/i;
const MAIL_KEY = /^(mail|email|channels\.mail)$/i;
const WEBHOOK_KEY = /^(dingwebhook|channels\.dingwebhook|webhook)$/i;

// A mainland mobile in any usual spelling (+86, spaces, dashes), not inside a longer digit run; or any
// international number written with a leading +.
const PHONE_TEXT = /(?<![\d.])(?:(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}|\+\d(?:[\s-]?\d){6,14})(?![\d.])/g;
const MAIL_TEXT = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
// Slack tokens of every family, Slack request signatures, CloudMonitor URL signatures and DingTalk webhook
// tokens, in case they turn up inside a message string.
const TOKEN_TEXT = /\b(?:xox[a-z]|xapp)-[\w-]+|v0=[0-9a-f]{64}|(?<=[?&]Signature=)[^&\s]+/g;
const WEBHOOK_TOKEN_TEXT = /(access_token=)[^&\s]+/g;

/**
 * Returns a copy of `value` that is safe to log: known secret values and Slack tokens become `[Redacted]`,
 * values under secret-looking keys are dropped, phone numbers are masked to their last 4 digits and e-mail
 * local parts to their first character. Depth-limited; cycles are cut.
 * @param secrets exact secret strings (tokens, signing secret, AccessKey secret) to remove from every string
 */
export function scrub(value: unknown, secrets: readonly string[], depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return scrubText(value, secrets);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > 8 || seen.has(value)) return '[…]';
  seen.add(value); // ancestors only: removed again below, so an object met twice (not a cycle) is kept
  try {
    return scrubObject(value, secrets, depth, seen);
  } finally {
    seen.delete(value);
  }
}

function scrubObject(value: object, secrets: readonly string[], depth: number, seen: WeakSet<object>): unknown {
  if (Array.isArray(value)) return value.map((item) => scrub(item, secrets, depth + 1, seen));
  if (value instanceof Error) {
    const error: Record<string, unknown> = { type: value.name, message: scrubText(value.message, secrets) };
    for (const key of ['code', 'requestId', 'httpStatus', 'stack'] as const) {
      const field = (value as unknown as Record<string, unknown>)[key];
      if (field !== undefined) error[key] = scrub(field, secrets, depth + 1, seen);
    }
    return error;
  }
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (SECRET_KEY.test(key)) out[key] = '[Redacted]';
    else if (PHONE_KEY.test(key) && (typeof field === 'string' || typeof field === 'number'))
      out[key] = maskPhone(String(field));
    else if (WEBHOOK_KEY.test(key) && typeof field === 'string') out[key] = maskWebhook(field);
    else if (MAIL_KEY.test(key) && typeof field === 'string') out[key] = maskEmail(field);
    else out[key] = scrub(field, secrets, depth + 1, seen);
  }
  return out;
}

/** {@link scrub} for one string. */
export function scrubText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 6) out = out.split(secret).join('[Redacted]');
  return out
    .replace(TOKEN_TEXT, '[Redacted]')
    .replace(WEBHOOK_TOKEN_TEXT, '$1[Redacted]')
    .replace(PHONE_TEXT, (phone) => maskPhone(phone))
    .replace(MAIL_TEXT, (mail) => maskEmail(mail));
}
