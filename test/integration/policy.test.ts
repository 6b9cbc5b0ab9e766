import { afterEach, describe, expect, it } from 'vitest';
import {
  adminMessages,
  clickButton,
  findButton,
  messageText,
  openContactModal,
  registerThroughApproval,
  submitContactModal,
} from '../helpers/flow.js';
import { sendEvent } from '../helpers/slack-driver.js';
import { ADMIN, REQUESTER, SIGNING_SECRET, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { waitUntilQuiet } from '../helpers/wait.js';

const FORM = { contactName: 'dana_ops', describe: 'DBA on call', mail: 'dana.ops@example.com', sms: '13800001234' };

describe('APPROVAL=auto', () => {
  let t: TestBot | undefined;
  afterEach(async () => {
    await t?.close();
  });

  it("registers a user's own new contact at once and posts an FYI without buttons", async () => {
    const bot = await startTestBot({ env: { APPROVAL: 'auto' } });
    t = bot;
    const { view } = await openContactModal(bot, REQUESTER);
    const ack = await submitContactModal(bot, REQUESTER, view, FORM);
    expect(JSON.stringify(ack.json)).toContain('received');
    await bot.slack.waitFor(() => bot.slack.dms(REQUESTER).find((m) => messageText(m).includes('is registered')));
    const fyi = adminMessages(bot)[0];
    expect(fyi).toBeDefined();
    expect(messageText(fyi ?? {})).toContain('Approved automatically');
    expect(fyi && findButton(fyi, 'approve_request')).toBeUndefined();
    expect(bot.cms.requestsFor('PutContact')).toHaveLength(1);
  });

  it('still asks an admin for an overwrite and for an edit that changes a channel; not for a description-only edit', async () => {
    const bot = await startTestBot({ env: { APPROVAL: 'auto' } });
    t = bot;
    bot.cms.seedContact({ Name: 'legacy_ops', Desc: 'by hand', Channels: { Mail: 'old@example.com' } });
    const { view } = await openContactModal(bot, REQUESTER);
    await submitContactModal(bot, REQUESTER, view, { ...FORM, contactName: 'legacy_ops' });
    const overwrite = await bot.slack.waitFor(() => adminMessages(bot)[0]);
    expect(findButton(overwrite, 'approve_request')).toBeDefined();
    expect(bot.cms.requestsFor('PutContact')).toHaveLength(0);
    await clickButton(bot, ADMIN, structuredClone(overwrite), 'approve_request');
    await bot.slack.waitFor(() => bot.slack.dms(REQUESTER).find((m) => messageText(m).includes('is registered')));

    const { view: edit } = await openContactModal(bot, REQUESTER);
    await submitContactModal(bot, REQUESTER, edit, { describe: 'DBA lead', mail: FORM.mail, sms: '13900005678' });
    const channelChange = await bot.slack.waitFor(() => adminMessages(bot)[1]);
    expect(findButton(channelChange, 'approve_request')).toBeDefined();
    await clickButton(bot, ADMIN, structuredClone(channelChange), 'approve_request');
    await bot.slack.waitFor(
      () =>
        bot.slack.dms(REQUESTER).filter((m) => messageText(m).includes('change to alert contact')).length === 1 ||
        undefined,
    );

    const { view: describeOnly } = await openContactModal(bot, REQUESTER);
    await submitContactModal(bot, REQUESTER, describeOnly, {
      describe: 'DBA lead, EMEA',
      mail: FORM.mail,
      sms: '13900005678',
    });
    await bot.slack.waitFor(
      () =>
        bot.slack.dms(REQUESTER).filter((m) => messageText(m).includes('change to alert contact')).length === 2 ||
        undefined,
    );
    const fyi = adminMessages(bot)[2];
    expect(messageText(fyi ?? {})).toContain('Approved automatically');
    expect(bot.cms.contacts.get('legacy_ops')?.Desc).toBe('DBA lead, EMEA');
  });
});

describe('offboarding', () => {
  let t: TestBot | undefined;
  afterEach(async () => {
    await t?.close();
  });

  it('opens a removal request for admins when Slack reports the user deactivated, once per report', async () => {
    const bot = await startTestBot();
    t = bot;
    await registerThroughApproval(bot, REQUESTER, FORM);
    const deactivated = {
      type: 'user_change',
      user: { id: REQUESTER, name: 'dana', deleted: true, profile: {} },
      event_ts: '1700000000.000300',
    };
    await sendEvent(
      bot.url,
      SIGNING_SECRET,
      { ...deactivated, user: { ...deactivated.user, deleted: false } },
      { eventId: 'EvUSER000001' },
    );
    await sendEvent(bot.url, SIGNING_SECRET, deactivated, { eventId: 'EvUSER000002' });
    await sendEvent(bot.url, SIGNING_SECRET, deactivated, {
      eventId: 'EvUSER000002',
      retryNum: 1,
      retryReason: 'http_timeout',
    });
    await sendEvent(bot.url, SIGNING_SECRET, deactivated, { eventId: 'EvUSER000003' }); // a second, separate report
    const removal = await bot.slack.waitFor(() =>
      adminMessages(bot).find((m) => messageText(m).includes('Alert contact removal')),
    );
    await waitUntilQuiet(bot);
    expect(adminMessages(bot).filter((m) => messageText(m).includes('Alert contact removal'))).toHaveLength(1);
    expect(messageText(removal)).toContain('deactivated');
    await clickButton(bot, ADMIN, structuredClone(removal), 'approve_request');
    await bot.slack.waitFor(
      () =>
        messageText(adminMessages(bot).find((m) => m.ts === removal.ts) ?? {}).includes('Removed from CloudMonitor') ||
        undefined,
    );
    expect(bot.cms.contacts.has('dana_ops')).toBe(false);
    expect(bot.cms.requestsFor('DeleteContact')).toHaveLength(1);
    expect(await bot.deps.requests.registeredContactOf(REQUESTER)).toBeUndefined();
  });
});
