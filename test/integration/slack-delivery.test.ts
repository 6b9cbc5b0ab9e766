import { afterEach, describe, expect, it } from 'vitest';
import { adminMessages, clickButton, messageText, openContactModal, submitContactModal } from '../helpers/flow.js';
import { ADMIN, ADMIN_CHANNEL, REQUESTER, startTestBot, type TestBot } from '../helpers/test-bot.js';

const DANA = {
  contactName: 'Dana_Ops',
  describe: 'Dana Ops, DBA (via Slack)',
  mail: 'dana.ops@example.com',
  lang: 'en',
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Submits Dana's form and returns the approval message once posted. */
async function submitted(t: TestBot) {
  const { view } = await openContactModal(t, REQUESTER);
  await submitContactModal(t, REQUESTER, view, DANA);
  return t.slack.waitFor(() => adminMessages(t)[0]);
}

/** chat.postMessage calls addressed to the requester (their DM), oldest first. */
const dmCalls = (t: TestBot) => t.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === REQUESTER);

describe('Slack delivery: refused posts are retried with backoff, permanent refusals stop (issue 10)', () => {
  let t: TestBot | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('a DM refused for a permanent reason (user_not_found) is tried once, audited, and the admins are told once', async () => {
    t = await startTestBot({ env: { RESUME_AFTER: '1s' } });
    const posted = await submitted(t);
    t.slack.failNext('chat.postMessage', { error: 'user_not_found' });
    await clickButton(t, ADMIN, posted, 'approve_request');
    const notice = await t.slack.waitFor(() =>
      adminMessages(t as TestBot).find((message) => (message.text ?? '').includes('user_not_found')),
    );
    expect(notice.text).toContain(`<@${REQUESTER}>`);
    expect(notice.text).toContain('Dana_Ops');
    await sleep(1_500); // several sweeps (every 200 ms)
    expect(dmCalls(t)).toHaveLength(1);
    expect(adminMessages(t).filter((message) => (message.text ?? '').includes('user_not_found'))).toHaveLength(1);
    const entries = await t.deps.audit.list({ subject: REQUESTER });
    expect(entries.filter((entry) => entry.action === 'dm-undeliverable')).toEqual([
      expect.objectContaining({ outcome: 'user_not_found', actor: 'bot' }),
    ]);
    const lines = t.logs.filter((line) => line.includes('could not DM the requester'));
    expect(lines).toHaveLength(1);
  });

  it('a DM refused for a passing reason (internal_error) is retried with growing waits until it goes through, once', async () => {
    t = await startTestBot({ env: { RESUME_AFTER: '1s' } });
    const posted = await submitted(t);
    t.slack.failNext('chat.postMessage', { error: 'internal_error' }, 3);
    await clickButton(t, ADMIN, posted, 'approve_request');
    await t.slack.waitFor(
      () => t?.slack.dms(REQUESTER).find((message) => messageText(message).includes('Dana_Ops')),
      10_000,
    );
    await sleep(800);
    const calls = dmCalls(t);
    expect(calls.map((call) => call.ok)).toEqual([false, false, false, true]);
    // Backoff 100, 200, 400 ms (sweeps every 200 ms): each wait is at least the one before it.
    const gaps = calls.slice(1).map((call, index) => call.at - (calls[index]?.at ?? 0));
    expect(gaps[1]).toBeGreaterThanOrEqual(200);
    expect(gaps[2]).toBeGreaterThanOrEqual(400);
    expect(t.slack.dms(REQUESTER).filter((message) => messageText(message).includes('Dana_Ops'))).toHaveLength(1);
    expect(
      t.logs.filter((line) => line.includes('could not DM the requester') && line.includes('"level":40')),
    ).toHaveLength(1);
  });

  it('a DM Slack rate-limits (429) is tried again no sooner than its Retry-After', async () => {
    // The poster hands the 429 straight back (no waits of its own): the sweeper must wait Retry-After (2 s), not
    // its 100 ms backoff.
    t = await startTestBot({ env: { RESUME_AFTER: '1s' }, rateLimitWaits: 0 });
    const posted = await submitted(t);
    t.slack.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 2 });
    await clickButton(t, ADMIN, posted, 'approve_request');
    await t.slack.waitFor(() => t?.slack.dms(REQUESTER)[0], 10_000);
    const calls = dmCalls(t);
    expect(calls.map((call) => call.status)).toEqual([429, 200]);
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(2_000);
    expect(t.slack.dms(REQUESTER)).toHaveLength(1);
  });

  it('an approval message refused until the tries are spent stops being tried; the request stays pending', async () => {
    t = await startTestBot({ env: { RESUME_AFTER: '1s' }, delivery: { maxTries: 3 } });
    t.slack.setBotMembership(ADMIN_CHANNEL, false);
    const { view } = await openContactModal(t, REQUESTER);
    await submitContactModal(t, REQUESTER, view, DANA);
    const adminPosts = () =>
      t?.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === ADMIN_CHANNEL) ?? [];
    await t.slack.waitFor(() => adminPosts().length >= 3 || undefined, 10_000);
    await sleep(2_000);
    expect(adminPosts()).toHaveLength(3);
    expect((await t.deps.requests.pending()).map((request) => request.status)).toEqual(['pending']);
    expect(t.logs.filter((line) => line.includes('giving up'))).toHaveLength(1);
  });
});
