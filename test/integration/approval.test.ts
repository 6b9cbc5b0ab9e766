import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BLOCK_ID, INPUT_ACTION_ID } from '../../src/slack/ids.js';
import {
  adminMessages,
  clickButton,
  findButton,
  messageText,
  openContactModal,
  submitContactModal,
  submitForApproval,
} from '../helpers/flow.js';
import { buildViewSubmission, sendInteraction } from '../helpers/slack-driver.js';
import { ADMIN, REQUESTER, SECOND_ADMIN, SIGNING_SECRET, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { waitUntilQuiet } from '../helpers/wait.js';

const FORM = { contactName: 'dana_ops', describe: 'DBA on call', mail: 'dana.ops@example.com', sms: '13800001234' };

describe('admin decisions', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot();
  });
  afterEach(async () => {
    await t.close();
  });

  it('takes a decision once: double click, two admins at once, Reject racing Approve', async () => {
    const posted = await submitForApproval(t, REQUESTER, FORM);
    t.cms.setLatency(300, 'PutContact');
    const rejectTrigger = findButton(posted, 'reject_request');
    expect(rejectTrigger).toBeDefined();
    const responses = await Promise.all([
      clickButton(t, ADMIN, posted, 'approve_request'),
      clickButton(t, ADMIN, posted, 'approve_request'),
      clickButton(t, SECOND_ADMIN, posted, 'approve_request'),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    await t.slack.waitFor(() => messageText(adminMessages(t)[0] ?? {}).includes('Registered in CloudMonitor'));
    // A late Reject (click, then submit the reason modal) finds the request decided.
    await clickButton(t, SECOND_ADMIN, posted, 'reject_request');
    await waitUntilQuiet(t);
    expect(t.cms.requestsFor('PutContact')).toHaveLength(1);
    expect(t.slack.dms(REQUESTER).filter((m) => messageText(m).includes('is registered'))).toHaveLength(1);
    const losers = t.slack.ephemerals.filter((e) => /already|deciding/.test(e.text ?? ''));
    expect(losers.length).toBeGreaterThanOrEqual(2);
    expect(
      t.slack.callsTo('views.open').filter((c) => JSON.stringify(c.args.view).includes('reject_reason_modal')),
    ).toHaveLength(0);
  });

  it('Reject with a reason: the reason modal, the DM with the reason, and Approve afterwards does nothing', async () => {
    const posted = await submitForApproval(t, REQUESTER, FORM);
    const before = new Set(t.slack.views.keys());
    await clickButton(t, ADMIN, posted, 'reject_request');
    const modal = await t.slack.waitFor(() =>
      [...t.slack.views.values()].find((v) => !before.has(v.id) && v.callback_id === 'reject_reason_modal'),
    );
    const reason = 'Use the team <!channel> address & not yours';
    const response = await sendInteraction(
      t.url,
      SIGNING_SECRET,
      buildViewSubmission({
        user: { id: ADMIN },
        view: modal,
        values: { [BLOCK_ID.rejectReason]: { [INPUT_ACTION_ID]: { type: 'plain_text_input', value: reason } } },
        triggerId: t.slack.mintTriggerId(),
      }),
    );
    expect(response.status).toBe(200);
    const dm = await t.slack.waitFor(() => t.slack.dms(REQUESTER).find((m) => messageText(m).includes('rejected')));
    expect(messageText(dm)).toContain('&lt;!channel&gt; address &amp; not yours');
    expect(messageText(dm)).not.toContain('<!channel>');
    const requestId = findButton(posted, 'approve_request')?.value ?? '';
    expect((await t.deps.requests.get(requestId))?.status).toBe('rejected');
    expect(messageText(adminMessages(t)[0] ?? {})).toContain(`Rejected by <@${ADMIN}>`);
    await clickButton(t, SECOND_ADMIN, posted, 'approve_request');
    await waitUntilQuiet(t);
    expect(t.cms.requestsFor('PutContact')).toHaveLength(0);
  });

  it('a non-admin cannot submit the reject modal either (forged view_submission)', async () => {
    const posted = await submitForApproval(t, REQUESTER, FORM);
    const requestId = findButton(posted, 'approve_request')?.value ?? '';
    const forged = buildViewSubmission({
      user: { id: REQUESTER },
      view: { id: 'V0FORGED1', callback_id: 'reject_reason_modal', private_metadata: JSON.stringify({ requestId }) },
      values: {},
      triggerId: t.slack.mintTriggerId(),
    });
    const response = await sendInteraction(t.url, SIGNING_SECRET, forged);
    expect(response.json).toMatchObject({ response_action: 'errors' });
    expect((await t.deps.requests.get(requestId))?.status).toBe('pending');
  });

  it("shows CloudMonitor's error code on failure, keeps the request, and Retry works", async () => {
    const posted = await submitForApproval(t, REQUESTER, FORM);
    t.cms.injectNext('InvalidParameterValue', { action: 'PutContact' });
    await clickButton(t, ADMIN, posted, 'approve_request');
    const failed = await t.slack.waitFor(() => {
      const message = adminMessages(t)[0];
      return message && findButton(message, 'retry_request') ? message : undefined;
    });
    expect(messageText(failed)).toContain('InvalidParameterValue');
    const requestId = findButton(failed, 'retry_request')?.value ?? '';
    const stored = await t.deps.requests.get(requestId);
    expect(stored?.status).toBe('failed');
    expect(stored?.contact).toMatchObject({
      ContactName: 'dana_ops',
      Channels: { SMS: '13800001234', Mail: 'dana.ops@example.com' },
    });
    expect(t.cms.requestsFor('PutContact')).toHaveLength(1); // a 4xx is not retried

    await clickButton(t, SECOND_ADMIN, failed, 'retry_request');
    await t.slack.waitFor(() => messageText(adminMessages(t)[0] ?? {}).includes('Registered in CloudMonitor'));
    expect((await t.deps.requests.get(requestId))?.status).toBe('registered');
    expect(t.cms.contacts.get('dana_ops')?.Channels.SMS).toBe('13800001234');
  });

  it('retries Throttling and 5xx with backoff before counting them as failures', async () => {
    const posted = await submitForApproval(t, REQUESTER, FORM);
    t.cms.injectNext('Throttling.User', { action: 'PutContact', times: 2 });
    t.cms.injectNext('InternalError', { action: 'PutContact' });
    await clickButton(t, ADMIN, posted, 'approve_request');
    await t.slack.waitFor(() => messageText(adminMessages(t)[0] ?? {}).includes('Registered in CloudMonitor'));
    const codes = t.cms.requestsFor('PutContact').map((r) => r.code ?? 'ok');
    expect(codes).toEqual(['Throttling.User', 'Throttling.User', 'InternalError', 'ok']);
  });

  it('escapes user text in the approval message', async () => {
    const posted = await submitForApproval(t, REQUESTER, {
      ...FORM,
      describe: '<!channel> see <https://evil.example|docs> & more',
    });
    const text = messageText(posted);
    expect(text).toContain('&lt;!channel&gt; see &lt;https://evil.example|docs&gt; &amp; more');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://evil.example|docs>');
  });
});

describe('a ContactName that exists in CloudMonitor but not through the bot', () => {
  let t: TestBot | undefined;
  afterEach(async () => {
    await t?.close();
  });

  it('is flagged to admins as an overwrite, shown side by side', async () => {
    const bot = await startTestBot();
    t = bot;
    bot.cms.seedContact({
      Name: 'legacy_ops',
      Desc: 'Set up by hand in the console',
      Channels: { Mail: 'old@example.com' },
    });
    const posted = await submitForApproval(bot, REQUESTER, { ...FORM, contactName: 'legacy_ops' });
    // Posted first; the lookup's finding is added to the same message (chat.update) once CloudMonitor answers.
    const updated = await bot.slack.waitFor(() => {
      const message = adminMessages(bot).find((candidate) => candidate.ts === posted.ts);
      return message && messageText(message).includes('was not registered through this bot') ? message : undefined;
    });
    const text = messageText(updated);
    expect(text).toContain('already exists in CloudMonitor and was not registered through this bot');
    expect(text).toContain('old@example.com → dana.ops@example.com');
    expect(text).toContain('Set up by hand in the console → DBA on call');
    expect(findButton(updated, 'approve_request')).toBeDefined();
  });
});

describe('client-side rate limit towards CloudMonitor', () => {
  let t: TestBot | undefined;
  afterEach(async () => {
    await t?.close();
  });

  it('a burst of approvals queues under CMS_CALLS_PER_SECOND instead of tripping Throttling', async () => {
    const bot = await startTestBot({ env: { CMS_CALLS_PER_SECOND: '5', SUBMISSION_LIMIT: '1000/1m' } });
    t = bot;
    const users = Array.from({ length: 12 }, (_, i) => `U0BURST${String(i).padStart(2, '0')}`);
    for (const id of users) bot.slack.addUser({ id, name: id.toLowerCase(), realName: `Burst ${id}` });
    for (const [i, id] of users.entries()) {
      const { view } = await openContactModal(bot, id);
      await submitContactModal(bot, id, view, {
        contactName: `burst_${i}`,
        describe: 'load',
        mail: `b${i}@example.com`,
      });
    }
    const messages = structuredClone(
      await bot.slack.waitFor(() => (adminMessages(bot).length === users.length ? adminMessages(bot) : undefined)),
    );
    const started = Date.now();
    bot.cms.reset();
    await Promise.all(messages.map((message) => clickButton(bot, ADMIN, message, 'approve_request')));
    await bot.slack.waitFor(
      () => adminMessages(bot).every((m) => messageText(m).includes('Registered in CloudMonitor')) || undefined,
      20_000,
    );
    const calls = bot.cms.requests.map((r) => r.at).sort((a, b) => a - b);
    // No one-second window holds more calls than the cap.
    for (const at of calls)
      expect(calls.filter((other) => other >= at && other < at + 1000).length).toBeLessThanOrEqual(5);
    expect(bot.cms.stats.throttled).toBe(0);
    expect(bot.cms.requestsFor('PutContact')).toHaveLength(users.length);
    expect(Date.now() - started).toBeGreaterThan(2_000);
  }, 40_000);
});
