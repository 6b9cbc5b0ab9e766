import type { types } from '@slack/bolt';
import type { RemoteContact } from '../cms/client.js';
import { type Locale, messages } from '../i18n/index.js';
import { ADOPT_ACTION_ID } from '../slack/ids.js';
import { showChannel } from './contact-fields.js';
import { escapeMrkdwn, mention, plain, truncate } from './primitives.js';

/** Why an unowned contact has no Slack user to assign (what the admin is told). */
export type AdoptNoMatch =
  | { code: 'noEmail' | 'noSlackUser' | 'lookupFailed' }
  | { code: 'deactivated' | 'userHasRequest'; userId: string }
  | { code: 'userHasContact'; userId: string; contactName: string };

/** One contact nobody owns through the bot, with the Slack user its e-mail matches or why none. */
export interface AdoptRow {
  contact: RemoteContact;
  match?: { userId: string };
  reason?: AdoptNoMatch;
}

/** One page of the adopt list. */
export interface AdoptPage {
  /** 1-based. */
  page: number;
  pageSize: number;
  /** Contacts in CloudMonitor (DescribeContactList's Total). */
  total: number;
  rows: AdoptRow[];
  /** Contacts on this CloudMonitor page that are owned through the bot (not listed). */
  ownedCount: number;
}

/** The value of the Assign / Invite buttons: which contact, whose, and the page to re-render. */
export interface AdoptButtonValue {
  c: string;
  u: string;
  p: number;
}

/**
 * Parses an adopt button's value (untrusted: it comes back in a signed payload, but anyone can craft JSON).
 * @returns undefined when it is not one of ours
 */
export function parseAdoptValue(value: string | undefined): Partial<AdoptButtonValue> | undefined {
  try {
    const parsed = JSON.parse(value ?? '') as unknown;
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { c, u, p } = parsed as Record<string, unknown>;
    return {
      ...(typeof c === 'string' ? { c } : {}),
      ...(typeof u === 'string' && /^[UW][A-Z0-9]{2,}$/.test(u) ? { u } : {}),
      ...(typeof p === 'number' && Number.isInteger(p) && p >= 1 ? { p } : {}),
    };
  } catch {
    return undefined;
  }
}

/**
 * The ephemeral adopt list (admins): a header with the page and the number of contacts in CloudMonitor, then each
 * unowned contact with its e-mail (shown to admins) and masked mobile, the Slack user its e-mail matches with
 * Assign and Invite-to-claim buttons, or the reason there is none; "Assign all N matches on this page" and
 * Previous / Next. At most 15 contacts, 2 blocks each, keeps within Slack's 50 blocks.
 * @param locale the admin's language
 * @param notice a line shown first (the outcome of the last button), already mrkdwn
 */
export function buildAdoptPage(
  locale: Locale,
  page: AdoptPage,
  notice?: string,
): { text: string; blocks: types.KnownBlock[] } {
  const m = messages(locale).adopt;
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  const blocks: types.KnownBlock[] = [];
  if (notice) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(notice, 3000) } });
  blocks.push(
    { type: 'header', text: plain(m.header) },
    { type: 'context', elements: [{ type: 'mrkdwn', text: m.pageLine(page.page, pages, page.total) }] },
  );
  for (const row of page.rows) {
    const { contact } = row;
    const channels = (['Mail', 'SMS'] as const)
      .filter((channel) => contact.Channels[channel])
      .map((channel) => showChannel(channel, contact.Channels[channel] as string, 'admin'));
    const who = row.match ? m.match(mention(row.match.userId)) : reasonText(locale, row.reason);
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `*${escapeMrkdwn(contact.ContactName)}*${channels.length ? ` · ${channels.join(' · ')}` : ''}\n${who}`,
          3000,
        ),
      },
    });
    if (row.match) {
      const value = JSON.stringify({
        c: contact.ContactName,
        u: row.match.userId,
        p: page.page,
      } satisfies AdoptButtonValue);
      blocks.push({
        type: 'actions',
        block_id: `adopt_${blocks.length}`,
        elements: [
          { type: 'button', action_id: ADOPT_ACTION_ID.assign, text: plain(m.assign), style: 'primary', value },
          { type: 'button', action_id: ADOPT_ACTION_ID.invite, text: plain(m.invite), value },
        ],
      });
    }
  }
  const notes: string[] = [];
  if (page.ownedCount > 0) notes.push(m.ownedOnPage(page.ownedCount));
  if (page.rows.length === 0) notes.push(page.ownedCount > 0 ? m.noneOnPage : m.empty);
  if (notes.length > 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: notes.join(' ') }] });
  const matches = page.rows.filter((row) => row.match).length;
  const navigation: types.Button[] = [];
  if (matches > 1)
    navigation.push({
      type: 'button',
      action_id: ADOPT_ACTION_ID.assignAll,
      text: plain(m.assignAll(matches)),
      value: JSON.stringify({ p: page.page }),
    });
  if (page.page > 1)
    navigation.push({
      type: 'button',
      action_id: `${ADOPT_ACTION_ID.page}_prev`,
      text: plain(m.previous),
      value: JSON.stringify({ p: page.page - 1 }),
    });
  if (page.page < pages)
    navigation.push({
      type: 'button',
      action_id: `${ADOPT_ACTION_ID.page}_next`,
      text: plain(m.next),
      value: JSON.stringify({ p: page.page + 1 }),
    });
  if (navigation.length > 0) blocks.push({ type: 'actions', block_id: 'adopt_navigation', elements: navigation });
  return { text: `${m.header}: ${m.pageLine(page.page, pages, page.total)}`, blocks };
}

function reasonText(locale: Locale, reason: AdoptNoMatch | undefined): string {
  const m = messages(locale).adopt.reasons;
  switch (reason?.code) {
    case 'deactivated':
      return m.deactivated(mention(reason.userId));
    case 'userHasRequest':
      return m.userHasRequest(mention(reason.userId));
    case 'userHasContact':
      return m.userHasContact(mention(reason.userId), escapeMrkdwn(reason.contactName));
    case 'noEmail':
    case 'noSlackUser':
    case 'lookupFailed':
      return m[reason.code];
    default:
      return m.noSlackUser;
  }
}
