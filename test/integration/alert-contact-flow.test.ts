import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { zhCn } from '../../src/i18n/zh-cn.js';
import { BLOCK_ID } from '../../src/slack/ids.js';
import {
  adminMessages,
  clickButton,
  findButton,
  messageText,
  openContactModal,
  submitContactModal,
} from '../helpers/flow.js';
import { ADMIN, ADMIN_CHANNEL, OTHER_USER, REQUESTER, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { waitUntilQuiet } from '../helpers/wait.js';

const DANA = {
  contactName: 'Dana_Ops',
  describe: 'Dana Ops, DBA (via Slack)',
  mail: 'dana.ops@example.com',
  sms: '+86 138 0000 1234',
  lang: 'en',
};

function inputInitial(view: { blocks: unknown[] }, blockId: string): unknown {
  const block = (
    view.blocks as Array<{
      block_id?: string;
      element?: { initial_value?: string; initial_option?: { value: string } };
    }>
  ).find((candidate) => candidate.block_id === blockId);
  return block?.element?.initial_value ?? block?.element?.initial_option?.value;
}

describe('/alert-contact end to end (HTTP mode, signed requests, fake Slack + fake CloudMonitor)', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ env: { REMINDER_DELAYS: '1s,3s' } });
  });
  afterEach(async () => {
    await t.close();
  });

  it('opens a modal prefilled from the Slack profile', async () => {
    const { ack, view } = await openContactModal(t, REQUESTER);
    expect(ack.status).toBe(200);
    expect(inputInitial(view, BLOCK_ID.contactName)).toBe('Dana_Ops');
    expect(inputInitial(view, BLOCK_ID.mail)).toBe('dana.ops@example.com');
    expect(inputInitial(view, BLOCK_ID.sms)).toBe('13800001234');
    expect(inputInitial(view, BLOCK_ID.lang)).toBe('en');
    expect(inputInitial(view, BLOCK_ID.describe)).toBe('Dana Ops, DBA (via Slack)');
    const usersInfo = t.slack.callsTo('users.info').find((call) => call.args.user === REQUESTER);
    expect(String(usersInfo?.args.include_locale)).toBe('true');
    expect(JSON.stringify(view.blocks)).toMatch(/activation link/i);
  });

  it('registers a contact: submission → admin approval → PutContact → DM → reminders → confirmation', async () => {
    const { view } = await openContactModal(t, REQUESTER);
    const submitted = await submitContactModal(t, REQUESTER, view, DANA);
    expect(submitted.status).toBe(200);
    expect(submitted.json).toMatchObject({ response_action: 'update' });
    expect(JSON.stringify(submitted.json)).toMatch(/sent to the alert-contact admins/);

    const posted = await t.slack.waitFor(() => adminMessages(t)[0]);
    const text = messageText(posted);
    expect(text).toContain(`<@${REQUESTER}>`);
    expect(text).toContain('Dana_Ops');
    expect(text).toContain('*******1234');
    expect(text).not.toContain('13800001234');
    expect(findButton(posted, 'approve_request')).toBeDefined();
    expect(findButton(posted, 'reject_request')).toBeDefined();
    const requestId = findButton(posted, 'approve_request')?.value ?? '';
    expect((await t.deps.requests.get(requestId))?.status).toBe('pending');

    expect((await clickButton(t, ADMIN, posted, 'approve_request')).status).toBe(200);
    await t.slack.waitFor(() => messageText(adminMessages(t)[0] ?? {}).includes('Registered in CloudMonitor'));

    const put = t.cms.requestsFor('PutContact');
    expect(put).toHaveLength(1);
    expect(put[0]?.method).toBe('POST');
    expect(put[0]?.params).toMatchObject({
      ContactName: 'Dana_Ops',
      Describe: 'Dana Ops, DBA (via Slack)',
      'Channels.Mail': 'dana.ops@example.com',
      'Channels.SMS': '13800001234',
      Lang: 'en',
    });
    expect(Object.keys(put[0]?.params ?? {})).not.toContain('Channels.AliIM');
    expect(Object.values(put[0]?.params ?? {})).not.toContain('undefined');
    const decided = adminMessages(t)[0];
    expect(decided && findButton(decided, 'approve_request')).toBeUndefined();
    expect(messageText(decided ?? {})).toContain(`Approved by <@${ADMIN}>`);
    expect((await t.deps.requests.get(requestId))?.status).toBe('registered');

    const dm = await t.slack.waitFor(() =>
      t.slack.dms(REQUESTER).find((message) => messageText(message).includes('is registered')),
    );
    expect(messageText(dm)).toContain('*******1234');
    expect(messageText(dm)).toContain('SMS');
    expect(messageText(dm)).toContain('Email');

    // First reminder (1 s): both channels still PENDING.
    const reminder = await t.slack.waitFor(
      () => t.slack.dms(REQUESTER).find((message) => messageText(message).includes('Reminder')),
      6_000,
    );
    expect(messageText(reminder)).toContain('SMS');
    expect(messageText(reminder)).toContain('Email');
    t.cms.activate('Dana_Ops', 'SMS');
    t.cms.activate('Dana_Ops', 'Mail');
    // Second reminder (3 s) finds everything active → one confirmation, no further reminder.
    await t.slack.waitFor(
      () => t.slack.dms(REQUESTER).find((message) => messageText(message).includes('All set')),
      6_000,
    );
    await waitUntilQuiet(t, { quietMs: 800 });
    const dms = t.slack.dms(REQUESTER).map(messageText);
    expect(dms.filter((m) => m.includes('Reminder'))).toHaveLength(1);
    expect(dms.filter((m) => m.includes('All set'))).toHaveLength(1);
  });

  it('refuses approval by a non-admin with an ephemeral note, and changes nothing', async () => {
    const { view } = await openContactModal(t, REQUESTER);
    await submitContactModal(t, REQUESTER, view, DANA);
    const posted = await t.slack.waitFor(() => adminMessages(t)[0]);
    expect((await clickButton(t, OTHER_USER, posted, 'approve_request')).status).toBe(200);
    const note = await t.slack.waitFor(() => t.slack.ephemerals.find((e) => e.user === OTHER_USER));
    // The other user's Slack locale is zh-CN: the refusal is in Simplified Chinese.
    expect(note.text).toBe(zhCn.admin.notAdmin);
    expect(note.channel).toBe(ADMIN_CHANNEL);
    expect(t.cms.requestsFor('PutContact')).toHaveLength(0);
    // Only the name lookup's own update (post first, finding added after) touched the message: nothing decided.
    await waitUntilQuiet(t);
    expect(adminMessages(t)[0]?.updates).toBeLessThanOrEqual(1);
    expect(await t.deps.requests.get(findButton(posted, 'approve_request')?.value ?? '')).toMatchObject({
      status: 'pending',
    });
  });

  it('shows validation mistakes inline, keyed by block_id', async () => {
    const { view } = await openContactModal(t, REQUESTER);
    const response = await submitContactModal(t, REQUESTER, view, {
      contactName: '9lives',
      describe: '',
      sms: '+1 555 0100',
      dingWebHook: 'https://evil.example.com/robot/send?access_token=x',
    });
    expect(response.json).toMatchObject({ response_action: 'errors' });
    const errors = (response.json as { errors: Record<string, string> }).errors;
    expect(Object.keys(errors).sort()).toEqual(
      [BLOCK_ID.contactName, BLOCK_ID.describe, BLOCK_ID.dingWebHook, BLOCK_ID.sms].sort(),
    );
    expect(errors[BLOCK_ID.sms]).toBe(en.errors['sms.invalid']);
    expect(adminMessages(t)).toHaveLength(0);
  });

  it('shows the mistakes in the language of the Slack locale (zh-CN → 简体中文)', async () => {
    const { view } = await openContactModal(t, OTHER_USER);
    expect(view.title).toMatchObject({ text: zhCn.form.title });
    const response = await submitContactModal(t, OTHER_USER, view, {
      contactName: 'li wei',
      describe: 'SRE',
      mail: 'not-an-address',
    });
    expect(response.json).toMatchObject({
      response_action: 'errors',
      errors: {
        [BLOCK_ID.contactName]: zhCn.errors['contactName.characters'],
        [BLOCK_ID.mail]: zhCn.errors['mail.invalid'],
      },
    });
  });
});
