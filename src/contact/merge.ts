import { listsChannel, type RemoteContact } from '../cms/client.js';
import { CHANNELS, type Channel, type Contact, LANGS, type Lang } from './schema.js';

/**
 * A contact as CloudMonitor holds it now (DescribeContactList), in the bot's terms. A channel CloudMonitor lists
 * without its value in clear (masked, or only by its ChannelsState while pending activation: `listsChannel`)
 * keeps the value `known` has; a channel CloudMonitor does not list at all is dropped. A masked value is never
 * taken as the value. A Lang the bot does not offer keeps `known`'s.
 * @param remote the live contact
 * @param known what the bot last knew of the contact (its stored registration), if anything
 */
export function contactFromRemote(remote: RemoteContact, known?: Contact): Contact {
  const channels: Partial<Record<Channel, string>> = {};
  for (const channel of CHANNELS) {
    const value = remote.Channels[channel] ?? (listsChannel(remote, channel) ? known?.Channels[channel] : undefined);
    if (value !== undefined) channels[channel] = value;
  }
  const contact: Contact = { ContactName: remote.ContactName, Describe: remote.Describe, Channels: channels };
  const lang = (LANGS as readonly string[]).includes(remote.Lang ?? '') ? (remote.Lang as Lang) : known?.Lang;
  if (lang) contact.Lang = lang;
  return contact;
}
