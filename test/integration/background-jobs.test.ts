/**
 * The background jobs: a backlog of slow reminders neither holds up resumed approvals nor drains one at a time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { scheduleReminders, sweepReminders } from '../../src/reminders/reminders.js';
import { newRequest } from '../../src/requests/request.js';
import { REQUESTER, startTestBot, type TestBot } from '../helpers/test-bot.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `count` registrations (stored and in the fake CloudMonitor, Mail pending) whose one reminder is due now. */
async function dueReminders(t: TestBot, count: number): Promise<void> {
  for (let n = 0; n < count; n += 1) {
    const contact = { ContactName: `backlog_${n}`, Describe: 'DBA', Channels: { Mail: `backlog.${n}@example.com` } };
    const request = newRequest(
      { id: t.deps.requests.newId(), requesterId: `U0BACK${String(n).padStart(4, '0')}`, kind: 'create', contact },
      Date.now(),
    );
    await t.deps.requests.recordRegistration(request);
    t.cms.seedContact({ Name: contact.ContactName, Desc: 'DBA', Channels: contact.Channels });
    await scheduleReminders(t.deps, {
      requestId: request.id,
      requesterId: request.requesterId,
      contactName: contact.ContactName,
      registeredAt: Date.now() - 1_000,
    });
  }
}

describe('background jobs under a reminder backlog', () => {
  let t: TestBot | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('a sweep handles due reminders side by side: 20 reminders at 500 ms of DescribeContactList each take well under 10 s', async () => {
    t = await startTestBot({ env: { REMINDER_DELAYS: '100ms' }, app: { reminderSweepMs: 3_600_000 } });
    await dueReminders(t, 20);
    t.cms.setLatency(500, 'DescribeContactList');
    const started = Date.now();
    await sweepReminders(t.deps);
    const took = Date.now() - started;
    expect(
      t.cms.requestsFor('DescribeContactList').filter((call) => call.params.ContactName?.startsWith('backlog_')),
    ).toHaveLength(20);
    expect(took).toBeLessThan(5_000); // one at a time: 20 × 500 ms = 10 s
  }, 30_000);

  it('an approval left in `approving` is resumed while a slow reminder backlog is being swept', async () => {
    t = await startTestBot({ env: { REMINDER_DELAYS: '100ms', RESUME_AFTER: '1s' } });
    await dueReminders(t, 20);
    t.cms.setLatency(1_500, 'DescribeContactList'); // one at a time, the backlog would take 30 s
    const contact = { ContactName: 'dana_ops', Describe: 'DBA', Channels: { Mail: 'dana.ops@example.com' } };
    const request = newRequest(
      { id: t.deps.requests.newId(), requesterId: REQUESTER, kind: 'create', contact },
      Date.now(),
    );
    await t.deps.requests.create(request);
    await t.deps.requests.transition(request.id, 'approving', { attempts: 1 }); // its worker died at once
    const deadline = Date.now() + 6_000;
    while (Date.now() < deadline && (await t.deps.requests.get(request.id))?.status !== 'registered') await sleep(100);
    expect((await t.deps.requests.get(request.id))?.status).toBe('registered');
    expect(t.cms.requestsFor('PutContact')).toHaveLength(1);
  }, 30_000);
});
