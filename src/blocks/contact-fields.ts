import { hideWebhookToken, maskEmail, maskPhone, maskWebhook } from '../contact/mask.js';
import type { Channel, Contact } from '../contact/schema.js';
import { en } from '../i18n/en.js';
import { type Locale, messages } from '../i18n/index.js';
import { escapeMrkdwn } from './primitives.js';

/** What each PutContact field is called in front of people, in English (other languages: the i18n catalogues). */
export const FIELD_LABEL = en.fields;

/**
 * A channel value as shown in Slack messages: phone masked but its last 4 digits, e-mail local part masked in
 * DMs only (admins see the full address they approve), DingTalk webhook token hidden entirely from admins (it is a
 * credential to post into the owner's chat) and shortened to its first characters for its owner. Escaped for mrkdwn.
 */
export function showChannel(channel: Channel, value: string, audience: 'admin' | 'requester'): string {
  if (channel === 'SMS') return maskPhone(value);
  if (channel === 'Mail') return escapeMrkdwn(audience === 'admin' ? value : maskEmail(value));
  if (channel === 'DingWebHook')
    return escapeMrkdwn(audience === 'admin' ? hideWebhookToken(value) : maskWebhook(value));
  return escapeMrkdwn(value);
}

/** A field's value for display: `—` when empty; Lang shown by name ("automatic" when absent), in `locale`. */
export function showField(
  field: keyof typeof FIELD_LABEL,
  contact: Contact | undefined,
  audience: 'admin' | 'requester',
  locale: Locale = 'en',
): string {
  if (!contact) return '—';
  if (field === 'ContactName') return escapeMrkdwn(contact.ContactName);
  if (field === 'Describe') return escapeMrkdwn(contact.Describe);
  const langs = messages(locale).langs;
  if (field === 'Lang') return contact.Lang ? langs[contact.Lang] : langs.auto;
  const channel = field.slice('Channels.'.length) as Channel;
  const value = contact.Channels[channel];
  return value === undefined ? '—' : showChannel(channel, value, audience);
}
