import { listsChannel } from '../cms/client.js';
import { asCmsError } from '../cms/errors.js';
import type { AppDeps } from '../compose.js';
import { ACTIVATED_CHANNELS, CHANNELS, type Channel } from '../contact/schema.js';
import { nextReminderOf } from '../reminders/reminders.js';
import { type ContactRequest, isIn, OPEN_STATUSES } from '../requests/request.js';

/**
 * Whether a channel receives alerts: `active` (ChannelsState `OK`, or a channel CloudMonitor does not activate:
 * TradeManager, DingTalk), `pending` (SMS/Mail waiting for their activation link), `unknown` (SMS/Mail while
 * CloudMonitor was not asked, or could not be).
 */
export type ChannelActivation = 'active' | 'pending' | 'unknown';

/** One channel of the user's contact; `value` is the raw address (builders mask it before showing it). */
export interface ChannelStatus {
  channel: Channel;
  value: string;
  activation: ChannelActivation;
}

/** What CloudMonitor (DescribeContactList, API 2019-01-01) said about the contact, if it was asked. */
export type LiveState =
  /** Stored state only: CloudMonitor not asked (yet), or there is no contact to ask about. */
  | { kind: 'not_asked' }
  | { kind: 'found'; groups: string[] }
  /** CloudMonitor has no contact of that name any more (deleted in the console?). */
  | { kind: 'missing' }
  /** CloudMonitor could not be asked; `code` is the CmsError code (e.g. `Timeout`, `InvalidAuthorization`). */
  | { kind: 'unavailable'; code: string };

/** The user's request that is still open, as far as the status needs it. Times are epoch ms. */
export interface OpenRequestStatus {
  id: string;
  kind: ContactRequest['kind'];
  status: 'pending' | 'approving' | 'failed';
  contactName: string;
  createdAt: number;
  updatedAt: number;
  /** When an admin approved it (approving, failed). */
  decidedAt?: number;
  /** CloudMonitor's refusal (failed). */
  failure?: { code: string; message: string };
}

/**
 * Everything `/alert-contact status` and the App Home show about one user: plain data, no Slack. Times are
 * epoch ms. Channel values are raw; builders mask them.
 */
export interface ContactStatus {
  userId: string;
  /**
   * The contact registered through the bot. Channels are CloudMonitor's when it was asked and found the
   * contact (someone may have changed them in the console), otherwise the registered ones.
   */
  contact?: {
    name: string;
    describe: string;
    lang?: string;
    registeredAt: number;
    /** The request that registered it (its reminders are `reminder:<requestId>.<index>`). */
    requestId: string;
    channels: ChannelStatus[];
  };
  live: LiveState;
  openRequest?: OpenRequestStatus;
  /** The next stored activation reminder of the current registration (none once everything was confirmed). */
  nextReminder?: { dueAt: number; index: number; count: number };
  /** When this status was read. */
  readAt: number;
}

/**
 * Reads a user's status from the store only (no CloudMonitor call): their registered contact (SMS/Mail activation
 * `unknown`), their open request (pending / approving / failed), and the next activation reminder (the
 * earliest stored `reminder:<requestId>.<index>` of the current registration, index < REMINDER_DELAYS count;
 * none when the registration was confirmed all set).
 * @param userId the Slack user from a signed payload, never from typed text
 * @throws the store's error when it cannot be read
 */
export async function readStoredStatus(
  deps: Pick<AppDeps, 'requests' | 'store' | 'config' | 'now'>,
  userId: string,
): Promise<ContactStatus> {
  const [registered, open] = await Promise.all([
    deps.requests.registeredContactOf(userId),
    deps.requests.openRequestOf(userId),
  ]);
  const status: ContactStatus = { userId, live: { kind: 'not_asked' }, readAt: deps.now() };
  if (registered) {
    status.contact = {
      name: registered.contact.ContactName,
      describe: registered.contact.Describe,
      ...(registered.contact.Lang ? { lang: registered.contact.Lang } : {}),
      registeredAt: registered.registeredAt,
      requestId: registered.requestId,
      // Only SMS and Mail have an activation state; the others receive alerts as soon as they are registered.
      channels: channelsOf(registered.contact.Channels, (channel) => (isActivated(channel) ? 'unknown' : 'active')),
    };
    const next = await nextReminderOf(deps, registered.requestId);
    if (next)
      status.nextReminder = { dueAt: next.dueAt, index: next.index, count: deps.config.reminderDelaysMs.length };
  }
  if (open && isIn(OPEN_STATUSES, open.status)) {
    status.openRequest = {
      id: open.id,
      kind: open.kind,
      status: open.status,
      contactName: open.contact.ContactName,
      createdAt: open.createdAt,
      updatedAt: open.updatedAt,
      ...(open.decision && open.status !== 'pending' ? { decidedAt: open.decision.at } : {}),
      ...(open.status === 'failed'
        ? { failure: { code: open.result?.code ?? 'UnknownError', message: open.result?.message ?? '' } }
        : {}),
    };
  }
  return status;
}

/**
 * Adds CloudMonitor's view to a stored status: DescribeContactList (CloudMonitor API 2019-01-01) by ContactName
 * gives each channel's ChannelsState (`PENDING` until the activation link is opened; a SMS/Mail channel absent
 * from ChannelsState counts as pending, as reminders count it) and the contact groups. A value CloudMonitor hides
 * or masks (see `listsChannel` in cms/client.ts) is shown as stored. A contact CloudMonitor does not know (empty
 * list, or `ContactNotExists` / `ResourceNotFound`) is `live.kind === 'missing'`. Never throws: when
 * CloudMonitor cannot be asked the stored status comes back with `live.kind === 'unavailable'`.
 * @returns a new status; unchanged (`not_asked`) when the user has no registered contact
 */
export async function withLiveState(
  deps: Pick<AppDeps, 'cms' | 'logger' | 'now'>,
  status: ContactStatus,
): Promise<ContactStatus> {
  const contact = status.contact;
  if (!contact) return status;
  try {
    const remote = await deps.cms.describeContact(contact.name);
    if (!remote) return { ...status, live: { kind: 'missing' }, readAt: deps.now() };
    // CloudMonitor's values win (edited in the console?) when it shows them in clear; a channel it lists without
    // its value (a pending value it hides, or one it masks) shows the registered value; one it does not list is gone.
    const registered = Object.fromEntries(contact.channels.map((entry) => [entry.channel, entry.value])) as Partial<
      Record<Channel, string>
    >;
    const merged: Partial<Record<Channel, string>> = {};
    for (const channel of CHANNELS) {
      const value =
        remote.Channels[channel] ??
        (listsChannel(remote, channel) ? (registered[channel] ?? remote.Masked?.[channel]) : undefined);
      if (value !== undefined) merged[channel] = value;
    }
    const channels = channelsOf(merged, (channel) => {
      const state = remote.ChannelsState[channel];
      if (state === 'OK') return 'active';
      if (state === 'PENDING') return 'pending';
      return isActivated(channel) ? 'pending' : 'active';
    });
    return {
      ...status,
      contact: { ...contact, describe: remote.Describe || contact.describe, channels },
      live: { kind: 'found', groups: [...remote.ContactGroups] },
      readAt: deps.now(),
    };
  } catch (error) {
    const cmsError = asCmsError(error);
    deps.logger.warn({ err: cmsError, userId: status.userId }, 'DescribeContactList failed; showing the stored status');
    return { ...status, live: { kind: 'unavailable', code: cmsError.code }, readAt: deps.now() };
  }
}

function isActivated(channel: Channel): boolean {
  return (ACTIVATED_CHANNELS as readonly Channel[]).includes(channel);
}

function channelsOf(
  values: Partial<Record<Channel, string>>,
  activation: (channel: Channel) => ChannelActivation,
): ChannelStatus[] {
  return CHANNELS.flatMap((channel) => {
    const value = values[channel];
    return value === undefined ? [] : [{ channel, value, activation: activation(channel) }];
  });
}
