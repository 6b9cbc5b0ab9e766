import type { webApi } from '@slack/bolt';
import type { ContactPrefill } from '../../blocks/contact-modal.js';
import { CHANNELS, CONTACT_NAME_CHARS, DESCRIBE_MAX_CHARS, parseContact, type Contact } from '../../contact/schema.js';
import type { AppDeps } from '../../deps.js';

/** What the modal starts from, and whether it registers a new contact or changes the user's own. */
export interface ModalStart {
  prefill: ContactPrefill;
  mode: { kind: 'create' } | { kind: 'update'; contactName: string };
  /** mrkdwn lines for the top of the modal. */
  notes: string[];
}

/** A ContactName suggestion from a display name: spaces → `_`, disallowed characters dropped, letter first. */
export function suggestContactName(...candidates: Array<string | undefined>): string | undefined {
  for (const candidate of candidates) {
    if (!candidate) continue;
    const name = candidate
      .normalize('NFKC')
      .trim()
      .replace(/\s+/g, '_')
      .replace(/[^A-Za-z0-9\p{Script=Han}._-]/gu, '')
      .replace(/^[^A-Za-z\p{Script=Han}]+/u, '');
    const cut = [...name].slice(0, CONTACT_NAME_CHARS.max).join('');
    if ([...cut].length >= CONTACT_NAME_CHARS.min) return cut;
  }
  return undefined;
}

/** Slack locale (e.g. `zh-CN`, `en-US`) → PutContact Lang; other locales → automatic. */
export function langFromLocale(locale: string | undefined): ContactPrefill['Lang'] {
  if (!locale) return undefined;
  if (/^zh/i.test(locale)) return 'zh-cn';
  if (/^en/i.test(locale)) return 'en';
  return undefined;
}

function fromContact(contact: Contact): ContactPrefill {
  return { ContactName: contact.ContactName, Describe: contact.Describe, ...contact.Channels, ...(contact.Lang ? { Lang: contact.Lang } : {}) };
}

/**
 * Builds the modal's starting values: the requester's open request (pending or failed) if any, else their
 * registered contact as CloudMonitor has it now (DescribeContactList; an edit), else their Slack profile from users.info with include_locale (real name →
 * ContactName, email, phone if it is an SMS-capable number, locale → Lang). A users.info failure leaves the
 * form empty rather than failing.
 */
export async function loadModalStart(client: webApi.WebClient, deps: Pick<AppDeps, 'requests' | 'cms'>, userId: string): Promise<ModalStart> {
  const { requests } = deps;
  const [open, registered] = await Promise.all([requests.openRequestOf(userId), requests.registeredContactOf(userId)]);
  const mode: ModalStart['mode'] = registered ? { kind: 'update', contactName: registered.contact.ContactName } : { kind: 'create' };
  if (open) {
    const when = open.status === 'failed' ? 'could not be registered yet' : 'is waiting for approval';
    return { prefill: fromContact(open.contact), mode, notes: [`:information_source: Your earlier request ${when}. Submitting this form replaces it.`] };
  }
  if (registered) {
    // Live values from CloudMonitor (someone may have changed the contact in the console); a channel CloudMonitor
    // lists without its value (pending activation) keeps the registered one.
    try {
      const remote = await deps.cms.describeContact(registered.contact.ContactName);
      if (remote) {
        const live: Contact = { ContactName: remote.ContactName, Describe: remote.Describe, Channels: { ...registered.contact.Channels, ...remote.Channels } };
        for (const channel of CHANNELS) if (remote.Channels[channel] === undefined && remote.ChannelsState[channel] === undefined) delete live.Channels[channel];
        if (remote.Lang === 'en' || remote.Lang === 'zh-cn') live.Lang = remote.Lang;
        else if (registered.contact.Lang) live.Lang = registered.contact.Lang;
        return { prefill: fromContact(live), mode, notes: [] };
      }
      return { prefill: fromContact(registered.contact), mode, notes: [":warning: CloudMonitor no longer has this contact; submitting registers it again."] };
    } catch {
      return { prefill: fromContact(registered.contact), mode, notes: [":warning: I couldn't read your contact from CloudMonitor, so the form shows what you registered."] };
    }
  }

  try {
    const { user } = await client.users.info({ user: userId, include_locale: true });
    const profile = user?.profile;
    const realName = profile?.real_name || user?.real_name;
    const phone = profile?.phone ? parseContact({ ContactName: 'xx', Describe: 'x', Channels: { SMS: profile.phone } }) : undefined;
    const describe = [realName, profile?.title].filter(Boolean).join(', ');
    return {
      prefill: {
        ContactName: suggestContactName(realName, profile?.display_name, user?.name),
        Describe: describe ? [...`${describe} (via Slack)`].slice(0, DESCRIBE_MAX_CHARS).join('') : undefined,
        Mail: profile?.email || undefined,
        SMS: phone?.ok ? phone.contact.Channels.SMS : undefined,
        Lang: langFromLocale(user?.locale),
      },
      mode,
      notes: [],
    };
  } catch {
    return { prefill: {}, mode, notes: [":warning: I couldn't read your Slack profile, so the form starts empty."] };
  }
}
