import { afterEach, describe, expect, it } from 'vitest';
import { zhCn } from '../../src/i18n/zh-cn.js';
import { BLOCK_ID } from '../../src/slack/ids.js';
import {
  adminMessages,
  clickButton,
  findButton,
  messageText,
  openContactModal,
  registerThroughApproval,
  submitContactModal,
} from '../helpers/flow.js';
import { postToApp, sendSlashCommand } from '../helpers/slack-driver.js';
import {
  ADMIN,
  OTHER_USER,
  REQUESTER,
  SIGNING_SECRET,
  startTestBot,
  type TestBot,
  tempSqliteUrl,
} from '../helpers/test-bot.js';
import { waitUntil, waitUntilQuiet } from '../helpers/wait.js';

const FORM = {
  contactName: 'dana_ops',
  describe: 'DBA on call',
  mail: 'dana.ops@example.com',
  sms: '13800001234',
  lang: 'en',
};

describe('lifecycle', () => {
  const open: TestBot[] = [];
  const start = async (...args: Parameters<typeof startTestBot>) => {
    const bot = await startTestBot(...args);
    open.push(bot);
    return bot;
  };
  afterEach(async () => {
    for (const bot of open.splice(0).reverse()) await bot.close();
  });

  it('rejects a bad or stale Slack signature with 401 and does nothing', async () => {
    const t = await start();
    const body = `command=%2Falert-contact&user_id=${REQUESTER}&trigger_id=${encodeURIComponent(t.slack.mintTriggerId())}&text=`;
    const bad = await postToApp(t.url, SIGNING_SECRET, body, 'application/x-www-form-urlencoded', {
      signature: 'v0=deadbeef',
    });
    expect(bad.status).toBe(401);
    const missing = await postToApp(t.url, SIGNING_SECRET, body, 'application/x-www-form-urlencoded', {
      signature: null,
    });
    expect(missing.status).toBe(401);
    const stale = await postToApp(t.url, SIGNING_SECRET, body, 'application/x-www-form-urlencoded', {
      timestampSeconds: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(stale.status).toBe(401);
    await waitUntilQuiet(t);
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
    // (The start-up check looks the admins up; nothing about the requester.)
    expect(t.slack.callsTo('users.info').filter((call) => call.args.user === REQUESTER)).toHaveLength(0);
  });

  it('keeps requests and reminders across a restart with the same SQLite file', async () => {
    const storeUrl = tempSqliteUrl();
    const first = await start({ env: { STORE_URL: storeUrl, REMINDER_DELAYS: '2s' } });
    await registerThroughApproval(first, REQUESTER, FORM);
    const { view } = await openContactModal(first, OTHER_USER);
    await submitContactModal(first, OTHER_USER, view, {
      contactName: 'li_wei',
      describe: 'SRE',
      mail: 'li.wei@example.com',
    });
    const pending = structuredClone(
      await first.slack.waitFor(() => adminMessages(first).find((m) => messageText(m).includes('li_wei'))),
    );
    await first.stop();

    const second = await start({
      env: { STORE_URL: storeUrl, REMINDER_DELAYS: '2s' },
      slack: first.slack,
      cms: first.cms,
    });
    // The pending request from before the restart can still be approved.
    await clickButton(second, ADMIN, pending, 'approve_request');
    // Li's Slack locale is zh-CN: the DM is in Simplified Chinese.
    await second.slack.waitFor(() =>
      second.slack.dms(OTHER_USER).find((m) => messageText(m).includes(zhCn.dm.registered('li_wei'))),
    );
    // The reminder scheduled before the restart fires once after it.
    await second.slack.waitFor(
      () => second.slack.dms(REQUESTER).find((m) => messageText(m).includes('Reminder')),
      6_000,
    );
    // Dana is recognised as the owner of dana_ops: the modal is an edit, without a name input.
    const { view: edit } = await openContactModal(second, REQUESTER);
    expect(JSON.stringify(edit.blocks)).not.toContain(`"${BLOCK_ID.contactName}"`);
    expect(JSON.stringify(edit.blocks)).toContain('dana_ops');
  });

  it('an existing contact gets an edit: prefilled, the change shown to admins, the full channel set sent', async () => {
    const t = await start();
    await registerThroughApproval(t, REQUESTER, FORM);
    const profileReads = t.slack.callsTo('users.info').length;
    const { view } = await openContactModal(t, REQUESTER);
    const initial = JSON.stringify(view.blocks);
    expect(initial).toContain('13800001234');
    // The edit is prefilled from the contact, not the profile (the language is remembered from before).
    expect(t.slack.callsTo('users.info')).toHaveLength(profileReads);

    const unchanged = await submitContactModal(t, REQUESTER, view, {
      describe: FORM.describe,
      mail: FORM.mail,
      sms: FORM.sms,
      lang: 'en',
    });
    expect(JSON.stringify(unchanged.json)).toContain('nothing to approve');

    const { view: again } = await openContactModal(t, REQUESTER);
    await submitContactModal(t, REQUESTER, again, {
      describe: 'DBA lead',
      mail: FORM.mail,
      sms: '13900005678',
      lang: 'en',
      contactName: 'ignored_name',
    });
    const change = structuredClone(
      await t.slack.waitFor(() => adminMessages(t).find((m) => messageText(m).includes('Alert contact change'))),
    );
    const text = messageText(change);
    expect(text).toContain('What changes');
    expect(text).toContain('*******1234 → *******5678');
    expect(text).toContain('DBA on call → DBA lead');
    await clickButton(t, ADMIN, change, 'approve_request');
    await t.slack.waitFor(() => t.slack.dms(REQUESTER).find((m) => messageText(m).includes('change to alert contact')));
    const last = t.cms.requestsFor('PutContact').at(-1);
    expect(last?.params).toMatchObject({
      ContactName: 'dana_ops',
      'Channels.Mail': FORM.mail,
      'Channels.SMS': '13900005678',
      Describe: 'DBA lead',
    });
    expect(t.cms.contacts.has('ignored_name')).toBe(false);
  });

  it("won't let another user take a registered ContactName", async () => {
    const t = await start();
    await registerThroughApproval(t, REQUESTER, FORM);
    const { view } = await openContactModal(t, OTHER_USER);
    const response = await submitContactModal(t, OTHER_USER, view, {
      ...FORM,
      contactName: 'DANA_OPS',
      sms: undefined,
    });
    // The other user's Slack locale is zh-CN.
    expect(response.json).toMatchObject({
      response_action: 'errors',
      errors: { [BLOCK_ID.contactName]: zhCn.form.nameTaken },
    });
  });

  it('a newer submission replaces an undecided one; the old message says so and cannot be approved', async () => {
    const t = await start();
    const { view } = await openContactModal(t, REQUESTER);
    await submitContactModal(t, REQUESTER, view, FORM);
    const first = structuredClone(await t.slack.waitFor(() => adminMessages(t)[0]));
    const { view: second } = await openContactModal(t, REQUESTER);
    expect(JSON.stringify(second.blocks)).toContain('replaces it');
    await submitContactModal(t, REQUESTER, second, { ...FORM, describe: 'DBA, second try' });
    await t.slack.waitFor(() => adminMessages(t)[1]);
    await t.slack.waitFor(() => messageText(adminMessages(t)[0] ?? {}).includes('Replaced by a newer request'));
    await clickButton(t, ADMIN, first, 'approve_request');
    await waitUntilQuiet(t);
    expect(t.cms.requestsFor('PutContact')).toHaveLength(0);
  });

  it('opens a placeholder modal first when the profile is slow, then fills it with views.update', async () => {
    const t = await start();
    t.slack.setLatency('users.info', 2_000);
    const { ack, view } = await openContactModal(t, REQUESTER);
    expect(ack.status).toBe(200);
    expect(t.slack.callsTo('views.open').filter((c) => c.ok)).toHaveLength(1);
    expect(t.slack.callsTo('views.update').filter((c) => c.ok)).toHaveLength(1);
    expect(JSON.stringify(view.blocks)).toContain('dana.ops@example.com');
  });

  it('tells the user when the modal cannot be opened (expired trigger_id)', async () => {
    const t = await start();
    t.slack.failNext('views.open', { error: 'expired_trigger_id' });
    const responseUrl = t.slack.mintResponseUrl();
    await sendSlashCommand(t.url, SIGNING_SECRET, {
      user_id: REQUESTER,
      trigger_id: t.slack.mintTriggerId(),
      response_url: responseUrl,
    });
    const post = await t.slack.waitFor(() => t.slack.responseUrlPosts.find((p) => p.url === responseUrl));
    expect(JSON.stringify(post.body)).toContain('expired_trigger_id');
  });

  it('tells the requester by DM when the approval request cannot be posted, and keeps it', async () => {
    const t = await start();
    t.slack.failNext('chat.postMessage', { error: 'not_in_channel' });
    const { view } = await openContactModal(t, REQUESTER);
    const ack = await submitContactModal(t, REQUESTER, view, FORM);
    expect(ack.status).toBe(200);
    const dm = await t.slack.waitFor(() =>
      t.slack.dms(REQUESTER).find((m) => messageText(m).includes("couldn't post it")),
    );
    const id = /req_[0-9a-f]{16}/.exec(messageText(dm))?.[0] ?? '';
    expect((await t.deps.requests.get(id))?.status).toBe('pending');
    expect(t.logs.some((line) => line.includes('could not post the approval request'))).toBe(true);
  });

  it('/alert-contact help answers with usage, ephemeral', async () => {
    const t = await start();
    const ack = await sendSlashCommand(t.url, SIGNING_SECRET, {
      user_id: REQUESTER,
      trigger_id: t.slack.mintTriggerId(),
      response_url: t.slack.mintResponseUrl(),
      text: 'help',
    });
    expect(ack.json).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(ack.json)).toContain('/alert-contact');
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
  });

  it('never logs secrets or raw phone numbers during a full run', async () => {
    const t = await start();
    await registerThroughApproval(t, REQUESTER, FORM);
    t.cms.injectNext('InvalidParameterValue', { action: 'PutContact' });
    const { view } = await openContactModal(t, REQUESTER);
    await submitContactModal(t, REQUESTER, view, { ...FORM, sms: '13900005678' });
    const change = structuredClone(await t.slack.waitFor(() => adminMessages(t)[1]));
    await clickButton(t, ADMIN, change, 'approve_request');
    await t.slack.waitFor(() => findButton(adminMessages(t).at(-1) ?? {}, 'retry_request'));
    const logs = t.logs.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [
      t.env.SLACK_BOT_TOKEN,
      t.env.SLACK_SIGNING_SECRET,
      t.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
      '13800001234',
      '13900005678',
      'dana.ops@example.com',
    ]) {
      expect(logs).not.toContain(secret);
    }
  });
});

describe('unfinished work is resumed from stored state', () => {
  let t: TestBot | undefined;
  afterEach(async () => {
    await t?.close();
  });

  it('an approval left in `approving` by a crash is carried out by the sweeper', async () => {
    const bot = await startTestBot({ env: { RESUME_AFTER: '300ms' } });
    t = bot;
    const { view } = await openContactModal(bot, REQUESTER);
    await submitContactModal(bot, REQUESTER, view, FORM);
    const posted = await bot.slack.waitFor(() => adminMessages(bot)[0]);
    const requestId = findButton(posted, 'approve_request')?.value ?? '';
    // What a process killed right after taking the decision leaves behind: status approving, no PutContact yet.
    const request = await bot.deps.requests.get(requestId);
    expect(request && (await bot.deps.requests.claimDecision(request, ADMIN))).toBe(true);
    await bot.deps.requests.transition(requestId, 'approving', {
      attempts: 1,
      decision: { action: 'approve', by: ADMIN, at: Date.now() },
    });
    await bot.slack.waitFor(
      () => bot.slack.dms(REQUESTER).find((m) => messageText(m).includes('is registered')),
      5_000,
    );
    expect((await bot.deps.requests.get(requestId))?.status).toBe('registered');
    expect(bot.cms.requestsFor('PutContact')).toHaveLength(1);
    expect(messageText(adminMessages(bot)[0] ?? {})).toContain('Registered in CloudMonitor');
  });

  it('an approval request that could not be posted is posted later', async () => {
    const bot = await startTestBot({ env: { RESUME_AFTER: '300ms' } });
    t = bot;
    bot.slack.failNext('chat.postMessage', { error: 'not_in_channel' });
    const { view } = await openContactModal(bot, REQUESTER);
    await submitContactModal(bot, REQUESTER, view, FORM);
    const posted = await bot.slack.waitFor(() => adminMessages(bot)[0], 5_000);
    expect(findButton(posted, 'approve_request')).toBeDefined();
    // RESUME_AFTER is 300 ms: a quiet 600 ms spans the sweeps that could post it a second time.
    await waitUntilQuiet(bot, { quietMs: 600 });
    expect(adminMessages(bot)).toHaveLength(1);
  });
});

describe('chat.postMessage is never blindly retried', () => {
  let t: TestBot | undefined;
  afterEach(async () => {
    await t?.close();
  });

  it('a post that failed with a 5xx (delivery unknown) is not sent again; a 429 is waited out and sent once', async () => {
    const bot = await startTestBot();
    t = bot;
    const { view } = await openContactModal(bot, REQUESTER);
    await submitContactModal(bot, REQUESTER, view, FORM);
    const posted = structuredClone(await bot.slack.waitFor(() => adminMessages(bot)[0]));
    bot.slack.failNext('chat.postMessage', { status: 500 });
    await clickButton(bot, ADMIN, posted, 'approve_request');
    await bot.slack.waitFor(() =>
      bot.logs.find((line) =>
        line.includes('could not confirm the DM to the requester about their registration; not re-sent'),
      ),
    );
    const dmCalls = () => bot.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === REQUESTER);
    expect(dmCalls()).toHaveLength(1);
    expect(dmCalls()[0]?.status).toBe(500);

    bot.slack.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 });
    const { view: edit } = await openContactModal(bot, REQUESTER);
    await submitContactModal(bot, REQUESTER, edit, { ...FORM, describe: 'DBA lead' });
    const change = await bot.slack.waitFor(() => adminMessages(bot)[1], 5_000);
    const adminPosts = bot.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === change.channel);
    expect(adminPosts.map((call) => call.status)).toEqual([200, 429, 200]);
  });
});

describe('per-user submission limit', () => {
  let t: TestBot | undefined;
  afterEach(async () => {
    await t?.close();
  });

  it('refuses a submission over SUBMISSION_LIMIT with an inline message, then allows again after the window', async () => {
    const bot = await startTestBot({ env: { SUBMISSION_LIMIT: '2/1s' } });
    t = bot;
    let firstAnsweredAt = 0;
    for (const describe of ['first', 'second']) {
      const { view } = await openContactModal(bot, REQUESTER);
      expect((await submitContactModal(bot, REQUESTER, view, { ...FORM, describe })).json).toMatchObject({
        response_action: 'update',
      });
      firstAnsweredAt ||= Date.now();
    }
    const { view } = await openContactModal(bot, REQUESTER);
    const refused = await submitContactModal(bot, REQUESTER, view, { ...FORM, describe: 'third' });
    expect(refused.json).toMatchObject({
      response_action: 'errors',
      errors: { [BLOCK_ID.contactName]: expect.stringMatching(/You've sent 2 requests/) },
    });
    // The two accepted requests are posted after their acks: wait for both, then for nothing more.
    await waitUntil(() => adminMessages(bot).length >= 2);
    await waitUntilQuiet(bot);
    expect(adminMessages(bot)).toHaveLength(2);
    // The 1 s window has passed for the first submission (counted before its answer).
    await waitUntil(() => Date.now() > firstAnsweredAt + 1_000, { timeoutMs: 2_000 });
    expect((await submitContactModal(bot, REQUESTER, view, { ...FORM, describe: 'fourth' })).json).toMatchObject({
      response_action: 'update',
    });
  });
});

describe('a wrong AccessKey', () => {
  it('is reported in the log right after start, naming the settings and not the secret', async () => {
    const bot = await startTestBot({ env: { ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'not-the-right-secret-value' } });
    try {
      const line = await bot.slack.waitFor(() =>
        bot.logs.find((entry) => entry.includes('CloudMonitor rejected the AccessKey')),
      );
      expect(line).toContain('ALIBABA_CLOUD_ACCESS_KEY_SECRET');
      expect(line).toContain('SignatureDoesNotMatch');
      expect(bot.logs.join('\n')).not.toContain('not-the-right-secret-value');
    } finally {
      await bot.close();
    }
  });
});
