import RPCClient from '@alicloud/pop-core';
import pLimit from 'p-limit';
import pRetry, { AbortError } from 'p-retry';
import { CHANNELS, type Channel, type Contact } from '../contact/schema.js';
import { CmsError, asCmsError } from './errors.js';
import { rateCap } from './rate-cap.js';

/** CloudMonitor API version of every call here. */
export const CMS_API_VERSION = '2019-01-01';

/** Activation state of one channel as DescribeContactList reports it in ChannelsState. */
export type ChannelState = 'PENDING' | 'OK';

/** A contact as DescribeContactList returns it (CloudMonitor API 2019-01-01; cloudmonitor-api.md §5.2). */
export interface RemoteContact {
  ContactName: string;
  Describe: string;
  Lang: string | undefined;
  Channels: Partial<Record<Channel, string>>;
  ChannelsState: Partial<Record<Channel, ChannelState>>;
  ContactGroups: string[];
}

/** The CloudMonitor calls the bot makes. Every method throws {@link CmsError}. */
export interface CmsClient {
  /**
   * PutContact: creates or replaces the contact, always sending the full channel set (whether CloudMonitor clears
   * omitted channels is undocumented, cloudmonitor-api.md §4.2). A timed-out write is re-read with
   * DescribeContactList and counted as done only if CloudMonitor shows exactly what was sent.
   * @returns CloudMonitor's RequestId
   */
  putContact(contact: Contact): Promise<{ requestId: string }>;
  /** DescribeContactList filtered by ContactName (exact); undefined when there is no such contact. */
  describeContact(contactName: string): Promise<RemoteContact | undefined>;
  /**
   * DeleteContact. A contact that is already gone (`ContactNotExists`, or HTTP 404) counts as deleted, as
   * Terraform's provider treats it (cloudmonitor-api.md §6.1).
   * @returns CloudMonitor's RequestId ('' when the contact was already gone)
   */
  deleteContact(contactName: string): Promise<{ requestId: string }>;
  /** DescribeContactGroupList, every page: each group with its description, weekly-report setting and members. */
  listContactGroups(): Promise<ContactGroup[]>;
  /**
   * PutContactGroup with the group's full state (members as `ContactNames.N`, Describe, EnableSubscribed): it
   * replaces the group, so callers read the group right before and write back everything they keep.
   */
  putContactGroup(group: ContactGroup): Promise<{ requestId: string }>;
  /**
   * DescribeContactList filtered by one channel: `ChanelType` (Alibaba's spelling) and `ChanelValue`, first page
   * only (up to `pageSize`, default 20): the contacts reached at that address or number, for matching a person's
   * Slack profile to an existing contact without listing the account
   * (https://www.alibabacloud.com/help/en/cms/cloudmonitor-1-0/developer-reference/api-cms-2019-01-01-describecontactlist).
   * Callers still compare the values: how CloudMonitor compares them (case, spelling) is not documented.
   */
  findContactsByChannel(channel: 'Mail' | 'SMS', value: string, pageSize?: number): Promise<RemoteContact[]>;
  /**
   * One page of DescribeContactList (every contact, by CloudMonitor's order), under the same calls-per-second cap
   * as every call: for listing thousands of contacts a page at a time.
   * @param pageNumber 1-based; @param pageSize contacts per page (1–100)
   * @returns the page's contacts and `Total`, the number of contacts in the account
   */
  listContactsPage(pageNumber: number, pageSize: number): Promise<{ contacts: RemoteContact[]; total: number }>;
}

/** An alert contact group as DescribeContactGroupList returns it (cloudmonitor-api.md §6.3). */
export interface ContactGroup {
  Name: string;
  Describe: string;
  EnableSubscribed: boolean;
  /** ContactNames of the members. */
  Contacts: string[];
}

export interface CmsClientOptions {
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** Per-request timeout, ms (pop-core ignores a constructor-level timeout: cloudmonitor-api.md §9 row 4). Default 10 000. */
  timeoutMs?: number;
  /** Retries after the first try for retryable errors (throttling, 5xx, network). Default 4. */
  retries?: number;
  /** First backoff delay, ms; doubles each retry, with jitter. Default 500. */
  minRetryDelayMs?: number;
  /** Client-side cap on calls per second (CloudMonitor allows 20/s per API per account, §8). Default 10. */
  callsPerSecond?: number;
  /** Calls in flight at once. Default twice callsPerSecond. */
  concurrency?: number;
}

type Body = Record<string, unknown>;

/**
 * Creates the CloudMonitor client on `@alicloud/pop-core`'s RPCClient, with the traps of cloudmonitor-api.md §9
 * handled: POST (so nothing lands in URLs), an explicit per-request timeout, literal `Channels.SMS`-style keys,
 * undefined values omitted, `Success !== true` treated as failure, non-Error rejections wrapped.
 */
export function createCmsClient(options: CmsClientOptions): CmsClient {
  const rpc = new RPCClient({
    endpoint: options.endpoint,
    apiVersion: CMS_API_VERSION,
    accessKeyId: options.accessKeyId,
    accessKeySecret: options.accessKeySecret,
  });
  const timeout = options.timeoutMs ?? 10_000;
  // Enough in flight to use the rate cap when CloudMonitor is slow (2 s per call at 10 calls/s needs 20).
  const limit = pLimit(options.concurrency ?? 2 * (options.callsPerSecond ?? 10));
  const throttle = rateCap(options.callsPerSecond ?? 10);
  const send = throttle((action: string, params: Record<string, string>) =>
    rpc.request<Body>(action, params, { method: 'POST', timeout }),
  );

  /** One call, rate limited; resolves only with `Success === true`. */
  async function callOnce(action: string, params: Record<string, string>): Promise<Body> {
    let body: Body;
    try {
      body = await limit(() => send(action, params));
    } catch (thrown) {
      throw asCmsError(thrown);
    }
    if (body.Success !== true) {
      // pop-core resolves 5xx JSON without Code and {"Code":"200","Success":false} (§2.4).
      const code = typeof body.Code === 'string' && body.Code !== '200' ? body.Code : body.Code === undefined ? 'ServiceUnavailable' : 'SuccessFalse';
      throw new CmsError({
        code,
        message: typeof body.Message === 'string' && body.Message ? body.Message : 'CloudMonitor did not report success',
        requestId: typeof body.RequestId === 'string' ? body.RequestId : undefined,
      });
    }
    return body;
  }

  /** `callOnce` with backoff for retryable errors; `retryTimeouts` false makes a timeout final (unknown outcome). */
  function call(action: string, params: Record<string, string>, retryTimeouts: boolean): Promise<Body> {
    return pRetry(
      async () => {
        try {
          return await callOnce(action, params);
        } catch (error) {
          const cmsError = asCmsError(error);
          if (!cmsError.retryable || (cmsError.isTimeout && !retryTimeouts)) throw new AbortError(cmsError);
          throw cmsError;
        }
      },
      { retries: options.retries ?? 4, minTimeout: options.minRetryDelayMs ?? 500, factor: 2, randomize: true },
    ).catch((error: unknown) => {
      throw asCmsError(error);
    });
  }

  async function describeContact(contactName: string): Promise<RemoteContact | undefined> {
    const body = await call('DescribeContactList', { ContactName: contactName }, true);
    const contacts = (body.Contacts as { Contact?: unknown[] } | undefined)?.Contact ?? [];
    const found = contacts.map(toRemoteContact).find((contact) => contact.ContactName === contactName);
    return found;
  }

  async function listContactGroups(): Promise<ContactGroup[]> {
    const groups: ContactGroup[] = [];
    for (let page = 1; page <= 50; page += 1) {
      const body = await call('DescribeContactGroupList', { PageNumber: String(page), PageSize: '100' }, true);
      const rows = (body.ContactGroupList as { ContactGroup?: unknown[] } | undefined)?.ContactGroup ?? [];
      groups.push(...rows.map(toContactGroup));
      const total = Number(body.Total ?? 0);
      if (rows.length < 100 || groups.length >= total) break;
    }
    return groups;
  }

  return {
    listContactGroups,
    async putContactGroup(group) {
      const params: Record<string, string> = {
        ContactGroupName: group.Name,
        Describe: group.Describe,
        EnableSubscribed: String(group.EnableSubscribed),
      };
      group.Contacts.forEach((name, index) => {
        params[`ContactNames.${index + 1}`] = name;
      });
      const body = await call('PutContactGroup', params, true); // a replace with the full state: safe to repeat
      return { requestId: String(body.RequestId ?? '') };
    },
    async deleteContact(contactName) {
      try {
        const body = await call('DeleteContact', { ContactName: contactName }, true); // deleting twice is harmless
        return { requestId: String(body.RequestId ?? '') };
      } catch (error) {
        const cmsError = asCmsError(error);
        if (cmsError.code === 'ContactNotExists' || cmsError.httpStatus === 404) return { requestId: '' };
        throw cmsError;
      }
    },
    async putContact(contact) {
      const params = toPutContactParams(contact);
      for (let attempt = 0; ; attempt += 1) {
        try {
          const body = await call('PutContact', params, false);
          return { requestId: String(body.RequestId ?? '') };
        } catch (error) {
          const cmsError = asCmsError(error);
          if (!cmsError.isTimeout || attempt >= 1) throw cmsError;
          // Unknown outcome: look before writing again (cloudmonitor-api.md §2.5).
          const remote = await describeContact(contact.ContactName);
          if (remote && sameContact(remote, contact)) return { requestId: '' };
        }
      }
    },
    describeContact,
    async findContactsByChannel(channel, value, pageSize = 20) {
      const body = await call('DescribeContactList', { ChanelType: channel, ChanelValue: value, PageNumber: '1', PageSize: String(pageSize) }, true);
      return ((body.Contacts as { Contact?: unknown[] } | undefined)?.Contact ?? []).map(toRemoteContact);
    },
    async listContactsPage(pageNumber, pageSize) {
      const body = await call('DescribeContactList', { PageNumber: String(pageNumber), PageSize: String(pageSize) }, true);
      const contacts = ((body.Contacts as { Contact?: unknown[] } | undefined)?.Contact ?? []).map(toRemoteContact);
      return { contacts, total: Number(body.Total ?? contacts.length) };
    },
  };
}

/**
 * PutContact's parameters for a contact: dotted `Channels.*` keys (pop-core does not flatten objects) and no key
 * for an absent value (pop-core would send the text "undefined"). cloudmonitor-api.md §2.3.
 */
export function toPutContactParams(contact: Contact): Record<string, string> {
  const params: Record<string, string> = { ContactName: contact.ContactName, Describe: contact.Describe };
  for (const channel of CHANNELS) {
    const value = contact.Channels[channel];
    if (value !== undefined) params[`Channels.${channel}`] = value;
  }
  if (contact.Lang !== undefined) params.Lang = contact.Lang;
  return params;
}

function toContactGroup(raw: unknown): ContactGroup {
  const value = (raw ?? {}) as Record<string, unknown>;
  const members = (value.Contacts as { Contact?: unknown } | undefined)?.Contact;
  return {
    Name: String(value.Name ?? ''),
    Describe: String(value.Describe ?? ''),
    EnableSubscribed: value.EnableSubscribed === true || value.EnableSubscribed === 'true',
    Contacts: Array.isArray(members) ? members.map(String) : [],
  };
}

function toRemoteContact(raw: unknown): RemoteContact {
  const value = (raw ?? {}) as Record<string, unknown>;
  const record = (field: unknown) => (typeof field === 'object' && field !== null ? (field as Record<string, unknown>) : {});
  const channels: RemoteContact['Channels'] = {};
  const states: RemoteContact['ChannelsState'] = {};
  for (const channel of CHANNELS) {
    const channelValue = record(value.Channels)[channel];
    if (typeof channelValue === 'string' && channelValue !== '') channels[channel] = channelValue;
    const state = record(value.ChannelsState)[channel];
    if (state === 'OK' || state === 'PENDING') states[channel] = state;
  }
  const groups = record(value.ContactGroups).ContactGroup;
  return {
    ContactName: String(value.Name ?? ''),
    Describe: String(value.Desc ?? ''),
    Lang: typeof value.Lang === 'string' ? value.Lang : undefined,
    Channels: channels,
    ChannelsState: states,
    ContactGroups: Array.isArray(groups) ? groups.map(String) : [],
  };
}

/**
 * Whether CloudMonitor shows the contact as written. A channel still PENDING activation may be listed without its
 * value (cloudmonitor-api.md §4.2, [I]); its ChannelsState entry then counts as the value being there.
 */
function sameContact(remote: RemoteContact, contact: Contact): boolean {
  if (remote.Describe !== contact.Describe) return false;
  if (contact.Lang !== undefined && remote.Lang !== contact.Lang) return false;
  return CHANNELS.every((channel) => {
    const wanted = contact.Channels[channel];
    const shown = remote.Channels[channel];
    if (shown !== undefined || wanted === undefined) return shown === wanted;
    return remote.ChannelsState[channel] === 'PENDING';
  });
}
