import type { Channel, Contact } from '../contact/schema.js';
import { maskEmail, maskPhone, maskWebhook } from '../contact/mask.js';
import { escapeMrkdwn } from './mrkdwn.js';

/** What each PutContact field is called in front of people. */
export const FIELD_LABEL = {
  ContactName: 'Contact name',
  Describe: 'Description',
  'Channels.Mail': 'Email',
  'Channels.SMS': 'Mobile (SMS)',
  'Channels.AliIM': 'TradeManager ID',
  'Channels.DingWebHook': 'DingTalk webhook',
  Lang: 'Alert language',
} as const;

export const LANG_LABEL: Record<string, string> = { en: 'English', 'zh-cn': '简体中文' };

/**
 * A channel value as shown in Slack messages: phone masked but its last 4 digits, e-mail local part masked in
 * DMs only (admins see the full address they approve), webhook token shortened. Escaped for mrkdwn.
 */
export function showChannel(channel: Channel, value: string, audience: 'admin' | 'requester'): string {
  if (channel === 'SMS') return maskPhone(value);
  if (channel === 'Mail') return escapeMrkdwn(audience === 'admin' ? value : maskEmail(value));
  if (channel === 'DingWebHook') return escapeMrkdwn(maskWebhook(value));
  return escapeMrkdwn(value);
}

/** A field's value for display: `—` when empty; Lang shown by name ("automatic" when absent). */
export function showField(field: keyof typeof FIELD_LABEL, contact: Contact | undefined, audience: 'admin' | 'requester'): string {
  if (!contact) return '—';
  if (field === 'ContactName') return escapeMrkdwn(contact.ContactName);
  if (field === 'Describe') return escapeMrkdwn(contact.Describe);
  if (field === 'Lang') return contact.Lang ? (LANG_LABEL[contact.Lang] ?? contact.Lang) : 'automatic';
  const channel = field.slice('Channels.'.length) as Channel;
  const value = contact.Channels[channel];
  return value === undefined ? '—' : showChannel(channel, value, audience);
}
