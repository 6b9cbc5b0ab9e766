import { buildActivationConfirmed, buildActivationReminder } from '../blocks/requester-messages.js';
import { escapeMrkdwn } from '../blocks/primitives.js';
import { messages } from '../i18n/index.js';
import type { Contact } from '../contact/schema.js';
import type { AppDeps } from '../compose.js';
import { pendingChannels } from './activation.js';
import { attemptOwner } from '../store/store.js';

/** A stored reminder: check activation of the contact registered by `requestId` at `dueAt` (epoch ms). */
export interface Reminder {
  id: string;
  requestId: string;
  requesterId: string;
  contactName: string;
  dueAt: number;
  /** 0-based position in REMINDER_DELAYS. */
  index: number;
}

const DUE_INDEX = 'reminders:due';
const LEASE_MS = 60_000;
const reminderKey = (id: string) => `reminder:${id}`;
/** Once-only markers: at most one confirmation per registration, at most one DM per reminder. */
const confirmedKey = (requestId: string) => `confirmed:${requestId}`;
const sentKey = (id: string) => `reminder-sent:${id}`;
/** Once-only marker: at most one "your contact is gone" DM per registration. */
const goneKey = (requestId: string) => `contact-gone-told:${requestId}`;

/**
 * Stores one reminder per REMINDER_DELAYS offset after `registeredAt` (epoch ms). Stored state survives restarts;
 * the due index makes each sweep cost what is due, not what is stored.
 */
export async function scheduleReminders(
  deps: Pick<AppDeps, 'store' | 'config'>,
  registration: { requestId: string; requesterId: string; contactName: string; registeredAt: number },
): Promise<Reminder[]> {
  const reminders = deps.config.reminderDelaysMs.map((delay, index) => ({
    id: `${registration.requestId}.${index}`,
    requestId: registration.requestId,
    requesterId: registration.requesterId,
    contactName: registration.contactName,
    dueAt: registration.registeredAt + delay,
    index,
  }));
  for (const reminder of reminders) {
    await deps.store.set(reminderKey(reminder.id), reminder);
    await deps.store.zadd(DUE_INDEX, reminder.id, reminder.dueAt);
  }
  return reminders;
}

/**
 * The next reminder still to come for the registration made by `requestId`, or undefined when none is left or
 * the registration was already confirmed all set. Reads REMINDER_DELAYS.length records; no CloudMonitor call.
 */
export async function nextReminderOf(deps: Pick<AppDeps, 'store' | 'config'>, requestId: string): Promise<Reminder | undefined> {
  if (await deps.store.holder(confirmedKey(requestId))) return undefined;
  const reminders = await Promise.all(deps.config.reminderDelaysMs.map((_delay, index) => deps.store.get<Reminder>(reminderKey(`${requestId}.${index}`))));
  return reminders
    .filter((reminder): reminder is Reminder => reminder !== undefined && reminder.requestId === requestId)
    .sort((a, b) => a.dueAt - b.dueAt)[0];
}

/**
 * Claims the confirmation of a registration (true once, ever) and, when claimed, DMs it. Shared by reminders
 * and the "check now" button so a person is congratulated exactly once.
 */
export async function confirmOnce(
  deps: Pick<AppDeps, 'store' | 'instanceId' | 'audit' | 'poster' | 'locales'>,
  registration: { requestId: string; requesterId: string; contact: Contact },
): Promise<boolean> {
  if (!(await deps.store.claim(confirmedKey(registration.requestId), attemptOwner(deps.instanceId)))) return false;
  const locale = await deps.locales.of(registration.requesterId);
  await deps.poster.post({ channel: registration.requesterId, ...buildActivationConfirmed(locale, registration.contact) });
  await deps.audit.append({ actor: 'bot', subject: registration.requesterId, action: 'activation-confirmed', requestId: registration.requestId, contactName: registration.contact.ContactName });
  return true;
}

/**
 * Handles every reminder due by now: for each, takes a lease (so two replicas never both handle it), asks
 * CloudMonitor (DescribeContactList) which channels are still pending, and DMs a reminder naming them, or the
 * one-time confirmation when all are active. Reminders of a registration that was confirmed or replaced by a
 * later edit are dropped without a call. When CloudMonitor no longer has the contact (deleted in the console),
 * every reminder of that registration is dropped and the owner is told once by DM. A CloudMonitor error leaves
 * the reminder due; it is tried again after its lease expires (60 s).
 * @param limit reminders handled per sweep
 * @returns how many reminders were handled (sent, confirmed or dropped)
 */
export async function sweepReminders(deps: AppDeps, limit = 50): Promise<number> {
  const due = await deps.store.zrangeByScore(DUE_INDEX, deps.now(), limit);
  let handled = 0;
  for (const { member: id } of due) {
    if (!(await deps.store.claim(`reminder-lease:${id}`, attemptOwner(deps.instanceId), LEASE_MS))) continue;
    try {
      if (await handleReminder(deps, id)) handled += 1;
    } catch (error) {
      deps.logger.warn({ err: error, reminderId: id }, 'reminder not handled; will retry after its lease expires');
    }
  }
  return handled;
}

async function handleReminder(deps: AppDeps, id: string): Promise<boolean> {
  const done = async () => {
    await deps.store.zrem(DUE_INDEX, id);
    await deps.store.delete(reminderKey(id));
  };
  const reminder = await deps.store.get<Reminder>(reminderKey(id));
  if (!reminder) return (await done(), true);
  const registered = await deps.requests.registeredContactOf(reminder.requesterId);
  const stale = !registered || registered.requestId !== reminder.requestId;
  if (stale || (await deps.store.holder(confirmedKey(reminder.requestId)))) return (await done(), true);

  const remote = await deps.cms.describeContact(reminder.contactName);
  await deps.audit.append({ actor: 'bot', subject: reminder.requesterId, action: 'activation-check', requestId: reminder.requestId, contactName: reminder.contactName, cmsAction: 'DescribeContactList', outcome: remote ? 'found' : 'not-found' });
  if (!remote) {
    deps.logger.warn({ requestId: reminder.requestId }, 'contact no longer in CloudMonitor; reminders dropped');
    if (await deps.store.claim(goneKey(reminder.requestId), attemptOwner(deps.instanceId))) {
      // Marked before sending, as reminders are: a crash here loses the note rather than sending it twice.
      const locale = await deps.locales.of(reminder.requesterId);
      await deps.poster.post({ channel: reminder.requesterId, text: messages(locale).dm.contactGone(escapeMrkdwn(reminder.contactName)) });
    }
    for (let index = 0; index < deps.config.reminderDelaysMs.length; index += 1) {
      const other = `${reminder.requestId}.${index}`;
      await deps.store.zrem(DUE_INDEX, other);
      await deps.store.delete(reminderKey(other));
    }
    return (await done(), true);
  }
  const pending = pendingChannels(registered.contact, remote);
  if (pending.length === 0) {
    await confirmOnce(deps, { requestId: reminder.requestId, requesterId: reminder.requesterId, contact: registered.contact });
  } else if (await deps.store.claim(sentKey(id), attemptOwner(deps.instanceId))) {
    // Marked before sending: a crash here loses one reminder rather than sending it twice.
    const locale = await deps.locales.of(reminder.requesterId);
    await deps.poster.post({ channel: reminder.requesterId, ...buildActivationReminder(locale, registered.contact, pending) });
    await deps.audit.append({ actor: 'bot', subject: reminder.requesterId, action: 'activation-reminder', requestId: reminder.requestId, contactName: reminder.contactName, detail: pending.join(',') });
  }
  await done();
  return true;
}
