/**
 * Activation reminders (src/reminders/reminders.ts) on the in-memory store with a moving clock and a CloudMonitor
 * stand-in: scheduled at REMINDER_DELAYS after registration, swept when due (DescribeContactList → a DM naming the
 * pending channels, or the one-time confirmation), confirmed exactly once, dropped for a removed registration.
 * No network.
 */
import { describe, expect, it } from 'vitest';
import { confirmOnce, nextReminderOf, scheduleReminders, sweepReminders } from '../../../src/reminders/reminders.js';
import { carryOutRequest } from '../../../src/requests/carry-out.js';
import { decide } from '../../../src/requests/decide.js';
import { requestRemoval } from '../../../src/requests/request-removal.js';
import { submitContact } from '../../../src/requests/submit.js';
import { ADMIN, type CoreTestDeps, coreDeps, formFor, REQUESTER } from './core-deps.js';

const HOUR = 3_600_000;

async function registeredAt(t: CoreTestDeps) {
  const result = await submitContact(t.deps, { userId: REQUESTER, fields: formFor('dana_ops') });
  if (result.outcome !== 'stored') throw new Error('not stored');
  await decide(t.deps, result.request.id, 'approve', ADMIN);
  const done = await carryOutRequest(t.deps, result.request.id);
  if (done?.status !== 'registered') throw new Error('not registered');
  return { request: done, at: t.clock.now };
}

const auditActions = async (t: CoreTestDeps) =>
  (await t.deps.audit.list({ order: 'oldest-first' })).map((entry) => entry.action);

describe('scheduleReminders', () => {
  it('stores one reminder per REMINDER_DELAYS offset after the registration; nextReminderOf gives the earliest', async () => {
    const t = coreDeps({ REMINDER_DELAYS: '1h,1d,3d' });
    const reminders = await scheduleReminders(t.deps, {
      requestId: 'req_a',
      requesterId: REQUESTER,
      contactName: 'dana_ops',
      registeredAt: 1_000,
    });
    expect(reminders.map((reminder) => [reminder.id, reminder.dueAt, reminder.index])).toEqual([
      ['req_a.0', 1_000 + HOUR, 0],
      ['req_a.1', 1_000 + 24 * HOUR, 1],
      ['req_a.2', 1_000 + 72 * HOUR, 2],
    ]);
    expect(await nextReminderOf(t.deps, 'req_a')).toEqual(reminders[0]);
    expect(await nextReminderOf(t.deps, 'req_other')).toBeUndefined();
  });
});

describe('sweepReminders', () => {
  it('does nothing before a reminder is due; when due, asks CloudMonitor and DMs the pending channels once', async () => {
    const t = coreDeps({ REMINDER_DELAYS: '1h,1d' });
    const { request, at } = await registeredAt(t);
    const describesBefore = t.cms.callsTo('describeContact').length;
    t.clock.now = at + HOUR - 1;
    expect(await sweepReminders(t.deps)).toBe(0);
    expect(t.cms.callsTo('describeContact')).toHaveLength(describesBefore);
    expect(t.posted).toEqual([]);

    t.clock.now = at + HOUR;
    expect(await sweepReminders(t.deps)).toBe(1);
    expect(t.cms.callsTo('describeContact').slice(describesBefore)).toEqual([['dana_ops']]);
    expect(t.posted.map((post) => post.channel)).toEqual([REQUESTER]);
    const reminder = (await t.deps.audit.list()).find((entry) => entry.action === 'activation-reminder');
    expect(reminder).toMatchObject({ requestId: request.id, detail: 'SMS,Mail' });
    // Handled reminders leave the due index: sweeping again sends nothing.
    expect(await sweepReminders(t.deps)).toBe(0);
    expect(t.posted).toHaveLength(1);
    expect(await nextReminderOf(t.deps, request.id)).toMatchObject({ index: 1 });
  });

  it('two sweeps at the same moment handle each due reminder once', async () => {
    const t = coreDeps({ REMINDER_DELAYS: '1h' });
    const { at } = await registeredAt(t);
    t.clock.now = at + HOUR;
    const handled = await Promise.all([sweepReminders(t.deps), sweepReminders(t.deps)]);
    expect(handled.reduce((sum, n) => sum + n, 0)).toBe(1);
    expect(t.posted).toHaveLength(1);
  });

  it('confirms once when every channel is active, and drops the reminders left', async () => {
    const t = coreDeps({ REMINDER_DELAYS: '1h,1d,3d' });
    const { request, at } = await registeredAt(t);
    t.cms.activate('dana_ops', 'SMS');
    t.cms.activate('dana_ops', 'Mail');
    t.clock.now = at + HOUR;
    expect(await sweepReminders(t.deps)).toBe(1);
    expect(t.posted).toHaveLength(1);
    expect(await auditActions(t)).toContain('activation-confirmed');
    expect(await nextReminderOf(t.deps, request.id)).toBeUndefined();
    const describes = t.cms.callsTo('describeContact').length;
    t.clock.now = at + 72 * HOUR;
    // Both remaining reminders belong to one registration: handled together (one registration).
    expect(await sweepReminders(t.deps)).toBe(1);
    // Dropped without asking CloudMonitor and without another DM.
    expect(t.cms.callsTo('describeContact')).toHaveLength(describes);
    expect(t.posted).toHaveLength(1);
    expect((await auditActions(t)).filter((action) => action === 'activation-confirmed')).toHaveLength(1);
  });

  it('drops the reminders of a removed registration without a CloudMonitor call', async () => {
    const t = coreDeps({ REMINDER_DELAYS: '1h' });
    const { at } = await registeredAt(t);
    const opened = await requestRemoval(t.deps, REQUESTER, 'requester');
    if (!opened.ok) throw new Error('not opened');
    await decide(t.deps, opened.request.id, 'approve', ADMIN);
    await carryOutRequest(t.deps, opened.request.id);
    const describes = t.cms.callsTo('describeContact').length;
    t.clock.now = at + HOUR;
    expect(await sweepReminders(t.deps)).toBe(1);
    expect(t.cms.callsTo('describeContact')).toHaveLength(describes);
    expect(t.posted).toEqual([]);
  });

  it('leaves a reminder due when CloudMonitor fails, and handles it after its lease (60 s) has expired', async () => {
    const t = coreDeps({ REMINDER_DELAYS: '1h' });
    const { at } = await registeredAt(t);
    t.clock.now = at + HOUR;
    t.cms.failNext('describeContact', 'ServiceUnavailable');
    expect(await sweepReminders(t.deps)).toBe(0);
    expect(t.posted).toEqual([]);
    t.clock.now += 59_999;
    expect(await sweepReminders(t.deps)).toBe(0);
    t.clock.now += 1;
    expect(await sweepReminders(t.deps)).toBe(1);
    expect(t.posted).toHaveLength(1);
  });
});

describe('confirmOnce', () => {
  it('congratulates exactly once, however many callers (reminder, "check now" button) race', async () => {
    const t = coreDeps();
    const { request } = await registeredAt(t);
    const registration = { requestId: request.id, requesterId: REQUESTER, contact: request.contact };
    const results = await Promise.all([
      confirmOnce(t.deps, registration),
      confirmOnce(t.deps, registration),
      confirmOnce(t.deps, registration),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await confirmOnce(t.deps, registration)).toBe(false);
    expect(t.posted.map((post) => post.channel)).toEqual([REQUESTER]);
    expect((await auditActions(t)).filter((action) => action === 'activation-confirmed')).toHaveLength(1);
  });
});
