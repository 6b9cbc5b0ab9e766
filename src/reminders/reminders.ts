import { webApi } from '@slack/bolt';
import pLimit from 'p-limit';
import { escapeMrkdwn } from '../blocks/primitives.js';
import { buildActivationConfirmed, buildActivationReminder } from '../blocks/requester-messages.js';
import type { AppDeps } from '../compose.js';
import type { Contact } from '../contact/schema.js';
import { messages } from '../i18n/index.js';
import { isRefusal } from '../slack/delivery.js';
import { describeSlackError } from '../slack/errors.js';
import { attemptOwner } from '../store/store.js';
import { pendingChannels } from './activation.js';

/** A stored reminder: check activation of the contact registered by `requestId` at `dueAt` (epoch ms). */
export interface Reminder {
  id: string;
  requestId: string;
  requesterId: string;
  contactName: string;
  dueAt: number;
  /** 0-based position in REMINDER_DELAYS. */
  index: number;
  /** DMs Slack refused so far (each retried after a backoff). */
  tries?: number;
}

const DUE_INDEX = 'reminders:due';
const LEASE_MS = 60_000;
const reminderKey = (id: string) => `reminder:${id}`;
/** Once-only markers: at most one confirmation per registration, at most one DM per reminder. */
const confirmedKey = (requestId: string) => `confirmed:${requestId}`;
const sentKey = (id: string) => `reminder-sent:${id}`;
/** Once-only marker: at most one "your contact is gone" DM per registration. */
const goneKey = (requestId: string) => `contact-gone-told:${requestId}`;
/** When the registration's last reminder went out (epoch ms), kept as long as reminders can come. */
const lastSentKey = (requestId: string) => `reminder-last-sent:${requestId}`;
const LAST_SENT_TTL_MS = 30 * 24 * 3_600_000;

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
export async function nextReminderOf(
  deps: Pick<AppDeps, 'store' | 'config'>,
  requestId: string,
): Promise<Reminder | undefined> {
  if (await deps.store.holder(confirmedKey(requestId))) return undefined;
  const reminders = await Promise.all(
    deps.config.reminderDelaysMs.map((_delay, index) => deps.store.get<Reminder>(reminderKey(`${requestId}.${index}`))),
  );
  return reminders
    .filter((reminder): reminder is Reminder => reminder !== undefined && reminder.requestId === requestId)
    .sort((a, b) => a.dueAt - b.dueAt)[0];
}

/**
 * Claims the confirmation of a registration (true once, ever) and, when claimed, DMs it. Shared by reminders
 * and the "check now" button so a person is congratulated exactly once. When Slack refuses the DM (ok:false or
 * rate limited: nothing was delivered) the claim is given back, so a later check can send it.
 * @throws the Web API error of the DM
 */
export async function confirmOnce(
  deps: Pick<AppDeps, 'store' | 'instanceId' | 'audit' | 'poster' | 'locales'>,
  registration: { requestId: string; requesterId: string; contact: Contact },
): Promise<boolean> {
  const owner = attemptOwner(deps.instanceId);
  if (!(await deps.store.claim(confirmedKey(registration.requestId), owner))) return false;
  const locale = await deps.locales.of(registration.requesterId);
  try {
    await deps.poster.post({
      channel: registration.requesterId,
      ...buildActivationConfirmed(locale, registration.contact),
    });
  } catch (error) {
    if (isRefusal(error)) await deps.store.release(confirmedKey(registration.requestId), owner);
    throw error;
  }
  await deps.audit.append({
    actor: 'bot',
    subject: registration.requesterId,
    action: 'activation-confirmed',
    requestId: registration.requestId,
    contactName: registration.contact.ContactName,
  });
  return true;
}

/** Registrations handled at once per sweep: each waits on CloudMonitor, whose client caps the calls per second. */
export const REMINDER_CONCURRENCY = 5;
/** Most tries of one reminder DM Slack refuses (ok:false, or still rate limited) before it is given up. */
export const MAX_REMINDER_TRIES = 5;
/** Wait before the first retry of a refused reminder DM, ms; doubles each try (10 s, 20 s, 40 s, 80 s). */
export const REMINDER_RETRY_BASE_MS = 10_000;

export interface SweepOptions {
  /** Due reminders read per sweep (default 50). */
  limit?: number;
  /** Registrations handled at once (default {@link REMINDER_CONCURRENCY}). */
  concurrency?: number;
  /** First retry wait of a refused DM, ms (default {@link REMINDER_RETRY_BASE_MS}). */
  retryBaseMs?: number;
}

/**
 * Handles every reminder due by now, per registration: takes the registration's reminder lease (so two replicas
 * never handle one registration at once), and when several of its reminders are due (after downtime or a
 * backlog) handles only the latest and retires the earlier ones, so nobody gets two reminders back to back. It
 * asks CloudMonitor (DescribeContactList) which channels are still pending, and DMs a reminder naming them, or
 * the one-time confirmation when all are active. When CloudMonitor no longer has the contact (deleted in the
 * console), every reminder of that registration is dropped and the owner is told once by DM. Reminders of a
 * registration that was confirmed or replaced by a later edit are dropped without a call, and so is one due less than half its scheduled gap after the previous
 * reminder went out (a backlog made them meet). Up to `concurrency` registrations are handled at once; the CloudMonitor
 * client's rate cap sets the pace, so a backlog drains at the cap's rate.
 * A DM Slack refuses (ok:false, or HTTP 429 beyond the poster's waits: nothing was delivered) keeps the reminder
 * due and is tried again after a backoff (doubling from `retryBaseMs`, at least Slack's Retry-After), at most
 * {@link MAX_REMINDER_TRIES} times, then given up with an error log and an audit entry. A DM whose answer was lost
 * (network, 5xx) may have arrived and is not sent again. A CloudMonitor error leaves the reminder due; it is
 * tried again after the lease expires (60 s).
 * Slack's rate limits: https://api.slack.com/apis/rate-limits (HTTP 429 with Retry-After).
 * @returns how many registrations' reminders were handled (sent, confirmed, retried later or dropped)
 */
export async function sweepReminders(deps: AppDeps, options: SweepOptions = {}): Promise<number> {
  const due = await deps.store.zrangeByScore(DUE_INDEX, deps.now(), options.limit ?? 50);
  const byRegistration = new Map<string, string[]>();
  for (const { member: id } of due) {
    const requestId = registrationOf(id);
    byRegistration.set(requestId, [...(byRegistration.get(requestId) ?? []), id]);
  }
  const limit = pLimit(options.concurrency ?? REMINDER_CONCURRENCY);
  let handled = 0;
  await Promise.all(
    [...byRegistration].map(([requestId, ids]) =>
      limit(async () => {
        const lease = `reminder-lease:${requestId}`;
        const owner = attemptOwner(deps.instanceId);
        if (!(await deps.store.claim(lease, owner, LEASE_MS))) return;
        try {
          await handleRegistration(deps, requestId, ids, options.retryBaseMs ?? REMINDER_RETRY_BASE_MS);
          handled += 1;
        } catch (error) {
          deps.logger.warn({ err: error, requestId }, 'reminder not handled; will retry after its lease expires');
          return; // the lease stays: tried again in 60 s
        }
        await deps.store.release(lease, owner);
      }),
    ),
  );
  return handled;
}

/** The registration (request id) of a reminder id `<requestId>.<index>`. */
function registrationOf(reminderId: string): string {
  const dot = reminderId.lastIndexOf('.');
  return dot === -1 ? reminderId : reminderId.slice(0, dot);
}

async function retire(deps: AppDeps, id: string): Promise<void> {
  await deps.store.zrem(DUE_INDEX, id);
  await deps.store.delete(reminderKey(id));
}

/** Handles the latest due reminder of one registration; the earlier ones are retired unsent. */
async function handleRegistration(
  deps: AppDeps,
  requestId: string,
  dueIds: readonly string[],
  retryBaseMs: number,
): Promise<void> {
  const loaded = await Promise.all(
    dueIds.map(async (id) => ({ id, reminder: await deps.store.get<Reminder>(reminderKey(id)) })),
  );
  for (const { id, reminder } of loaded) if (!reminder) await deps.store.zrem(DUE_INDEX, id);
  const due = loaded
    .map(({ reminder }) => reminder)
    .filter((reminder): reminder is Reminder => reminder !== undefined && reminder.dueAt <= deps.now())
    .sort((a, b) => a.index - b.index);
  const latest = due.at(-1);
  if (!latest) return;
  for (let index = 0; index < latest.index; index += 1) await retire(deps, `${requestId}.${index}`);
  if (latest.index > 0 && due.length > 1)
    deps.logger.info({ requestId, retired: due.length - 1 }, 'several reminders due at once; only the latest is sent');
  await handleReminder(deps, latest, retryBaseMs);
}

async function handleReminder(deps: AppDeps, reminder: Reminder, retryBaseMs: number): Promise<void> {
  const { id } = reminder;
  const done = () => retire(deps, id);
  const registered = await deps.requests.registeredContactOf(reminder.requesterId);
  const stale = !registered || registered.requestId !== reminder.requestId;
  if (stale || (await deps.store.holder(confirmedKey(reminder.requestId)))) return done();

  const remote = await deps.cms.describeContact(reminder.contactName);
  await deps.audit.append({
    actor: 'bot',
    subject: reminder.requesterId,
    action: 'activation-check',
    requestId: reminder.requestId,
    contactName: reminder.contactName,
    cmsAction: 'DescribeContactList',
    outcome: remote ? 'found' : 'not-found',
  });
  if (!remote) {
    deps.logger.warn({ requestId: reminder.requestId }, 'contact no longer in CloudMonitor; reminders dropped');
    if (await deps.store.claim(goneKey(reminder.requestId), attemptOwner(deps.instanceId))) {
      // Marked before sending, as reminders are: a crash here loses the note rather than sending it twice.
      const locale = await deps.locales.of(reminder.requesterId);
      await deps.poster.post({
        channel: reminder.requesterId,
        text: messages(locale).dm.contactGone(escapeMrkdwn(reminder.contactName)),
      });
    }
    for (let index = 0; index < deps.config.reminderDelaysMs.length; index += 1)
      await retire(deps, `${reminder.requestId}.${index}`);
    return done();
  }
  const pending = pendingChannels(registered.contact, remote);
  if (pending.length > 0 && (await sentTooRecently(deps, reminder))) {
    deps.logger.info(
      { requestId: reminder.requestId, reminderId: id },
      'previous reminder went out moments ago (a backlog); this one retired',
    );
    return done();
  }
  try {
    if (pending.length === 0) {
      await confirmOnce(deps, {
        requestId: reminder.requestId,
        requesterId: reminder.requesterId,
        contact: registered.contact,
      });
    } else {
      const owner = attemptOwner(deps.instanceId);
      // Marked before sending: a crash during the post loses one reminder rather than sending it twice.
      if (await deps.store.claim(sentKey(id), owner)) {
        const locale = await deps.locales.of(reminder.requesterId);
        try {
          await deps.poster.post({
            channel: reminder.requesterId,
            ...buildActivationReminder(locale, registered.contact, pending),
          });
        } catch (error) {
          // Refused: nothing was delivered, so the marker is given back for the retry.
          if (isRefusal(error)) await deps.store.release(sentKey(id), owner);
          throw error;
        }
        await deps.store.set(lastSentKey(reminder.requestId), deps.now(), LAST_SENT_TTL_MS);
        await deps.audit.append({
          actor: 'bot',
          subject: reminder.requesterId,
          action: 'activation-reminder',
          requestId: reminder.requestId,
          contactName: reminder.contactName,
          detail: pending.join(','),
        });
      }
    }
  } catch (error) {
    if (!isRefusal(error)) {
      // The answer was lost (network, 5xx): the DM may have arrived, and a second one must not.
      deps.logger.error(
        { err: error, requestId: reminder.requestId },
        'could not confirm the activation DM; not re-sent',
      );
      return done();
    }
    const tries = (reminder.tries ?? 0) + 1;
    const code = describeSlackError(error);
    if (tries >= MAX_REMINDER_TRIES) {
      deps.logger.error(
        { err: error, requestId: reminder.requestId, tries },
        'Slack kept refusing the activation DM; given up',
      );
      await deps.audit.append({
        actor: 'bot',
        subject: reminder.requesterId,
        action: 'activation-reminder',
        requestId: reminder.requestId,
        contactName: reminder.contactName,
        outcome: `undelivered:${code}`,
      });
      return done();
    }
    const retryAfterMs = error instanceof webApi.WebAPIRateLimitedError ? error.retryAfter * 1000 : 0;
    const waitMs = Math.max(retryBaseMs * 2 ** (tries - 1), retryAfterMs);
    const dueAt = deps.now() + waitMs;
    await deps.store.set(reminderKey(id), { ...reminder, tries, dueAt } satisfies Reminder);
    await deps.store.zadd(DUE_INDEX, id, dueAt);
    deps.logger.warn(
      { err: error, requestId: reminder.requestId, tries, retryInMs: waitMs },
      'Slack refused the activation DM; will retry',
    );
    return;
  }
  await done();
}

/**
 * True when the registration's previous reminder went out less than half the scheduled gap before this one
 * (REMINDER_DELAYS) ago: a backlog delayed it, and a second DM naming the same channels moments later is a
 * duplicate to the person.
 */
async function sentTooRecently(deps: AppDeps, reminder: Reminder): Promise<boolean> {
  if (reminder.index === 0) return false;
  const lastSent = await deps.store.get<number>(lastSentKey(reminder.requestId));
  if (lastSent === undefined) return false;
  const delays = deps.config.reminderDelaysMs;
  const gap = (delays[reminder.index] ?? 0) - (delays[reminder.index - 1] ?? 0);
  return deps.now() - lastSent < gap / 2;
}
