/**
 * Reminders: one DM when several reminders of a registration are due at once, and a reminder DM Slack refuses is
 * kept due and retried with backoff, a bounded number of times. The sweep is run by hand (background jobs off).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_REMINDER_TRIES, sweepReminders } from '../../src/reminders/reminders.js';
import { adminMessages, clickButton, messageText, openContactModal, submitContactModal } from '../helpers/flow.js';
import { ADMIN, REQUESTER, startTestBot, type TestBot } from '../helpers/test-bot.js';

const reminders = (t: TestBot) => t.slack.dms(REQUESTER).filter((m) => messageText(m).includes('Reminder'));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A bot without background sweeps, with one registration whose reminders are due after `delays`. */
async function registered(delays: string): Promise<TestBot> {
  const t = await startTestBot({ env: { REMINDER_DELAYS: delays }, app: { reminderSweepMs: 3_600_000 } });
  const { view } = await openContactModal(t, REQUESTER);
  await submitContactModal(t, REQUESTER, view, {
    contactName: 'dana_ops',
    describe: 'DBA',
    mail: 'dana.ops@example.com',
  });
  const posted = structuredClone(await t.slack.waitFor(() => adminMessages(t)[0]));
  await clickButton(t, ADMIN, posted, 'approve_request');
  await t.slack.waitFor(() => t.slack.dms(REQUESTER).find((m) => messageText(m).includes('is registered')), 10_000);
  return t;
}

describe('reminder delivery', () => {
  let t: TestBot | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('sends one reminder (the latest) when several of one registration are due, and retires the rest', async () => {
    t = await registered('300ms,600ms,900ms');
    await sleep(1_000); // all three due, as after downtime
    await sweepReminders(t.deps);
    await sweepReminders(t.deps);
    expect(reminders(t)).toHaveLength(1);
    const audit = await t.deps.audit.list({ subject: REQUESTER });
    expect(audit.filter((entry) => entry.action === 'activation-reminder')).toHaveLength(1);
    expect(audit.filter((entry) => entry.action === 'activation-check')).toHaveLength(1);
  }, 30_000);

  it('retires a reminder that a backlog brought to moments after the previous one', async () => {
    t = await registered('300ms,3s');
    await sleep(2_200); // the first reminder goes out 2 s late (a backlog), shortly before the second is due
    await sweepReminders(t.deps);
    expect(reminders(t)).toHaveLength(1);
    await sleep(800);
    await sweepReminders(t.deps); // due, but less than half the scheduled gap (2.7 s) after the first went out
    await sweepReminders(t.deps);
    expect(reminders(t)).toHaveLength(1);
  }, 30_000);

  it('keeps a reminder Slack refuses (ok:false, then 429s) due and sends it on a later sweep', async () => {
    t = await registered('300ms');
    await sleep(400);
    t.slack.failNext('chat.postMessage', { error: 'fatal_error' });
    await sweepReminders(t.deps, { retryBaseMs: 200 });
    expect(reminders(t)).toHaveLength(0);
    // Four 429s: more than the poster waits out (three), so this try is refused too.
    t.slack.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 0 }, 4);
    await sleep(250);
    await sweepReminders(t.deps, { retryBaseMs: 200 });
    expect(reminders(t)).toHaveLength(0);
    await sweepReminders(t.deps, { retryBaseMs: 200 }); // backoff doubled (400 ms): not due yet
    expect(reminders(t)).toHaveLength(0);
    await sleep(450);
    await sweepReminders(t.deps, { retryBaseMs: 200 });
    expect(reminders(t)).toHaveLength(1);
    await sleep(1_000);
    await sweepReminders(t.deps, { retryBaseMs: 200 });
    expect(reminders(t)).toHaveLength(1);
  }, 30_000);

  it(`gives a refused reminder up after ${MAX_REMINDER_TRIES} tries, with an error log and an audit entry`, async () => {
    t = await registered('300ms');
    await sleep(400);
    t.slack.failNext('chat.postMessage', { error: 'fatal_error' }, MAX_REMINDER_TRIES + 2);
    for (let sweep = 0; sweep < MAX_REMINDER_TRIES + 2; sweep += 1) {
      await sweepReminders(t.deps, { retryBaseMs: 10 });
      await sleep(10 * 2 ** sweep + 20);
    }
    expect(reminders(t)).toHaveLength(0);
    const audit = await t.deps.audit.list({ subject: REQUESTER });
    expect(audit.filter((entry) => entry.action === 'activation-reminder').map((entry) => entry.outcome)).toEqual([
      'undelivered:fatal_error',
    ]);
    expect(t.logs.filter((line) => line.includes('Slack kept refusing the activation DM'))).toHaveLength(1);
  }, 30_000);
});
