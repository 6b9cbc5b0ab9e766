/**
 * The whole life of a contact from Slack, over signed HTTP requests to the real app against the fakes:
 * `/alert-contact status` (stored and live state), `/alert-contact remove` (confirmation → admins → DeleteContact),
 * `/alert-contact pending` (admins), and the App Home tab (app_home_opened → views.publish, its buttons).
 * Each user is answered in their Slack locale: REQUESTER (en-US) in English, OTHER_USER (zh-CN) in Simplified
 * Chinese, so assertions about OTHER_USER's texts use the catalogues.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { zhCn } from '../../src/i18n/zh-cn.js';
import { ACTION_ID, BLOCK_ID, CALLBACK_ID, COMMAND } from '../../src/slack/ids.js';
import { validateMessageBlocks } from '../fakes/block-kit-limits.js';
import type { FakeView } from '../fakes/slack-web-api.js';
import {
  adminMessages,
  type ContactForm,
  clickButton,
  messageText,
  registerThroughApproval,
  submitForApproval,
} from '../helpers/flow.js';
import {
  type AppResponse,
  buildBlockActions,
  buildViewSubmission,
  sendEvent,
  sendInteraction,
  sendSlashCommand,
} from '../helpers/slack-driver.js';
import {
  ADMIN,
  OTHER_USER,
  REQUESTER,
  SECOND_ADMIN,
  SIGNING_SECRET,
  startTestBot,
  type TestBot,
} from '../helpers/test-bot.js';
import { waitUntil, waitUntilQuiet } from '../helpers/wait.js';

const DANA: ContactForm = {
  contactName: 'dana_ops',
  describe: 'DBA on call',
  mail: 'dana.ops@example.com',
  sms: '13800001234',
  lang: 'en',
};
const LI: ContactForm = { contactName: 'li_wei', describe: 'SRE', mail: 'li.wei@example.com' };

interface Message {
  response_type?: string;
  text?: string;
  blocks?: unknown[];
}

/** Runs `/alert-contact <text>` as `userId`. */
async function slash(
  t: TestBot,
  userId: string,
  text: string,
): Promise<{ ack: AppResponse; message: Message; responseUrl: string }> {
  const responseUrl = t.slack.mintResponseUrl();
  const ack = await sendSlashCommand(t.url, SIGNING_SECRET, {
    user_id: userId,
    trigger_id: t.slack.mintTriggerId(),
    response_url: responseUrl,
    text,
  });
  expect(ack.status).toBe(200);
  return { ack, message: (ack.json ?? {}) as Message, responseUrl };
}

/** A button (by action_id, and value when given) in a message's or view's blocks. */
function button(
  blocks: unknown[] | undefined,
  actionId: string,
  value?: string,
): { block_id: string; action_id: string; value?: string } {
  for (const block of (blocks ?? []) as Array<{
    type: string;
    block_id?: string;
    elements?: Array<{ action_id?: string; value?: string }>;
  }>) {
    if (block.type !== 'actions') continue;
    const found = block.elements?.find(
      (element) => element.action_id === actionId && (value === undefined || element.value === value),
    );
    if (found?.action_id) return { block_id: block.block_id ?? '', action_id: found.action_id, value: found.value };
  }
  throw new Error(`no ${actionId}${value ? ` (${value})` : ''} button`);
}

/** Clicks a button of an ephemeral message (as Slack sends it: an ephemeral message container). */
function clickEphemeral(
  t: TestBot,
  userId: string,
  message: Message,
  actionId: string,
  value?: string,
): Promise<AppResponse> {
  const channel = 'C0ALERTS1';
  const ts = `${Math.floor(Date.now() / 1000)}.000900`;
  const payload = buildBlockActions({
    user: { id: userId },
    action: button(message.blocks, actionId, value),
    container: { type: 'message', channel_id: channel, message_ts: ts, is_ephemeral: true },
    message: { ts, text: message.text, blocks: message.blocks },
    triggerId: t.slack.mintTriggerId(),
    responseUrl: t.slack.mintResponseUrl(),
  });
  return sendInteraction(t.url, SIGNING_SECRET, payload);
}

/** Clicks a button on a user's Home tab (a view container, no response_url). */
function clickHome(t: TestBot, userId: string, view: FakeView, actionId: string): Promise<AppResponse> {
  const payload = buildBlockActions({
    user: { id: userId },
    action: button(view.blocks, actionId),
    container: { type: 'view', view_id: view.id },
    view,
    triggerId: t.slack.mintTriggerId({ viewId: view.id }),
  });
  return sendInteraction(t.url, SIGNING_SECRET, payload);
}

/** views.publish calls for one user, oldest first, as the text of their views. */
function publishes(t: TestBot, userId: string): string[] {
  return t.slack
    .callsTo('views.publish')
    .filter((call) => call.ok && call.args.user_id === userId)
    .map((call) => JSON.stringify(call.args.view));
}

let eventCount = 0;
function openHome(t: TestBot, userId: string, tab: 'home' | 'messages' = 'home'): Promise<AppResponse> {
  eventCount += 1;
  const event = {
    type: 'app_home_opened',
    user: userId,
    channel: 'D0HOME001',
    tab,
    event_ts: `${Math.floor(Date.now() / 1000)}.000100`,
  };
  return sendEvent(t.url, SIGNING_SECRET, event, { eventId: `EvHOME${process.pid}x${eventCount}` });
}

/** The newest modal with `callbackId` opened since `before` (a set of view ids). */
function newModal(t: TestBot, before: Set<string>, callbackId: string): Promise<FakeView> {
  return t.slack.waitFor(() =>
    [...t.slack.views.values()].find((view) => !before.has(view.id) && view.callback_id === callbackId),
  );
}

/** The `<!date^SECONDS^…>` seconds of the first date in `text` after `marker`. */
function dateAfter(text: string, marker: string): number | undefined {
  const match = new RegExp(`${marker}[^<]*<!date\\^(\\d+)\\^`).exec(text);
  return match ? Number(match[1]) : undefined;
}

describe('/alert-contact status', () => {
  let t: TestBot;
  beforeEach(async () => {
    // A CloudMonitor timeout well above the slow-answer latency used below, so "slow" never becomes "failed".
    t = await startTestBot({ cmsClient: { timeoutMs: 5_000 } });
  });
  afterEach(async () => {
    await t.close();
  });

  it("with no contact: ephemeral, says so in the user's language, and asks CloudMonitor nothing", async () => {
    // The bot's start-up AccessKey check is the only DescribeContactList before this point.
    await t.slack.waitFor(() => t.cms.requestsFor('DescribeContactList').length > 0 || undefined);
    const before = t.cms.requestsFor('DescribeContactList').length;
    const { message } = await slash(t, OTHER_USER, 'status');
    expect(message.response_type).toBe('ephemeral');
    expect(message.text).toBe(zhCn.status.fallback.noContact);
    expect(messageText(message)).toContain(zhCn.status.noContact);
    expect(messageText(message)).toContain(zhCn.status.howRegister(COMMAND));
    const english = (await slash(t, REQUESTER, 'status')).message;
    expect(english.text).toBe("You don't have an alert contact registered.");
    expect(messageText(english)).toContain(`Register: \`${COMMAND}\``);
    expect(t.cms.requestsFor('DescribeContactList')).toHaveLength(before);
  });

  it('with a registered contact: each channel masked with its live state, the groups, and the next reminder', async () => {
    await registerThroughApproval(t, REQUESTER, DANA);
    t.cms.activate('dana_ops', 'Mail');
    t.cms.seedGroup({ Name: 'dba-oncall', ContactNames: ['dana_ops'] });
    const describes = t.cms.requestsFor('DescribeContactList').length;

    const { message } = await slash(t, REQUESTER, 'status');
    const text = messageText(message);
    expect(message.response_type).toBe('ephemeral');
    expect(t.cms.requestsFor('DescribeContactList')).toHaveLength(describes + 1);
    expect(text).toMatch(/\*Mobile \(SMS\)\* \*{7}1234: :hourglass_flowing_sand: \*waiting for activation\*/);
    expect(text).toMatch(/\*Email\* d\*\*\*@example\.com: :white_check_mark: active/);
    expect(text).not.toContain('13800001234');
    expect(text).not.toContain('dana.ops@example.com');
    expect(text).toContain('*Contact groups*: dba-oncall');
    expect(text).toContain('Live from CloudMonitor');
    expect(message.text).toBe('Your alert contact dana_ops: Email active, Mobile (SMS) pending.');
    expect(validateMessageBlocks(message.blocks)).toEqual([]);
    // The first of REMINDER_DELAYS=1h,1d,3d, one hour after registration.
    const registered = await t.deps.requests.registeredContactOf(REQUESTER);
    expect(dateAfter(text, 'Next activation check and reminder: ')).toBe(
      Math.floor(((registered?.registeredAt ?? 0) + 3_600_000) / 1000),
    );
    expect(text).toContain('(1 of 3)');

    t.cms.activate('dana_ops', 'SMS');
    const after = messageText((await slash(t, REQUESTER, 'status')).message);
    expect(after).toMatch(/\*Mobile \(SMS\)\* \*{7}1234: :white_check_mark: active/);
    expect(after).not.toContain('Next activation check');
  });

  it('with a pending request: what it asks and since when', async () => {
    await submitForApproval(t, REQUESTER, DANA);
    const text = messageText((await slash(t, REQUESTER, 'status')).message);
    expect(text).toMatch(/request to register \*dana_ops\* is waiting for an admin \(sent <!date\^\d+/);
    expect(text).toMatch(/don't have an alert contact registered/);
  });

  it('when CloudMonitor refuses: the stored state, and that the live state is unavailable', async () => {
    await registerThroughApproval(t, REQUESTER, DANA);
    t.cms.injectNext('InvalidAuthorization', { action: 'DescribeContactList' });
    const text = messageText((await slash(t, REQUESTER, 'status')).message);
    expect(text).toMatch(/couldn't reach CloudMonitor \(`InvalidAuthorization`\)/);
    expect(text).toMatch(/live activation state is unavailable/);
    expect(text).toMatch(/\*Mobile \(SMS\)\* \*{7}1234: :grey_question: activation not checked/);
    expect(t.logs.some((line) => line.includes('DescribeContactList failed; showing the stored status'))).toBe(true);
  });

  it('when CloudMonitor is slow: acks with the stored state at once, then responds with the live one', async () => {
    await registerThroughApproval(t, REQUESTER, DANA);
    t.cms.setLatency(2_000, 'DescribeContactList');
    const started = Date.now();
    const { message, responseUrl } = await slash(t, REQUESTER, 'status');
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(messageText(message)).toContain('Asking CloudMonitor for the live activation state');
    const post = await t.slack.waitFor(() =>
      t.slack.responseUrlPosts.find((p) => p.url === responseUrl && p.status === 200),
    );
    expect(post.body).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(post.body)).toContain('Live from CloudMonitor');
  });
});

describe('/alert-contact remove', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ cmsClient: { timeoutMs: 5_000 } });
  });
  afterEach(async () => {
    await t.close();
  });

  it('end to end: confirmation → admins approve → DeleteContact → DM; then no contact, and the name is free', async () => {
    await registerThroughApproval(t, REQUESTER, DANA);
    t.cms.seedContact({ Name: 'ops_lead', Channels: { Mail: 'lead@example.com' } });
    t.cms.seedGroup({ Name: 'dba-oncall', ContactNames: ['dana_ops', 'ops_lead'] });

    const before = new Set(t.slack.views.keys());
    const { ack } = await slash(t, REQUESTER, 'remove');
    expect(ack.body).toBe('');
    const confirm = await newModal(t, before, CALLBACK_ID.removeModal);
    expect(messageText(confirm)).toContain(
      'Remove your alert contact *dana_ops*? Admins approve; then CloudMonitor stops alerting you there',
    );
    expect(confirm.submit).toMatchObject({ text: 'Ask to remove' });

    const submitted = await sendInteraction(
      t.url,
      SIGNING_SECRET,
      buildViewSubmission({ user: { id: REQUESTER }, view: confirm, values: {}, triggerId: t.slack.mintTriggerId() }),
    );
    expect(submitted.json).toMatchObject({ response_action: 'update' });
    expect(JSON.stringify(submitted.json)).toContain('remove *dana_ops* was sent to the alert-contact admins');

    const removal = structuredClone(
      await t.slack.waitFor(() => adminMessages(t).find((m) => messageText(m).includes('Alert contact removal'))),
    );
    expect(messageText(removal)).toContain(`<@${REQUESTER}> asks to remove their alert contact *dana_ops*`);
    // Asking again while the admins decide says so.
    const again = new Set(t.slack.views.keys());
    await slash(t, REQUESTER, 'remove');
    expect(messageText(await newModal(t, again, CALLBACK_ID.removeModal))).toMatch(
      /already asked to remove \*dana_ops\*/,
    );
    expect(messageText((await slash(t, REQUESTER, 'status')).message)).toMatch(
      /request to remove \*dana_ops\* is waiting for an admin/,
    );

    await clickButton(t, ADMIN, removal, ACTION_ID.approve);
    await t.slack.waitFor(() =>
      t.slack.dms(REQUESTER).find((m) => messageText(m).includes('was removed from CloudMonitor')),
    );
    expect(t.cms.requestsFor('DeleteContact').map((r) => r.params.ContactName)).toEqual(['dana_ops']);
    expect(t.cms.contacts.has('dana_ops')).toBe(false);
    expect(t.cms.groups.get('dba-oncall')?.ContactNames).toEqual(['ops_lead']);
    expect(t.cms.requestsFor('PutContactGroup').map((r) => r.params['ContactNames.1'])).toEqual(['ops_lead']);
    expect(messageText(adminMessages(t).find((m) => m.ts === removal.ts) ?? {})).toContain('Removed from CloudMonitor');

    const status = messageText((await slash(t, REQUESTER, 'status')).message);
    expect(status).toMatch(/don't have an alert contact registered/);
    expect(status).not.toContain('dana_ops');

    // The name is free again: someone else registers it.
    await registerThroughApproval(t, OTHER_USER, { ...LI, contactName: 'dana_ops' });
    expect(t.cms.contacts.get('dana_ops')?.Desc).toBe('SRE');
    expect(await t.deps.requests.ownerOf('dana_ops')).toBe(OTHER_USER);
  });

  it("with no contact: the modal says there is nothing to remove; a forged submission can't remove someone else's", async () => {
    await registerThroughApproval(t, REQUESTER, DANA);
    const before = new Set(t.slack.views.keys());
    await slash(t, OTHER_USER, 'remove');
    const nothing = await newModal(t, before, CALLBACK_ID.removeModal);
    expect(nothing.title).toMatchObject({ text: zhCn.remove.outcome.noContact.title });
    expect(messageText(nothing)).toContain(zhCn.remove.outcome.noContact.text);

    // OTHER_USER submits the confirmation Dana was shown: the user is the submitter, who has nothing to remove.
    const dana = new Set(t.slack.views.keys());
    await slash(t, REQUESTER, 'remove');
    const confirm = await newModal(t, dana, CALLBACK_ID.removeModal);
    const forged = await sendInteraction(
      t.url,
      SIGNING_SECRET,
      buildViewSubmission({ user: { id: OTHER_USER }, view: confirm, values: {}, triggerId: t.slack.mintTriggerId() }),
    );
    // Answered in the submitter's language (OTHER_USER: zh-CN), about the submitter's own (absent) contact.
    expect(JSON.stringify(forged.json)).toContain(zhCn.remove.outcome.noContact.text);
    await waitUntilQuiet(t);
    expect(adminMessages(t).filter((m) => messageText(m).includes('Alert contact removal'))).toHaveLength(0);
    expect(await t.deps.requests.openRequestOf(REQUESTER)).toBeUndefined();
    expect(t.cms.contacts.has('dana_ops')).toBe(true);
  });

  it('when opening the removal request is slow: "sending…" at once, then the modal is updated', async () => {
    await registerThroughApproval(t, REQUESTER, DANA);
    const before = new Set(t.slack.views.keys());
    await slash(t, REQUESTER, 'remove');
    const confirm = await newModal(t, before, CALLBACK_ID.removeModal);
    t.cms.setLatency(2_000, 'DescribeContactList');
    const submitted = await sendInteraction(
      t.url,
      SIGNING_SECRET,
      buildViewSubmission({ user: { id: REQUESTER }, view: confirm, values: {}, triggerId: t.slack.mintTriggerId() }),
    );
    expect(JSON.stringify(submitted.json)).toContain('Sending your request to remove *dana_ops*');
    await t.slack.waitFor(() =>
      messageText(t.slack.views.get(confirm.id) ?? {}).includes('was sent to the alert-contact admins'),
    );
    await t.slack.waitFor(() => adminMessages(t).find((m) => messageText(m).includes('Alert contact removal')));
  });

  it('tells the user when Slack does not open the confirmation', async () => {
    await registerThroughApproval(t, REQUESTER, DANA);
    t.slack.failNext('views.open', { error: 'expired_trigger_id' });
    const { responseUrl } = await slash(t, REQUESTER, 'remove');
    const post = await t.slack.waitFor(() => t.slack.responseUrlPosts.find((p) => p.url === responseUrl));
    expect(JSON.stringify(post.body)).toContain("couldn't open the confirmation (Slack said: expired_trigger_id)");
  });
});

describe('/alert-contact pending', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot();
  });
  afterEach(async () => {
    await t.close();
  });

  it('lists open requests oldest first with working Approve buttons; non-admins are refused', async () => {
    const first = await submitForApproval(t, REQUESTER, DANA);
    // The second request must be created in a later millisecond than the first, for "oldest first" to be decided.
    const firstSeenAt = Date.now();
    await waitUntil(() => Date.now() > firstSeenAt);
    const second = await submitForApproval(t, OTHER_USER, LI);
    const firstId = button(first.blocks, ACTION_ID.approve).value ?? '';
    const secondId = button(second.blocks, ACTION_ID.approve).value ?? '';

    const { message } = await slash(t, ADMIN, 'pending');
    expect(message.response_type).toBe('ephemeral');
    const text = messageText(message);
    expect(text.indexOf('dana_ops')).toBeGreaterThan(-1);
    expect(text.indexOf('dana_ops')).toBeLessThan(text.indexOf('li_wei'));
    expect(button(message.blocks, ACTION_ID.approve, firstId).value).toBe(firstId);
    expect(button(message.blocks, ACTION_ID.reject, secondId).value).toBe(secondId);
    // Acks are not checked by the fake Slack (they are HTTP answers), so check them with its validator here.
    expect(validateMessageBlocks(message.blocks)).toEqual([]);

    await clickEphemeral(t, ADMIN, message, ACTION_ID.approve, secondId);
    await t.slack.waitFor(
      () =>
        messageText(adminMessages(t).find((m) => m.ts === second.ts) ?? {}).includes('Registered in CloudMonitor') ||
        undefined,
    );
    expect(t.cms.contacts.has('li_wei')).toBe(true);
    expect((await t.deps.requests.get(firstId))?.status).toBe('pending');
    const rest = messageText((await slash(t, SECOND_ADMIN, 'pending')).message);
    expect(rest).toContain('dana_ops');
    expect(rest).not.toContain('li_wei');

    const refused = await slash(t, REQUESTER, 'pending');
    expect(refused.message).toMatchObject({
      response_type: 'ephemeral',
      text: 'Only alert-contact admins can do this.',
    });
    expect(refused.message.blocks).toBeUndefined();
    // A non-admin replaying the list's button gets the admin gate too.
    await clickEphemeral(t, REQUESTER, message, ACTION_ID.approve, firstId);
    await waitUntilQuiet(t);
    expect((await t.deps.requests.get(firstId))?.status).toBe('pending');
  });

  it('with nothing open: says so', async () => {
    expect(messageText((await slash(t, ADMIN, 'pending')).message)).toContain('No open alert-contact requests');
  });
});

describe('App Home', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot();
  });
  afterEach(async () => {
    await t.close();
  });

  it('publishes the stored status at once, then the live one; Refresh publishes again; Edit opens the form', async () => {
    await registerThroughApproval(t, REQUESTER, DANA);
    t.cms.activate('dana_ops', 'Mail');
    const opened = await openHome(t, REQUESTER);
    expect(opened.status).toBe(200);
    const [stored, live] = await t.slack.waitFor(() =>
      publishes(t, REQUESTER).length >= 2 ? publishes(t, REQUESTER) : undefined,
    );
    expect(stored).toContain('Asking CloudMonitor');
    expect(stored).toContain('activation not checked');
    expect(live).toContain('Live from CloudMonitor');
    expect(live).toMatch(/d\*\*\*@example\.com: :white_check_mark: active/);
    expect(live).toContain('waiting for activation');
    expect(live).not.toContain('13800001234');
    const home = t.slack.homeViews.get(REQUESTER);
    if (!home) throw new Error('no Home view published');
    expect(home.type).toBe('home');
    for (const id of [ACTION_ID.homeEdit, ACTION_ID.homeRemove, ACTION_ID.homeRefresh])
      expect(button(home.blocks, id).block_id).toBe(BLOCK_ID.homeActions);
    expect(() => button(home.blocks, ACTION_ID.homeRegister)).toThrow();

    t.cms.activate('dana_ops', 'SMS');
    expect((await clickHome(t, REQUESTER, home, ACTION_ID.homeRefresh)).status).toBe(200);
    const refreshed = await t.slack.waitFor(() => publishes(t, REQUESTER)[2]);
    expect(refreshed).toMatch(/\*{7}1234: :white_check_mark: active/);

    const beforeEdit = new Set(t.slack.views.keys());
    await clickHome(t, REQUESTER, home, ACTION_ID.homeEdit);
    const form = await newModal(t, beforeEdit, CALLBACK_ID.contactModal);
    expect(JSON.stringify(form.blocks)).toContain(`"${BLOCK_ID.describe}"`);
    expect(JSON.stringify(form.blocks)).toContain('Change your alert contact *dana_ops*');

    // The Messages tab is left alone.
    await openHome(t, REQUESTER, 'messages');
    await waitUntilQuiet(t);
    expect(publishes(t, REQUESTER)).toHaveLength(3);
  });

  it('without a contact: one publish with Register, which opens the form; Remove from the Home tab works and refreshes it', async () => {
    await openHome(t, OTHER_USER);
    const home = await t.slack.waitFor(() => t.slack.homeViews.get(OTHER_USER));
    await waitUntilQuiet(t);
    expect(publishes(t, OTHER_USER)).toHaveLength(1);
    expect(publishes(t, OTHER_USER)[0]).toContain(zhCn.status.noContact);
    const before = new Set(t.slack.views.keys());
    await clickHome(t, OTHER_USER, home, ACTION_ID.homeRegister);
    const form = await newModal(t, before, CALLBACK_ID.contactModal);
    expect(JSON.stringify(form.blocks)).toContain(`"${BLOCK_ID.contactName}"`);

    await registerThroughApproval(t, REQUESTER, DANA);
    await openHome(t, REQUESTER);
    const dana = await t.slack.waitFor(() =>
      publishes(t, REQUESTER).length >= 2 ? t.slack.homeViews.get(REQUESTER) : undefined,
    );
    const modals = new Set(t.slack.views.keys());
    await clickHome(t, REQUESTER, dana, ACTION_ID.homeRemove);
    const confirm = await newModal(t, modals, CALLBACK_ID.removeModal);
    const submitted = await sendInteraction(
      t.url,
      SIGNING_SECRET,
      buildViewSubmission({ user: { id: REQUESTER }, view: confirm, values: {}, triggerId: t.slack.mintTriggerId() }),
    );
    expect(JSON.stringify(submitted.json)).toContain('was sent to the alert-contact admins');
    await t.slack.waitFor(() =>
      publishes(t, REQUESTER).find((view) => view.includes('request to remove *dana_ops* is waiting for an admin')),
    );
  });

  it("when Slack refuses the form, the Home tab says so (no dead end), and it's logged", async () => {
    await registerThroughApproval(t, REQUESTER, DANA);
    await openHome(t, REQUESTER);
    const home = await t.slack.waitFor(() =>
      publishes(t, REQUESTER).length >= 2 ? t.slack.homeViews.get(REQUESTER) : undefined,
    );
    t.slack.failNext('views.open', { error: 'expired_trigger_id' });
    await clickHome(t, REQUESTER, home, ACTION_ID.homeEdit);
    const noted = await t.slack.waitFor(() =>
      publishes(t, REQUESTER).find((view) => view.includes("couldn't open the form (Slack said: expired_trigger_id)")),
    );
    expect(noted).toContain(`"${ACTION_ID.homeEdit}"`);
    expect(t.logs.some((line) => line.includes('App Home button failed'))).toBe(true);
  });
});

describe("each user's Slack language", () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ cmsClient: { timeoutMs: 5_000 } });
  });
  afterEach(async () => {
    await t.close();
  });

  it('status, App Home and remove: Simplified Chinese for a zh-CN user, English for an en-US one; the alert language stays as chosen', async () => {
    await registerThroughApproval(t, REQUESTER, DANA);
    // Li speaks Chinese in Slack but wants CloudMonitor's alerts in English.
    await registerThroughApproval(t, OTHER_USER, { ...LI, lang: 'en' });
    t.cms.seedGroup({ Name: 'sre', ContactNames: ['li_wei'] });

    // `/alert-contact status`: the same builder, each in the user's language.
    const zh = (await slash(t, OTHER_USER, 'status')).message;
    const zhText = messageText(zh);
    expect(zh.text).toBe(
      zhCn.status.fallback.contact('li_wei', `${zhCn.fields['Channels.Mail']}${zhCn.status.fallback.state.pending}`),
    );
    expect(zhText).toContain(zhCn.status.contactHeading('li_wei'));
    expect(zhText).toContain(zhCn.status.languageLine(zhCn.langs.en, ''));
    expect(zhText).toContain(zhCn.status.withHint(zhCn.status.activation.pending, zhCn.status.activationHint.Mail));
    expect(zhText).toContain(zhCn.status.groups('sre'));
    expect(zhText).toContain(zhCn.status.howChange(COMMAND));
    expect(zhText).not.toMatch(/Your alert contact|Channels|Contact groups|Live from CloudMonitor/);
    expect(validateMessageBlocks(zh.blocks)).toEqual([]);
    const enText = messageText((await slash(t, REQUESTER, 'status')).message);
    expect(enText).toContain(en.status.contactHeading('dana_ops'));
    expect(enText).toContain(en.status.groups(en.status.none));
    expect(enText).not.toContain(zhCn.status.contactHeading('dana_ops'));

    // The App Home follows the viewing user's locale: header, body and buttons.
    await openHome(t, OTHER_USER);
    await openHome(t, REQUESTER);
    const [zhHome, enHome] = await t.slack.waitFor(() =>
      publishes(t, OTHER_USER).length >= 2 && publishes(t, REQUESTER).length >= 2
        ? [t.slack.homeViews.get(OTHER_USER), t.slack.homeViews.get(REQUESTER)]
        : undefined,
    );
    const buttonTexts = (view: FakeView | undefined) =>
      ((view?.blocks ?? []) as Array<{ type: string; elements?: Array<{ text?: { text: string } }> }>)
        .flatMap((block) => (block.type === 'actions' ? (block.elements ?? []) : []))
        .map((element) => element.text?.text);
    expect(zhHome?.blocks?.[0]).toMatchObject({ type: 'header', text: { text: zhCn.status.home.header } });
    expect(buttonTexts(zhHome)).toEqual([zhCn.status.home.edit, zhCn.status.home.remove, zhCn.status.home.refresh]);
    expect(JSON.stringify(zhHome?.blocks)).toContain(zhCn.status.contactHeading('li_wei'));
    expect(enHome?.blocks?.[0]).toMatchObject({ type: 'header', text: { text: en.status.home.header } });
    expect(buttonTexts(enHome)).toEqual([en.status.home.edit, en.status.home.remove, en.status.home.refresh]);

    // The remove confirmation and its outcome, in Chinese.
    const before = new Set(t.slack.views.keys());
    await slash(t, OTHER_USER, 'remove');
    const confirm = await newModal(t, before, CALLBACK_ID.removeModal);
    expect(confirm.title).toMatchObject({ text: zhCn.remove.title });
    expect(confirm.submit).toMatchObject({ text: zhCn.remove.submit });
    expect(messageText(confirm)).toContain(zhCn.remove.question('li_wei'));
    const submitted = await sendInteraction(
      t.url,
      SIGNING_SECRET,
      buildViewSubmission({ user: { id: OTHER_USER }, view: confirm, values: {}, triggerId: t.slack.mintTriggerId() }),
    );
    expect(JSON.stringify(submitted.json)).toContain(zhCn.remove.outcome.sent.text('li_wei'));
    expect(messageText((await slash(t, OTHER_USER, 'status')).message)).toContain(
      zhCn.status.requestWhat.remove('li_wei'),
    );

    // Speaking Chinese to the user does not touch the contact's alert language in CloudMonitor: as chosen.
    expect(t.cms.contacts.get('li_wei')?.Lang).toBe('en');
  });
});
