/**
 * Claiming an existing CloudMonitor contact end to end (real app over signed HTTP, fake Slack + fake CloudMonitor):
 * a contact made in the console whose e-mail or mobile matches the person's Slack profile, owned by nobody through
 * the bot, is offered by `/alert-contact` (name fixed, fields and groups as CloudMonitor has them), found with
 * DescribeContactList by channel (never by listing the account); the admins' message says it is a claim, what
 * matched, and any change side by side; approval records the owner, writing CloudMonitor only when something
 * changed; then status, edit, remove and offboarding work for it. A contact another user owns is never offered.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ContactRequest } from '../../src/requests/request.js';
import { ACTION_ID, BLOCK_ID, CALLBACK_ID } from '../../src/slack/ids.js';
import type { FakeMessage } from '../fakes/slack-web-api.js';
import {
  adminMessages,
  type ContactForm,
  clickButton,
  findButton,
  messageText,
  openContactModal,
  submitContactModal,
} from '../helpers/flow.js';
import { buildViewSubmission, sendEvent, sendInteraction, sendSlashCommand } from '../helpers/slack-driver.js';
import { ADMIN, OTHER_USER, REQUESTER, SIGNING_SECRET, startTestBot, type TestBot } from '../helpers/test-bot.js';

// REQUESTER's Slack profile: dana.ops@example.com, +86 138 0000 1234.
const CONSOLE_CONTACT = {
  Name: 'dana_console',
  Desc: 'Dana (added by ops)',
  Lang: 'en',
  Channels: { Mail: 'dana.ops@example.com', AliIM: 'dana_tm' },
};

async function waitForStatus(t: TestBot, requestId: string, status: ContactRequest['status']): Promise<ContactRequest> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const request = await t.deps.requests.get(requestId);
    if (request?.status === status) return request;
    if (Date.now() > deadline)
      throw new Error(`request ${requestId} is ${request?.status ?? 'missing'}, not ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const textOf = (view: { blocks: unknown[] }) => JSON.stringify(view.blocks);
const hasNameInput = (view: { blocks: unknown[] }) => textOf(view).includes(`"block_id":"${BLOCK_ID.contactName}"`);
const initialValue = (view: { blocks: unknown[] }, blockId: string) =>
  (view.blocks as Array<{ block_id?: string; element?: { initial_value?: string } }>).find(
    (block) => block.block_id === blockId,
  )?.element?.initial_value;
const preselected = (view: { blocks: unknown[] }) =>
  (
    (view.blocks as Array<{ block_id?: string; element?: { initial_options?: Array<{ value: string }> } }>).find(
      (block) => block.block_id === BLOCK_ID.groups,
    )?.element?.initial_options ?? []
  ).map((option) => option.value);

/** Submits `form` on `view` and resolves with the stored request and its approval message (a snapshot). */
async function submitFor(
  t: TestBot,
  userId: string,
  view: Parameters<typeof submitContactModal>[2],
  form: ContactForm,
): Promise<{ request: ContactRequest; message: FakeMessage }> {
  const ack = await submitContactModal(t, userId, view, form);
  expect(ack.json, JSON.stringify(ack.json)).toMatchObject({ response_action: 'update' });
  const request = await t.deps.requests.openRequestOf(userId);
  if (!request) throw new Error('no open request');
  const message = await t.slack.waitFor(() =>
    adminMessages(t).find((m) => messageText(m).includes(request.id) && findButton(m, ACTION_ID.approve)),
  );
  return { request: (await t.deps.requests.get(request.id)) ?? request, message: structuredClone(message) };
}

/** DescribeContactList calls that list contacts without a ContactName or channel filter (i.e. list the account). */
const unfilteredLists = (t: TestBot) =>
  t.cms.requestsFor('DescribeContactList').filter((r) => !r.params.ContactName && !r.params.ChanelType);

describe('claiming an existing contact', () => {
  let t: TestBot | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('by e-mail: offered with its values and groups; the claim message; approval records the owner without writing CloudMonitor; then status, edit and remove', async () => {
    t = await startTestBot();
    t.cms.seedContact(CONSOLE_CONTACT);
    // A second member: CloudMonitor keeps a group's members when none are sent, so the bot never empties a group.
    t.cms.seedContact({ Name: 'ops_lead', Channels: { Mail: 'lead@example.com' } });
    t.cms.seedGroup({ Name: 'db-oncall', Describe: 'DB rota', ContactNames: ['dana_console', 'ops_lead'] });
    t.cms.seedGroup({ Name: 'web-oncall', Describe: 'Web rota' });

    const { view } = await openContactModal(t, REQUESTER);
    expect(hasNameInput(view)).toBe(false);
    expect(textOf(view)).toContain('dana_console');
    expect(textOf(view)).toContain('your email address');
    expect(initialValue(view, BLOCK_ID.describe)).toBe('Dana (added by ops)');
    expect(initialValue(view, BLOCK_ID.aliIm)).toBe('dana_tm');
    expect(preselected(view)).toEqual(['db-oncall']);
    // Found by channel, not by listing every contact.
    const byChannel = t.cms.requestsFor('DescribeContactList').filter((r) => r.params.ChanelType);
    expect(byChannel.map((r) => [r.params.ChanelType, r.params.ChanelValue]).sort()).toEqual([
      ['Mail', 'dana.ops@example.com'],
      ['SMS', '13800001234'],
    ]);
    expect(unfilteredLists(t)).toEqual([]);

    // Submitted as offered: a claim, with nothing to change.
    const { request, message } = await submitFor(t, REQUESTER, view, {
      describe: 'Dana (added by ops)',
      mail: 'dana.ops@example.com',
      aliIm: 'dana_tm',
      lang: 'en',
      groups: ['db-oncall'],
    });
    expect(request).toMatchObject({
      kind: 'claim',
      claim: { matchedBy: 'Mail' },
      contact: { ContactName: 'dana_console' },
      groups: ['db-oncall'],
      previousGroups: ['db-oncall'],
    });
    const text = messageText(message);
    expect(text).toContain('Alert contact claim');
    expect(text).toContain(
      `<@${REQUESTER}> asks to become the owner of the existing CloudMonitor contact *dana_console*`,
    );
    expect(text).toContain(
      "Matched: the email address in their Slack profile (dana.ops@example.com) is this contact's.",
    );
    expect(text).toContain(
      '*What changes*\\nNothing: approving records them as its owner and leaves the contact in CloudMonitor as it is.',
    );

    const dms = t.slack.dms(REQUESTER).length;
    await clickButton(t, ADMIN, message, ACTION_ID.approve);
    await waitForStatus(t, request.id, 'registered');
    expect(t.cms.requestsFor('PutContact')).toHaveLength(0);
    expect(t.cms.requestsFor('PutContactGroup')).toHaveLength(0);
    expect(await t.deps.requests.ownerOf('dana_console')).toBe(REQUESTER);
    expect((await t.deps.requests.registeredContactOf(REQUESTER))?.contact.ContactName).toBe('dana_console');
    const dm = await t.slack.waitFor(() => t!.slack.dms(REQUESTER)[dms]);
    expect(messageText(dm)).toContain('You are now the owner of the alert contact *dana_console*');
    const audit = await t.deps.audit.list({});
    expect(
      audit.some(
        (entry) => entry.action === 'decision-approve' && entry.actor === ADMIN && entry.contactName === 'dana_console',
      ),
    ).toBe(true);

    // status shows it.
    const status = await sendSlashCommand(t.url, SIGNING_SECRET, {
      user_id: REQUESTER,
      trigger_id: t.slack.mintTriggerId(),
      response_url: t.slack.mintResponseUrl(),
      text: 'status',
    });
    expect(JSON.stringify(status.json)).toContain('dana_console');

    // edit: the form is the edit form of dana_console; a changed Describe is written with PutContact.
    const { view: edit } = await openContactModal(t, REQUESTER);
    expect(hasNameInput(edit)).toBe(false);
    expect(textOf(edit)).toContain('Change your alert contact *dana_console*');
    const changed = await submitFor(t, REQUESTER, edit, {
      describe: 'Dana, DBA',
      mail: 'dana.ops@example.com',
      aliIm: 'dana_tm',
      lang: 'en',
      groups: ['db-oncall'],
    });
    expect(changed.request.kind).toBe('update');
    await clickButton(t, ADMIN, changed.message, ACTION_ID.approve);
    await waitForStatus(t, changed.request.id, 'registered');
    expect(t.cms.contacts.get('dana_console')?.Desc).toBe('Dana, DBA');

    // remove: confirmation → admins → DeleteContact.
    const before = new Set(t.slack.views.keys());
    await sendSlashCommand(t.url, SIGNING_SECRET, {
      user_id: REQUESTER,
      trigger_id: t.slack.mintTriggerId(),
      response_url: t.slack.mintResponseUrl(),
      text: 'remove',
    });
    const confirm = await t.slack.waitFor(() =>
      [...t!.slack.views.values()].find((v) => !before.has(v.id) && v.callback_id === CALLBACK_ID.removeModal),
    );
    expect(messageText(confirm)).toContain('dana_console');
    await sendInteraction(
      t.url,
      SIGNING_SECRET,
      buildViewSubmission({ user: { id: REQUESTER }, view: confirm, values: {}, triggerId: t.slack.mintTriggerId() }),
    );
    const removal = structuredClone(
      await t.slack.waitFor(() => adminMessages(t!).find((m) => messageText(m).includes('Alert contact removal'))),
    );
    await clickButton(t, ADMIN, removal, ACTION_ID.approve);
    const removalId = /req_[0-9a-f]{16}/.exec(messageText(removal))?.[0] ?? '';
    await waitForStatus(t, removalId, 'removed');
    expect(t.cms.contacts.has('dana_console')).toBe(false);
    expect(await t.deps.requests.registeredContactOf(REQUESTER)).toBeUndefined();
    expect(await t.deps.requests.ownerOf('dana_console')).toBeUndefined();
  });

  it('by mobile (normalised): offered; a change is shown side by side and written with PutContact; groups untouched; offboarding then removes it', async () => {
    t = await startTestBot();
    t.cms.seedContact({
      Name: 'dana_phone',
      Desc: 'On-call phone',
      Lang: 'en',
      Channels: { SMS: '13800001234', Mail: 'someone.else@example.com' },
    });
    t.cms.seedContact({ Name: 'ops_lead', Channels: { Mail: 'lead@example.com' } });
    t.cms.seedGroup({ Name: 'db-oncall', Describe: 'DB rota', ContactNames: ['dana_phone', 'ops_lead'] });

    const { view } = await openContactModal(t, REQUESTER);
    expect(hasNameInput(view)).toBe(false);
    expect(textOf(view)).toContain('dana_phone');
    expect(textOf(view)).toContain('your mobile number');
    const { request, message } = await submitFor(t, REQUESTER, view, {
      describe: 'Dana Ops, DBA',
      sms: '13800001234',
      mail: 'someone.else@example.com',
      lang: 'en',
      groups: ['db-oncall'],
    });
    expect(request).toMatchObject({ kind: 'claim', claim: { matchedBy: 'SMS' } });
    const text = messageText(message);
    expect(text).toMatch(/Matched: the mobile number in their Slack profile \(\*+1234\)/);
    expect(text).toContain('On-call phone → Dana Ops, DBA');
    await clickButton(t, ADMIN, message, ACTION_ID.approve);
    await waitForStatus(t, request.id, 'registered');
    const puts = t.cms.requestsFor('PutContact');
    expect(puts).toHaveLength(1);
    expect(puts[0]?.params).toMatchObject({
      ContactName: 'dana_phone',
      Describe: 'Dana Ops, DBA',
      'Channels.SMS': '13800001234',
    });
    expect(t.cms.requestsFor('PutContactGroup')).toHaveLength(0);
    expect(t.cms.groups.get('db-oncall')?.ContactNames).toEqual(['dana_phone', 'ops_lead']);

    // Offboarding: Slack reports the person deactivated → a removal request for the claimed contact.
    const deactivated = {
      type: 'user_change',
      user: { id: REQUESTER, name: 'dana', deleted: true, profile: {} },
      event_ts: '1700000000.000300',
    };
    await sendEvent(t.url, SIGNING_SECRET, deactivated, { eventId: 'EvCLAIM00001' });
    const removal = structuredClone(
      await t.slack.waitFor(() => adminMessages(t!).find((m) => messageText(m).includes('Alert contact removal'))),
    );
    expect(messageText(removal)).toContain('dana_phone');
    await clickButton(t, ADMIN, removal, ACTION_ID.approve);
    await t.slack.waitFor(() => (t!.cms.contacts.has('dana_phone') ? undefined : true));
  });

  it('a contact someone else came to own while the form was open is refused inline, nothing stored', async () => {
    t = await startTestBot();
    t.cms.seedContact(CONSOLE_CONTACT);
    const { view } = await openContactModal(t, REQUESTER);
    expect(textOf(view)).toContain('dana_console');
    await t.deps.requests.claimOwnership('dana_console', OTHER_USER); // e.g. an admin assigned it meanwhile
    const ack = await submitContactModal(t, REQUESTER, view, { describe: 'Dana', mail: 'dana.ops@example.com' });
    expect(ack.json).toMatchObject({
      response_action: 'errors',
      errors: { [BLOCK_ID.describe]: expect.stringContaining('Someone else has claimed this contact') },
    });
    expect(await t.deps.requests.openRequestOf(REQUESTER)).toBeUndefined();
  });

  it('never offers a contact another Slack user owns through the bot', async () => {
    t = await startTestBot();
    // OTHER_USER registers a contact with REQUESTER's e-mail through the bot.
    const { view: other } = await openContactModal(t, OTHER_USER);
    const { request, message } = await submitFor(t, OTHER_USER, other, {
      contactName: 'shared_mail',
      describe: 'Team mailbox',
      mail: 'dana.ops@example.com',
    });
    await clickButton(t, ADMIN, message, ACTION_ID.approve);
    await waitForStatus(t, request.id, 'registered');

    const { view: first } = await openContactModal(t, REQUESTER);
    expect(hasNameInput(first)).toBe(true);
    expect(textOf(first)).not.toContain('shared_mail');
    // "Nothing to claim" is remembered for a few minutes: opening the form again asks CloudMonitor nothing by channel.
    const byChannel = t.cms.requestsFor('DescribeContactList').filter((r) => r.params.ChanelType).length;
    const { view } = await openContactModal(t, REQUESTER);
    expect(t.cms.requestsFor('DescribeContactList').filter((r) => r.params.ChanelType)).toHaveLength(byChannel);
    // Submitting the plain form registers a new contact, not a claim.
    const mine = await submitFor(t, REQUESTER, view, {
      contactName: 'dana_ops',
      describe: 'DBA',
      mail: 'dana.ops@example.com',
    });
    expect(mine.request.kind).toBe('create');
    expect(await t.deps.requests.claimOfferOf(REQUESTER)).toBeUndefined();
  });

  it("while CloudMonitor's queue is longer than the claim lookup may wait, a first-time form opens at once as a new contact", async () => {
    // One CloudMonitor call per second: the people opening the form before fill the queue.
    t = await startTestBot({ env: { CMS_CALLS_PER_SECOND: '1' } });
    const bot = t;
    bot.cms.seedContact(CONSOLE_CONTACT);
    const others = ['U0QUEUE01', 'U0QUEUE02', 'U0QUEUE03'];
    others.forEach((id, n) => bot.slack.addUser({ id, name: `queue${n}`, email: `queue${n}@example.com` }));
    await Promise.all(others.map((id) => openContactModal(bot, id)));
    const opened = (method: string) =>
      bot.slack.calls.filter((call) => call.method === method && call.ok).map((call) => call.args);
    const [opensBefore, updatesBefore] = [opened('views.open').length, opened('views.update').length];

    const { view } = await openContactModal(bot, REQUESTER);
    // The form itself, with one views.open: no placeholder modal filled in later.
    expect(opened('views.open')).toHaveLength(opensBefore + 1);
    expect(opened('views.update')).toHaveLength(updatesBefore);
    // Offered as a new contact (the lookup was dropped unsent); the person can still register.
    expect(hasNameInput(view)).toBe(true);
    expect(await t.deps.requests.claimOfferOf(REQUESTER)).toBeUndefined();
  });
});
