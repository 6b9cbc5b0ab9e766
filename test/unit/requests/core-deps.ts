/**
 * AppDeps for unit tests of the request core (src/requests/, src/reminders/) with no network: composeDeps on the
 * in-memory store (test/fakes/memory-store.ts) and a settable clock, with the CloudMonitor client, the Notifier,
 * the message poster and the locale resolver replaced by the in-test stand-ins below. The Slack and CloudMonitor
 * endpoints in the config are a closed local port, so anything that still tried the network would fail loudly.
 */
import type { webApi } from '@slack/bolt';
import { pino } from 'pino';
import type { CmsClient, ContactGroup, RemoteContact } from '../../../src/cms/client.js';
import { CmsError } from '../../../src/cms/errors.js';
import { type AppDeps, composeDeps } from '../../../src/compose.js';
import { loadConfig } from '../../../src/config.js';
import { ACTIVATED_CHANNELS, type Contact } from '../../../src/contact/schema.js';
import type { Notifier } from '../../../src/requests/notifier.js';
import type { ContactRequest } from '../../../src/requests/request.js';
import type { MessagePoster } from '../../../src/slack/post-message.js';
import type { LocaleResolver } from '../../../src/slack/user-locale.js';
import type { RequestRepository } from '../../../src/store/request-repository.js';
import { MemoryStore } from '../../fakes/memory-store.js';

export const ADMIN = 'U0ADMIN01';
export const SECOND_ADMIN = 'U0ADMIN02';
export const REQUESTER = 'U0REQ0001';
export const OTHER_USER = 'U0REQ0002';
/** Nothing listens here (port 9, "discard", closed on test machines): a stray network call fails at once. */
const NOWHERE = 'http://127.0.0.1:9';

/** The CloudMonitor actions the stand-in answers, as CmsClient methods name them. */
export type CmsAction = keyof CmsClient;

/**
 * A small CloudMonitor stand-in implementing {@link CmsClient} in memory, with CloudMonitor's behaviour as far as
 * the core relies on it: PutContact creates or replaces a contact (SMS and Mail PENDING until {@link activate},
 * unchanged addresses keep their state), DescribeContactList finds a contact by exact name, DeleteContact of a
 * missing contact counts as done (the real client maps `ContactNotExists` so), PutContactGroup replaces a group.
 * Every call is recorded; {@link failNext} makes the next call of an action throw a {@link CmsError}.
 */
export class CloudMonitorStandIn implements CmsClient {
  readonly contacts = new Map<string, RemoteContact>();
  readonly groups = new Map<string, ContactGroup>();
  readonly calls: Array<{ action: CmsAction; args: unknown[] }> = [];
  private readonly failures = new Map<CmsAction, CmsError[]>();
  private serial = 0;

  /** The next call of `action` throws a CmsError with `code` (and a RequestId, as CloudMonitor sends one). */
  failNext(action: CmsAction, code: string, message = `${code} (stand-in)`): void {
    const queue = this.failures.get(action) ?? [];
    queue.push(new CmsError({ code, message, requestId: this.nextRequestId(), httpStatus: 400 }));
    this.failures.set(action, queue);
  }

  /** Marks a channel activated, as opening the activation link does. */
  activate(contactName: string, channel: 'SMS' | 'Mail'): void {
    const contact = this.contacts.get(contactName);
    if (contact)
      this.contacts.set(contactName, { ...contact, ChannelsState: { ...contact.ChannelsState, [channel]: 'OK' } });
  }

  callsTo(action: CmsAction): unknown[][] {
    return this.calls.filter((call) => call.action === action).map((call) => call.args);
  }

  async putContact(contact: Contact): Promise<{ requestId: string }> {
    this.record('putContact', contact);
    const before = this.contacts.get(contact.ContactName);
    const ChannelsState: RemoteContact['ChannelsState'] = {};
    for (const channel of ACTIVATED_CHANNELS) {
      const address = contact.Channels[channel];
      if (address === undefined) continue;
      ChannelsState[channel] =
        before?.Channels[channel] === address ? (before.ChannelsState[channel] ?? 'PENDING') : 'PENDING';
    }
    this.contacts.set(contact.ContactName, {
      ContactName: contact.ContactName,
      Describe: contact.Describe,
      Lang: contact.Lang,
      Channels: { ...contact.Channels },
      ChannelsState,
      ContactGroups: this.groupsOf(contact.ContactName),
    });
    return { requestId: this.nextRequestId() };
  }
  async describeContact(contactName: string): Promise<RemoteContact | undefined> {
    this.record('describeContact', contactName);
    const contact = this.contacts.get(contactName);
    return contact ? structuredClone({ ...contact, ContactGroups: this.groupsOf(contactName) }) : undefined;
  }
  async deleteContact(contactName: string): Promise<{ requestId: string }> {
    this.record('deleteContact', contactName);
    const existed = this.contacts.delete(contactName);
    return { requestId: existed ? this.nextRequestId() : '' };
  }
  async listContactGroups(): Promise<ContactGroup[]> {
    this.record('listContactGroups');
    return structuredClone([...this.groups.values()]);
  }
  async putContactGroup(group: ContactGroup): Promise<{ requestId: string }> {
    this.record('putContactGroup', group);
    this.groups.set(group.Name, structuredClone(group));
    return { requestId: this.nextRequestId() };
  }

  async findContactsByChannel(channel: 'Mail' | 'SMS', value: string, pageSize = 20): Promise<RemoteContact[]> {
    this.record('findContactsByChannel', channel, value);
    return structuredClone(
      [...this.contacts.values()].filter((contact) => contact.Channels[channel] === value).slice(0, pageSize),
    );
  }
  async listContactsPage(pageNumber: number, pageSize: number): Promise<{ contacts: RemoteContact[]; total: number }> {
    this.record('listContactsPage', pageNumber, pageSize);
    const all = [...this.contacts.values()];
    return {
      contacts: structuredClone(all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize)),
      total: all.length,
    };
  }

  private groupsOf(contactName: string): string[] {
    return [...this.groups.values()].filter((group) => group.Contacts.includes(contactName)).map((group) => group.Name);
  }
  private record(action: CmsAction, ...args: unknown[]): void {
    this.calls.push({ action, args });
    const failure = this.failures.get(action)?.shift();
    if (failure) throw failure;
  }
  private nextRequestId(): string {
    this.serial += 1;
    return `CMS-REQ-${String(this.serial).padStart(4, '0')}`;
  }
}

/** One call the core made on the Notifier port, with the request as it was passed. */
export type NotifierCall =
  | { method: 'postApprovalMessage' | 'refreshApprovalMessage' | 'tellRequester'; request: ContactRequest }
  | { method: 'tellNotPosted'; request: ContactRequest; error: unknown };

/**
 * A Notifier that records every call. postApprovalMessage records where the message "is" on the request, as the
 * Slack notifier does (through `requests.update`, so the request leaves the unposted index).
 */
export class RecordingNotifier implements Notifier {
  readonly calls: NotifierCall[] = [];
  private posts = 0;
  constructor(private readonly requests: RequestRepository) {}

  async postApprovalMessage(request: ContactRequest): Promise<ContactRequest | undefined> {
    this.calls.push({ method: 'postApprovalMessage', request: structuredClone(request) });
    this.posts += 1;
    return this.requests.update(request.id, {
      adminMessage: { channel: 'C0ADMIN01', ts: `1700000000.${String(this.posts).padStart(6, '0')}` },
    });
  }
  async refreshApprovalMessage(request: ContactRequest): Promise<void> {
    this.calls.push({ method: 'refreshApprovalMessage', request: structuredClone(request) });
  }
  async tellRequester(request: ContactRequest): Promise<boolean> {
    this.calls.push({ method: 'tellRequester', request: structuredClone(request) });
    return true;
  }
  async tellNotPosted(request: ContactRequest, error: unknown): Promise<void> {
    this.calls.push({ method: 'tellNotPosted', request: structuredClone(request), error });
  }

  /** The calls of one method, oldest first. */
  of(method: NotifierCall['method']): NotifierCall[] {
    return this.calls.filter((call) => call.method === method);
  }
}

/** What {@link coreDeps} returns: the deps and handles on the stand-ins and the clock. */
export interface CoreTestDeps {
  deps: AppDeps;
  store: MemoryStore;
  cms: CloudMonitorStandIn;
  notifier: RecordingNotifier;
  /** chat.postMessage arguments the reminders sent (DMs), oldest first. */
  posted: webApi.ChatPostMessageArguments[];
  /** The clock, epoch ms; tests move it forward. */
  clock: { now: number };
}

/**
 * Builds AppDeps with composeDeps (the production wiring) on a MemoryStore, then swaps in the stand-ins.
 * @param env settings on top of a valid minimal environment (e.g. `{ SUBMISSION_LIMIT: '2/10m' }`)
 */
export function coreDeps(env: Record<string, string> = {}): CoreTestDeps {
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-unit-test-token',
    SLACK_SIGNING_SECRET: 'unit-test-signing-secret',
    SLACK_API_URL: `${NOWHERE}/api/`,
    SLACK_ADMIN_CHANNEL_ID: 'C0ADMIN01',
    SLACK_ADMIN_USER_IDS: `${ADMIN},${SECOND_ADMIN}`,
    ALIBABA_CLOUD_ACCESS_KEY_ID: 'unit-test-access-key-id',
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'unit-test-access-key-secret',
    CMS_ENDPOINT: NOWHERE,
    STORE_URL: 'sqlite://:memory:',
    ...env,
  });
  const clock = { now: Date.UTC(2026, 0, 5, 9, 0, 0) };
  const now = () => clock.now;
  const store = new MemoryStore(now);
  const composed = composeDeps(config, store, pino({ level: 'silent' }), { now });
  const cms = new CloudMonitorStandIn();
  const notifier = new RecordingNotifier(composed.requests);
  const posted: webApi.ChatPostMessageArguments[] = [];
  const poster: MessagePoster = {
    async post(args) {
      posted.push(args);
      return { ok: true, channel: String(args.channel), ts: `1700000001.${String(posted.length).padStart(6, '0')}` };
    },
  };
  const locales: LocaleResolver = { of: async () => 'en', remembered: async () => 'en', remember: async () => 'en' };
  const deps: AppDeps = { ...composed, cms, notifier, poster, locales, instanceId: 'unit-test:1:abc' };
  return { deps, store, cms, notifier, posted, clock };
}

/** A valid contact-form submission's fields for `name`. */
export function formFor(name: string, overrides: Record<string, string | undefined> = {}) {
  return {
    ContactName: name,
    Describe: `${name} on call`,
    Mail: `${name}@example.com`,
    SMS: '13800001234',
    Lang: 'en',
    ...overrides,
  };
}
