/**
 * The stored state of one registration, as the app's own code writes it: a request submitted, posted for
 * approval, approved, registered in CloudMonitor (Mail left pending), with its audit entries, ownership lease
 * and activation reminders. Recorded once into a {@link MemoryStore} and then replicated per registration by
 * substituting the requester, the serial number and the random ids, so the stored-state scenario can hold
 * 100,000 registrations with exactly the keys and values the app would have written.
 */
import type { webApi } from '@slack/bolt';
import { pino } from 'pino';
import type { CmsClient } from '../../src/cms/client.js';
import { type AppDeps, composeDeps } from '../../src/compose.js';
import type { Config } from '../../src/config.js';
import { carryOutRequest } from '../../src/requests/carry-out.js';
import { decide } from '../../src/requests/decide.js';
import type { ContactRequest } from '../../src/requests/request.js';
import { createSlackNotifier } from '../../src/slack/notifier.js';
import type { MessagePoster } from '../../src/slack/post-message.js';
import { MemoryStore, type StoreRows } from '../../test/fakes/memory-store.js';

const USER_TOKEN = 'U0TOKUSR';
const SERIAL_TOKEN = 'TOKSERIAL';

/** Who and what a replicated registration is about. */
export interface RegistrationIdentity {
  userId: string;
  contactName: string;
}

/** The i-th registration's requester (`U0R` + base 36) and ContactName (`bench_<i>`). */
export function registrationIdentity(i: number): RegistrationIdentity {
  return { userId: `U0R${i.toString(36).toUpperCase().padStart(6, '0')}`, contactName: `bench_${i}` };
}

/** A recorded registration that can be stamped out for any i. */
export interface RegistrationTemplate {
  /** Number of rows one registration adds. */
  size: { values: number; sorted: number; leases: number };
  /** The rows of the i-th registration. */
  rowsFor(i: number): StoreRows;
}

/** Splits a text on the tokens once, so each copy is a join (fast enough for millions of rows). */
function compile(text: string, tokens: readonly string[]): (values: readonly string[]) => string {
  if (!tokens.some((token) => text.includes(token))) return () => text;
  const pattern = new RegExp(`(${tokens.map((token) => token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'g');
  const parts = text.split(pattern);
  const slots = parts.map((part) => tokens.indexOf(part));
  return (values) => {
    let out = '';
    for (let k = 0; k < parts.length; k += 1)
      out += k % 2 === 1 ? (values[slots[k] as number] as string) : (parts[k] as string);
    return out;
  };
}

/**
 * Records one registration made at `registeredAt` (epoch ms) with the app's code: RequestRepository.create,
 * AuditLog.append, notifier.postApprovalMessage, decide('approve'), carryOutRequest (CloudMonitor answered by a stub:
 * PutContact succeeds, DescribeContactList shows Mail still PENDING, so reminders are scheduled at
 * REMINDER_DELAYS after registeredAt).
 * @param config the app's config (REMINDER_DELAYS, admin channel)
 */
export async function recordRegistration(config: Config, registeredAt: number): Promise<RegistrationTemplate> {
  const clock = () => registeredAt;
  const store = new MemoryStore(clock);
  const cms: CmsClient = {
    putContact: async () => ({ requestId: 'CMS-REQUEST-ID' }),
    deleteContact: async () => ({ requestId: 'CMS-REQUEST-ID' }),
    listContactGroups: async () => [],
    putContactGroup: async () => ({ requestId: 'CMS-REQUEST-ID' }),
    findContactsByChannel: async () => [],
    listContactsPage: async () => ({ contacts: [], total: 0 }),
    describeContact: async (contactName) => ({
      ContactName: contactName,
      Describe: 'Bench person (via Slack)',
      Lang: 'en',
      Channels: { Mail: `bench${SERIAL_TOKEN}@example.com` },
      ChannelsState: { Mail: 'PENDING' },
      ContactGroups: [],
    }),
  };
  // Slack answers shaped like Slack's: a post returns its channel and ts; chat.update is the only client call.
  const ts = `${Math.floor(registeredAt / 1000)}.000100`;
  const poster: MessagePoster = { post: async (args) => ({ ok: true, channel: args.channel, ts }) };
  const client = {
    chat: {
      update: async (args: { channel: string; ts: string }) => ({ ok: true, channel: args.channel, ts: args.ts }),
    },
  } as unknown as webApi.WebClient;
  const deps: AppDeps = {
    ...composeDeps(config, store, pino({ level: 'silent' }), { now: clock }),
    cms,
    poster,
    instanceId: 'bench-template',
  };
  deps.notifier = createSlackNotifier(deps, client);

  const request: ContactRequest = {
    id: `req_${SERIAL_TOKEN}`,
    requesterId: USER_TOKEN,
    kind: 'create',
    contact: {
      ContactName: `bench_${SERIAL_TOKEN}`,
      Describe: 'Bench person (via Slack)',
      Channels: { Mail: `bench${SERIAL_TOKEN}@example.com` },
      Lang: 'en',
    },
    status: 'pending',
    attempts: 0,
    createdAt: registeredAt,
    updatedAt: registeredAt,
  };
  await deps.requests.create(request);
  await deps.audit.append({
    actor: USER_TOKEN,
    action: 'request-submitted',
    requestId: request.id,
    contactName: request.contact.ContactName,
    detail: 'create',
  });
  await deps.notifier.postApprovalMessage(request);
  const decision = await decide(deps, request.id, 'approve', config.slack.adminUserIds[0] ?? 'U0ADMIN');
  if (!decision.ok) throw new Error(`recording a registration: approve failed (${decision.reason})`);
  const registered = await carryOutRequest(deps, request.id);
  if (registered?.status !== 'registered')
    throw new Error(`recording a registration: ended ${registered?.status ?? 'missing'}`);

  const rows = store.rows();
  // Sorted-index members without a token are random ids (audit entries): made unique per registration.
  const randomIds = [
    ...new Set(
      rows.sorted
        .map((row) => row.member)
        .filter((member) => !member.includes(SERIAL_TOKEN) && !member.includes(USER_TOKEN)),
    ),
  ];
  const tokens = [USER_TOKEN, USER_TOKEN.toLowerCase(), SERIAL_TOKEN, SERIAL_TOKEN.toLowerCase(), ...randomIds];
  const values = rows.values.map((row) => ({ key: compile(row.key, tokens), json: compile(row.json, tokens) }));
  const sorted = rows.sorted.map((row) => ({
    index: row.index,
    member: compile(row.member, tokens),
    score: row.score,
  }));
  const leases = rows.leases.map((row) => ({
    key: compile(row.key, tokens),
    owner: compile(row.owner, tokens),
    expiresAt: row.expiresAt,
  }));
  return {
    size: { values: values.length, sorted: sorted.length, leases: leases.length },
    rowsFor(i) {
      const { userId } = registrationIdentity(i);
      const substitutes = [userId, userId.toLowerCase(), String(i), String(i), ...randomIds.map((id) => `${id}.${i}`)];
      return {
        values: values.map((row) => ({ key: row.key(substitutes), json: row.json(substitutes) })),
        sorted: sorted.map((row) => ({ index: row.index, member: row.member(substitutes), score: row.score })),
        leases: leases.map((row) => ({
          key: row.key(substitutes),
          owner: row.owner(substitutes),
          expiresAt: row.expiresAt,
        })),
      };
    },
  };
}
