import type { RemoteContact } from '../cms/client.js';
import { ACTIVATED_CHANNELS, type Channel, type Contact } from '../contact/schema.js';

/**
 * The contact's SMS/Mail channels that CloudMonitor does not yet report as `OK` in ChannelsState
 * (DescribeContactList, CloudMonitor API 2019-01-01: PENDING until the activation link is opened). A channel
 * missing from ChannelsState counts as pending: the safe reading, since whether pending values are listed is
 * undocumented (Terraform's alicloud_cms_alarm_contact docs only say a pending value is not returned until activated:
 * aliyun/terraform-provider-alicloud website/docs/r/cms_alarm_contact.html.markdown).
 */
export function pendingChannels(contact: Contact, remote: RemoteContact): Channel[] {
  return ACTIVATED_CHANNELS.filter(
    (channel) => contact.Channels[channel] !== undefined && remote.ChannelsState[channel] !== 'OK',
  );
}

/**
 * Channels that will need activation after a PutContact, judged without asking CloudMonitor: SMS/Mail that are
 * new or changed compared with `previous` (fallback when DescribeContactList cannot be read).
 */
export function channelsNeedingActivation(contact: Contact, previous?: Contact): Channel[] {
  return ACTIVATED_CHANNELS.filter(
    (channel) => contact.Channels[channel] !== undefined && contact.Channels[channel] !== previous?.Channels[channel],
  );
}
