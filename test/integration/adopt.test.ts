/**
 * `/alert-contact adopt` end to end (real app over signed HTTP, fake Slack + fake CloudMonitor): admins page
 * through the CloudMonitor contacts nobody owns through the bot (one DescribeContactList page per list page, never
 * the whole account), each with the Slack user its e-mail matches (users.lookupByEmail, within Tier 3) or the
 * reason there is none; Assign makes the person the owner (no PutContact; audited with the admin), Assign all does
 * it for every match on the page, Invite DMs the person an invitation to claim it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADOPT_ACTION_ID } from '../../src/slack/ids.js';
import { messageText, openContactModal } from '../helpers/flow.js';
import { buildBlockActions, sendInteraction, sendSlashCommand } from '../helpers/slack-driver.js';
import {
  ADMIN,
  OTHER_USER,
  REQUESTER,
  SECOND_ADMIN,
  SIGNING_SECRET,
  startTestBot,
  type TestBot,
} from '../helpers/test-bot.js';

interface Ephemeral {
  text?: string;
  blocks?: unknown[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `/alert-contact <text>` as `userId`; resolves with the ack and the list posted to its response_url. */
async function adopt(t: TestBot, userId: string, text = 'adopt'): Promise<{ ack: Ephemeral; list: Ephemeral }> {
  const responseUrl = t.slack.mintResponseUrl();
  const ack = await sendSlashCommand(t.url, SIGNING_SECRET, {
    user_id: userId,
    trigger_id: t.slack.mintTriggerId(),
    response_url: responseUrl,
    text,
  });
  expect(ack.status).toBe(200);
  const post = await t.slack.waitFor(() =>
    t.slack.responseUrlPosts.find((p) => p.url === responseUrl && p.status === 200),
  );
  return { ack: (ack.json ?? {}) as Ephemeral, list: post.body as Ephemeral };
}

/** A button of an ephemeral message, by action_id and (optionally) the contact named in its value. */
function button(message: Ephemeral, actionId: string, contactName?: string) {
  for (const block of (message.blocks ?? []) as Array<{
    type: string;
    block_id?: string;
    elements?: Array<{ action_id?: string; value?: string }>;
  }>) {
    if (block.type !== 'actions') continue;
    for (const element of block.elements ?? []) {
      if (element.action_id !== actionId) continue;
      if (contactName && !(element.value ?? '').includes(`"c":${JSON.stringify(contactName)}`)) continue;
      return { block_id: block.block_id ?? '', action_id: element.action_id, value: element.value };
    }
  }
  return undefined;
}

/** Clicks a button of the ephemeral list as `userId`, as Slack does; resolves with the list posted back. */
async function click(
  t: TestBot,
  userId: string,
  message: Ephemeral,
  actionId: string,
  contactName?: string,
): Promise<Ephemeral> {
  const target = button(message, actionId, contactName);
  if (!target) throw new Error(`no ${actionId} ${contactName ?? ''} button`);
  const responseUrl = t.slack.mintResponseUrl();
  const ts = `${Math.floor(Date.now() / 1000)}.000700`;
  const payload = buildBlockActions({
    user: { id: userId },
    action: target,
    container: { type: 'message', channel_id: 'C0ALERTS1', message_ts: ts, is_ephemeral: true },
    message: { ts, text: message.text, blocks: message.blocks },
    triggerId: t.slack.mintTriggerId(),
    responseUrl,
  });
  const ack = await sendInteraction(t.url, SIGNING_SECRET, payload);
  expect(ack.status).toBe(200);
  const post = await t.slack.waitFor(
    () => t.slack.responseUrlPosts.find((p) => p.url === responseUrl && p.status === 200),
    15_000,
  );
  return post.body as Ephemeral;
}

describe('/alert-contact adopt', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot();
    // SECOND_ADMIN owns one contact through the bot (a direct record: the form flow is tested elsewhere).
    t.cms.seedContact({ Name: 'owned_one', Desc: 'Owned', Channels: { Mail: 'owned@example.com' } });
    await t.deps.requests.claimOwnership('owned_one', SECOND_ADMIN);
    t.cms.seedContact({
      Name: 'c_dana',
      Desc: 'Dana (console)',
      Lang: 'en',
      Channels: { Mail: 'Dana.Ops@example.com', SMS: '13800001234' },
    });
    t.cms.seedContact({ Name: 'c_li', Desc: 'Li (console)', Channels: { Mail: 'li.wei@example.com' } });
    t.cms.seedContact({ Name: 'c_nomail', Desc: 'SMS only', Channels: { SMS: '13900000000' } });
    t.cms.seedContact({ Name: 'c_ghost', Desc: 'Left the company', Channels: { Mail: 'ghost@example.com' } });
    // 35 more; those with an even number have a Slack user with that e-mail.
    for (let i = 0; i < 35; i += 1) {
      const n = String(i).padStart(3, '0');
      t.cms.seedContact({ Name: `bulk_${n}`, Desc: `Bulk ${n}`, Channels: { Mail: `bulk${n}@example.com` } });
      if (i % 2 === 0) t.slack.addUser({ id: `U0BULK${n}`, name: `bulk${n}`, email: `bulk${n}@example.com` });
    }
  });
  afterEach(async () => {
    await t.close();
  });

  it('lists unowned contacts a page at a time with their matches or why none; admins only', async () => {
    const refused = await sendSlashCommand(t.url, SIGNING_SECRET, {
      user_id: REQUESTER,
      trigger_id: t.slack.mintTriggerId(),
      response_url: t.slack.mintResponseUrl(),
      text: 'adopt',
    });
    expect(JSON.stringify(refused.json)).toContain('Only alert-contact admins');

    const { ack, list } = await adopt(t, ADMIN);
    expect(ack.text).toContain('Reading CloudMonitor contacts');
    const text = messageText(list);
    expect(text).toContain('Page 1 of 3 · 40 contacts in CloudMonitor');
    expect(text).not.toContain('owned_one');
    expect(text).toContain('1 on this page is owned through the bot');
    expect(text).toContain(`*c_dana* · Dana.Ops@example.com · *******1234\\n:link: Its email is <@${REQUESTER}>'s.`);
    expect(text).toContain(`Its email is <@${OTHER_USER}>'s.`);
    expect(text).toMatch(/c_nomail[^"]*No match: it has no email address/);
    expect(text).toMatch(/c_ghost[^"]*No match: no Slack user has this email address/);
    expect(text).toContain(`<@U0BULK000>`);
    expect(text).not.toContain('bulk_010'); // page 2
    expect(button(list, ADOPT_ACTION_ID.assign, 'c_dana')).toBeDefined();
    expect(button(list, ADOPT_ACTION_ID.assign, 'c_ghost')).toBeUndefined();
    // One DescribeContactList page, never the whole account; one lookup per contact with an e-mail, no 429.
    const lists = t.cms.requestsFor('DescribeContactList').filter((r) => !r.params.ContactName && !r.params.ChanelType);
    expect(lists.map((r) => [r.params.PageNumber, r.params.PageSize])).toEqual([['1', '15']]);
    const lookups = t.slack.callsTo('users.lookupByEmail');
    expect(lookups).toHaveLength(13); // 15 on the page − owned_one − c_nomail
    expect(lookups.every((call) => call.status === 200)).toBe(true);

    // Next page, then a page by number.
    const second = await click(t, ADMIN, list, `${ADOPT_ACTION_ID.page}_next`);
    expect(messageText(second)).toContain('Page 2 of 3');
    expect(messageText(second)).toContain('bulk_010');
    const third = (await adopt(t, ADMIN, 'adopt 3')).list;
    expect(messageText(third)).toContain('Page 3 of 3');
    expect(messageText(third)).toContain('bulk_034');
    expect(button(third, `${ADOPT_ACTION_ID.page}_next`)).toBeUndefined();
  });

  it('Assign: the person owns the contact (no PutContact, DM, audit with the admin); status works; the list drops it', async () => {
    const { list } = await adopt(t, ADMIN);
    const dms = t.slack.dms(REQUESTER).length;
    const after = await click(t, ADMIN, list, ADOPT_ACTION_ID.assign, 'c_dana');
    expect(messageText(after)).toContain(`*c_dana* is now <@${REQUESTER}>'s.`);
    expect(messageText(after)).not.toContain('Dana.Ops@example.com');
    expect(await t.deps.requests.ownerOf('c_dana')).toBe(REQUESTER);
    expect((await t.deps.requests.registeredContactOf(REQUESTER))?.contact.ContactName).toBe('c_dana');
    expect(t.cms.requestsFor('PutContact')).toHaveLength(0);
    const dm = await t.slack.waitFor(() => t.slack.dms(REQUESTER)[dms]);
    expect(messageText(dm)).toContain('You are now the owner of the alert contact *c_dana*');
    const audit = await t.deps.audit.list({ subject: REQUESTER });
    expect(audit.find((entry) => entry.action === 'owner-assigned')).toMatchObject({
      actor: ADMIN,
      contactName: 'c_dana',
    });
    expect(audit.find((entry) => entry.action === 'decision-approve')).toMatchObject({
      actor: ADMIN,
      contactName: 'c_dana',
    });
    const status = await sendSlashCommand(t.url, SIGNING_SECRET, {
      user_id: REQUESTER,
      trigger_id: t.slack.mintTriggerId(),
      response_url: t.slack.mintResponseUrl(),
      text: 'status',
    });
    expect(JSON.stringify(status.json)).toContain('c_dana');
    // A second click on the stale button changes nothing.
    const again = await click(t, ADMIN, list, ADOPT_ACTION_ID.assign, 'c_dana');
    expect(messageText(again)).toContain('Not assigned: the person already has a contact through the bot');
  });

  it('Assign re-checks the match: a contact whose email was changed in the console meanwhile is not assigned', async () => {
    const { list } = await adopt(t, ADMIN);
    t.cms.seedContact({ Name: 'c_li', Desc: 'Li (console)', Channels: { Mail: 'someone.new@example.com' } });
    const after = await click(t, ADMIN, list, ADOPT_ACTION_ID.assign, 'c_li');
    expect(messageText(after)).toContain("Not assigned: *c_li*'s email no longer matches that person.");
    expect(await t.deps.requests.ownerOf('c_li')).toBeUndefined();
    expect(await t.deps.requests.registeredContactOf(OTHER_USER)).toBeUndefined();
    expect(
      (await t.deps.audit.list({ subject: OTHER_USER })).filter((entry) => entry.action === 'owner-assigned'),
    ).toEqual([]);
  });

  it('Assign all: every match on the page, each audited with the admin; the others stay listed with their reasons', async () => {
    const second = await click(t, ADMIN, (await adopt(t, ADMIN)).list, `${ADOPT_ACTION_ID.page}_next`);
    const after = await click(t, ADMIN, second, ADOPT_ACTION_ID.assignAll);
    // Page 2 is bulk_010..bulk_024: the even ones (8) have Slack users.
    expect(messageText(after)).toContain('Assigned: 8. Could not be assigned: 0.');
    for (let i = 10; i < 25; i += 1) {
      const n = String(i).padStart(3, '0');
      expect(await t.deps.requests.ownerOf(`bulk_${n}`)).toBe(i % 2 === 0 ? `U0BULK${n}` : undefined);
    }
    const assigned = (await t.deps.audit.list({ limit: 500 })).filter((entry) => entry.action === 'owner-assigned');
    expect(assigned).toHaveLength(8);
    expect(assigned.every((entry) => entry.actor === ADMIN)).toBe(true);
    expect(messageText(after)).toContain('bulk_011');
    expect(messageText(after)).not.toContain('bulk_012');
    expect(t.cms.requestsFor('PutContact')).toHaveLength(0);
  });

  it('Invite: DMs the person (in their language) an invitation to claim, audited; their form then offers the contact', async () => {
    const { list } = await adopt(t, ADMIN);
    const after = await click(t, ADMIN, list, ADOPT_ACTION_ID.invite, 'c_li');
    expect(messageText(after)).toContain(`<@${OTHER_USER}> is invited to claim *c_li*`);
    const dm = await t.slack.waitFor(() => t.slack.dms(OTHER_USER).at(-1));
    expect(messageText(dm)).toContain('*c_li*');
    expect(messageText(dm)).toContain('认领');
    expect(
      (await t.deps.audit.list({ subject: OTHER_USER })).find((entry) => entry.action === 'claim-invited'),
    ).toMatchObject({ actor: ADMIN, contactName: 'c_li' });
    expect(await t.deps.requests.ownerOf('c_li')).toBeUndefined();
    await sleep(50);
    const { view } = await openContactModal(t, OTHER_USER);
    expect(JSON.stringify(view.blocks)).toContain('c_li');
    expect(JSON.stringify(view.blocks)).not.toContain('"block_id":"contact_name"');
  });
});
