import type { RemoteContact } from '../cms/client.js';
import type { AppDeps } from '../compose.js';
import { parseContact } from '../contact/schema.js';
import type { ClaimMatch } from './request.js';

/** How long a claim offered by the form stays valid for its submission, ms (a day: a modal may stay open long). */
export const CLAIM_OFFER_TTL_MS = 24 * 60 * 60_000;

/**
 * A contact the form offered a person to claim, remembered in the store when the form opened, so the submission
 * (which has no ContactName input) knows which contact it claims without trusting anything the client sends.
 */
export interface ClaimOffer {
  contactName: string;
  matchedBy: ClaimMatch;
  /** Epoch ms. */
  offeredAt: number;
}

/** A person's Slack profile values that can match a contact: e-mail and mobile, as typed in Slack. */
export interface ProfileChannels {
  email?: string;
  phone?: string;
}

/** A claimable contact: CloudMonitor's copy and what matched. */
export interface ClaimableContact {
  remote: RemoteContact;
  matchedBy: ClaimMatch;
}

/**
 * A channel value in the bot's normal form (the contact schema's: e-mail with its domain lower-cased, mobile as
 * its 11 digits), or undefined when it is not a valid one.
 */
export function normalizedChannel(channel: ClaimMatch, value: string | undefined): string | undefined {
  if (!value) return undefined;
  const parsed = parseContact({ ContactName: 'xx', Describe: 'x', Channels: { [channel]: value } });
  return parsed.ok ? parsed.contact.Channels[channel] : undefined;
}

/** E-mail addresses compare case-insensitively here (a claim is approved by an admin, who sees both). */
function sameValue(channel: ClaimMatch, a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  return channel === 'Mail' ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/**
 * Finds a CloudMonitor contact the person may claim: one whose e-mail (Channels.Mail) or mobile (Channels.SMS,
 * normalised) is the one in their Slack profile, and that no Slack user owns through the bot (nor has reserved by
 * an approval in progress). Asks DescribeContactList by channel (`ChanelType`/`ChanelValue`), at most one call
 * per channel, never listing the account; the values are compared again here because CloudMonitor's matching
 * rules are not documented. An e-mail match wins over a mobile match; among several, the first by name.
 * @returns undefined when nothing matches (or the profile has neither value)
 * @throws CmsError when CloudMonitor cannot be asked
 */
export async function findClaimableContact(
  deps: Pick<AppDeps, 'cms' | 'requests'>,
  userId: string,
  profile: ProfileChannels,
): Promise<ClaimableContact | undefined> {
  const wanted: Array<[ClaimMatch, string]> = [];
  const mail = normalizedChannel('Mail', profile.email);
  const sms = normalizedChannel('SMS', profile.phone);
  if (mail) wanted.push(['Mail', mail]);
  if (sms) wanted.push(['SMS', sms]);
  const found = await Promise.all(wanted.map(([channel, value]) => deps.cms.findContactsByChannel(channel, value)));
  for (const [index, [channel, value]] of wanted.entries()) {
    const candidates = (found[index] ?? [])
      .filter((remote) =>
        sameValue(channel, normalizedChannel(channel, remote.Channels[channel]) ?? remote.Channels[channel], value),
      )
      .sort((a, b) => (a.ContactName < b.ContactName ? -1 : a.ContactName > b.ContactName ? 1 : 0));
    for (const remote of candidates) {
      const owner = await deps.requests.ownerOf(remote.ContactName);
      if (owner === undefined) return { remote, matchedBy: channel };
      if (owner === userId) continue; // their own (registered, or reserved by their approval in progress)
    }
  }
  return undefined;
}
