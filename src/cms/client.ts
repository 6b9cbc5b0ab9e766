import RPCClient from '@alicloud/pop-core';
import pRetry, { AbortError } from 'p-retry';
import { CHANNELS, type Channel, type Contact } from '../contact/schema.js';
import { createCallScheduler } from './call-scheduler.js';
import { type CmsCredentialsProvider, createCredentialsProvider } from './credentials.js';
import { asCmsError, CmsError } from './errors.js';

/** CloudMonitor API version of every call here. */
export const CMS_API_VERSION = '2019-01-01';

/** Activation state of one channel as DescribeContactList reports it in ChannelsState. */
export type ChannelState = 'PENDING' | 'OK';

/** A contact as DescribeContactList returns it (CloudMonitor API 2019-01-01; model: aliyun/alibabacloud-typescript-sdk cms-20190101/src/models/DescribeContactListResponseBody.ts). */
export interface RemoteContact {
  ContactName: string;
  Describe: string;
  Lang: string | undefined;
  /**
   * Channel values CloudMonitor shows in clear. A value it shows masked (see {@link isMaskedValue}) is not here but
   * in `Masked`; a pending value it does not return at all is in neither (its ChannelsState entry still is).
   */
  Channels: Partial<Record<Channel, string>>;
  /** Channel values CloudMonitor shows masked (`1333333****`): the channel is there, its value unknown. */
  Masked?: Partial<Record<Channel, string>>;
  ChannelsState: Partial<Record<Channel, ChannelState>>;
  ContactGroups: string[];
}

/** The CloudMonitor calls the bot makes. Every method throws {@link CmsError}. */
export interface CmsClient {
  /**
   * PutContact: creates or replaces the contact, always sending the full channel set (whether CloudMonitor clears
   * omitted channels is undocumented: https://www.alibabacloud.com/help/en/cms/cloudmonitor-1-0/developer-reference/api-cms-2019-01-01-putcontact). A timed-out write is re-read with
   * DescribeContactList and counted as done only if CloudMonitor shows what was sent: values shown in clear must be
   * equal, a masked value must fit (see {@link maskFits}), a channel listed without its value (pending, hidden)
   * counts as present; a contact not found (empty list, `ContactNotExists`, `ResourceNotFound`) is written again.
   * @returns CloudMonitor's RequestId
   */
  putContact(contact: Contact): Promise<{ requestId: string }>;
  /**
   * DescribeContactList filtered by ContactName; the contact with exactly that name is picked from the answer,
   * reading further pages (up to `Total`) if the filter matched more than one page without it.
   * @returns the contact; undefined when there is no such contact: an empty list, or the error codes
   *   `ContactNotExists` / `ResourceNotFound` (HTTP 404), all three "not found" as in Terraform's
   *   `DescribeCmsAlarmContact` (aliyun/terraform-provider-alicloud, alicloud/service_alicloud_cms.go)
   * @throws CmsError for any other failure (a revoked AccessKey's `InvalidAccessKeyId.NotFound` is also HTTP 404)
   */
  describeContact(contactName: string): Promise<RemoteContact | undefined>;
  /**
   * DeleteContact. Only the error code `ContactNotExists` counts as "already deleted" (Terraform's
   * alicloud_cms_alarm_contact delete accepts it: aliyun/terraform-provider-alicloud,
   * alicloud/resource_alicloud_cms_alarm_contact.go). Any other error, HTTP 404 included (the POP gateway also
   * answers 404 for `InvalidAccessKeyId.NotFound` and `InvalidApi.NotFound`), fails with its own code.
   * @returns CloudMonitor's RequestId ('' when the contact was already gone)
   * @throws CmsError
   */
  deleteContact(contactName: string): Promise<{ requestId: string }>;
  /**
   * DescribeContactGroupList, every page: each group with its description, weekly-report setting and members.
   * Pages until `Total` groups were read or a page comes back empty (or as `ContactGroupNotExists` /
   * `ResourceNotFound`, which Terraform also reads as "none"): a short page is not the end, since the
   * service may cut `PageSize` (no maximum is documented in the `@alicloud/cms20190101`
   * DescribeContactGroupListRequest model; Terraform pages with 20 and 50).
   * @throws CmsError
   */
  listContactGroups(): Promise<ContactGroup[]>;
  /**
   * PutContactGroup with the group's members (`ContactNames.N`, N = 1..100), its Describe (left out when empty:
   * never `Describe=`) and EnableSubscribed, then reads the group back with DescribeContactGroupList and checks
   * that CloudMonitor holds exactly that. Callers read the group right before and write back everything they keep.
   * A field left out is most likely kept by CloudMonitor (Terraform's alicloud_cms_alarm_contact_group update,
   * aliyun/terraform-provider-alicloud alicloud/resource_alicloud_cms_alarm_contact_group.go, sends ContactNames,
   * Describe and EnableSubscribed only when changed), so a group cannot be emptied this way.
   * @throws CmsError `ContactGroupWouldBeEmpty` (nothing sent) when `group.Contacts` is empty
   * @throws CmsError `ContactGroupNotUpdated` when the read-back differs from what was written (or the group is
   *   not listed); its message names the group
   * @throws CmsError for a failed call
   */
  putContactGroup(group: ContactGroup): Promise<{ requestId: string }>;
  /** Where the calls' credentials come from (the client's provider); absent on stand-ins that sign nothing. */
  readonly credentials?: CmsCredentialsProvider;
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

/** An alert contact group as DescribeContactGroupList returns it (https://www.alibabacloud.com/help/en/cms/developer-reference/api-describecontactgrouplist; model: aliyun/alibabacloud-typescript-sdk cms-20190101/src/models/DescribeContactGroupListResponseBody.ts). */
export interface ContactGroup {
  Name: string;
  Describe: string;
  EnableSubscribed: boolean;
  /** ContactNames of the members. */
  Contacts: string[];
}

export interface CmsClientOptions {
  endpoint: string;
  /** A fixed AccessKey (config: ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET); unset → the default credential chain. */
  accessKeyId?: string | undefined;
  accessKeySecret?: string | undefined;
  /** STS token for a fixed STS AccessKey (ALIBABA_CLOUD_SECURITY_TOKEN). */
  securityToken?: string | undefined;
  /**
   * Where credentials come from; asked before every request, so rotating STS credentials are used without a
   * restart. Default: {@link createCredentialsProvider} over the AccessKey fields above.
   */
  credentialsProvider?: CmsCredentialsProvider;
  /** Per-request timeout, ms (pop-core ignores a constructor-level timeout: @alicloud/pop-core 1.8.0 lib/rpc.js, aliyun/aliyun-openapi-nodejs-sdk#16). Default 10 000. */
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
 * DescribeContactList error codes that mean "no such contact" (Terraform's `DescribeCmsAlarmContact`,
 * aliyun/terraform-provider-alicloud alicloud/service_alicloud_cms.go).
 */
const CONTACT_NOT_FOUND_CODES: readonly string[] = ['ContactNotExists', 'ResourceNotFound'];
/**
 * DescribeContactGroupList error codes that mean "no such group" (Terraform's `DescribeCmsAlarmContactGroup`,
 * aliyun/terraform-provider-alicloud alicloud/service_alicloud_cms.go): for a listing, no (more) groups.
 */
const GROUP_NOT_FOUND_CODES: readonly string[] = ['ContactGroupNotExists', 'ResourceNotFound'];
/** PageSize asked of DescribeContactGroupList; the service may answer fewer rows per page. */
const GROUP_PAGE_SIZE = 100;
/** PageSize asked of DescribeContactList; the service may answer fewer rows per page. */
const CONTACT_PAGE_SIZE = 100;
/** Most DescribeContactList pages read looking for one name. */
const MAX_CONTACT_PAGES = 100;
/** Reads of a group after PutContactGroup before a difference counts as a failed change. */
const GROUP_READ_BACK_TRIES = 3;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Most DescribeContactGroupList pages read (a guard against a server that never ends the list). */
const MAX_GROUP_PAGES = 1_000;

/**
 * Whether a channel value as DescribeContactList shows it is masked rather than the value: a run of three or more
 * `*` (the API doc's sample SMS is `1333333****`, its DingWebHook sample ends `…****`) or an ellipsis.
 */
export function isMaskedValue(value: string): boolean {
  return /\*{3,}|…/.test(value);
}

/**
 * Whether CloudMonitor lists the channel for this contact: in clear, masked, or only by its ChannelsState (a
 * pending value it does not return: Terraform's alicloud_cms_alarm_contact docs, aliyun/terraform-provider-alicloud
 * website/docs/r/cms_alarm_contact.html.markdown, say the value comes back only once the link is activated).
 */
export function listsChannel(remote: RemoteContact, channel: Channel): boolean {
  return (
    remote.Channels[channel] !== undefined ||
    remote.Masked?.[channel] !== undefined ||
    remote.ChannelsState[channel] !== undefined
  );
}

/**
 * Creates the CloudMonitor client on `@alicloud/pop-core`'s RPCClient, with pop-core's known traps (aliyun/openapi-core-nodejs-sdk issues and @alicloud/pop-core 1.8.0 lib/rpc.js)
 * handled: POST (so nothing lands in URLs), an explicit per-request timeout, literal `Channels.SMS`-style keys,
 * undefined values omitted, `Success !== true` treated as failure, non-Error rejections wrapped.
 */
export function createCmsClient(options: CmsClientOptions): CmsClient {
  const credentialsProvider = options.credentialsProvider ?? createCredentialsProvider(options);
  // pop-core 1.8.0 takes `credentialsProvider` and calls its getCredentials() on every request (lib/rpc.js), but its
  // typings (lib/rpc.d.ts) still require accessKeyId/accessKeySecret: hence the cast.
  const rpc = new RPCClient({
    endpoint: options.endpoint,
    apiVersion: CMS_API_VERSION,
    credentialsProvider,
  } as unknown as RPCClient.Config);
  const timeout = options.timeoutMs ?? 10_000;
  const schedule = createCallScheduler({
    callsPerSecond: options.callsPerSecond ?? 10,
    // Enough in flight to use the rate cap when CloudMonitor is slow (2 s per call at 10 calls/s needs 20).
    concurrency: options.concurrency ?? 2 * (options.callsPerSecond ?? 10),
  });
  const send = (action: string, params: Record<string, string>) =>
    schedule(() => rpc.request<Body>(action, params, { method: 'POST', timeout }));

  /** One call, rate limited; resolves only with `Success === true`. */
  async function callOnce(action: string, params: Record<string, string>): Promise<Body> {
    let body: Body;
    try {
      body = await send(action, params);
    } catch (thrown) {
      if (
        thrown instanceof Error &&
        !('data' in thrown) &&
        !('code' in thrown) &&
        /credentials/i.test(thrown.message)
      ) {
        // No source of the credential chain gave credentials: not CloudMonitor's answer, and not worth retrying.
        // Its message lists why each source failed; JSON in it (a credentials URI's answer) may hold a secret, and
        // no cause is attached because pino's error serializer would print the cause's message.
        const reasons = thrown.message.replace(/\{[\s\S]*?\}/g, '{…}').slice(0, 1_000);
        throw new CmsError({ code: 'NoCredentials', message: `no Alibaba Cloud credentials found: ${reasons}` });
      }
      throw asCmsError(thrown);
    }
    if (body.Success !== true) {
      // pop-core resolves 5xx JSON without Code and {"Code":"200","Success":false} (§2.4).
      const code =
        typeof body.Code === 'string' && body.Code !== '200'
          ? body.Code
          : body.Code === undefined
            ? 'ServiceUnavailable'
            : 'SuccessFalse';
      throw new CmsError({
        code,
        message:
          typeof body.Message === 'string' && body.Message ? body.Message : 'CloudMonitor did not report success',
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
    // Usually one page with one match; further pages only if the filter matched more than a page of contacts (a
    // name filter that is not exact) without the exact name, or the service cut the page short.
    let seen = 0;
    for (let page = 1; page <= MAX_CONTACT_PAGES; page += 1) {
      const params = { ContactName: contactName, PageNumber: String(page), PageSize: String(CONTACT_PAGE_SIZE) };
      let body: Body;
      try {
        body = await call('DescribeContactList', params, true);
      } catch (error) {
        const cmsError = asCmsError(error);
        if (CONTACT_NOT_FOUND_CODES.includes(cmsError.code)) return undefined;
        throw cmsError;
      }
      const rows = (body.Contacts as { Contact?: unknown } | undefined)?.Contact;
      const contacts = Array.isArray(rows) ? rows.map(toRemoteContact) : [];
      const found = contacts.find((contact) => contact.ContactName === contactName);
      if (found) return found;
      seen += contacts.length;
      const total = Number(body.Total);
      if (contacts.length === 0 || !Number.isFinite(total) || seen >= total) return undefined;
    }
    return undefined;
  }

  async function listContactGroups(): Promise<ContactGroup[]> {
    const groups = new Map<string, ContactGroup>();
    for (let page = 1; page <= MAX_GROUP_PAGES; page += 1) {
      let body: Body;
      try {
        body = await call(
          'DescribeContactGroupList',
          { PageNumber: String(page), PageSize: String(GROUP_PAGE_SIZE) },
          true,
        );
      } catch (error) {
        const cmsError = asCmsError(error);
        if (GROUP_NOT_FOUND_CODES.includes(cmsError.code)) break; // no (more) groups
        throw cmsError;
      }
      const rows = (body.ContactGroupList as { ContactGroup?: unknown } | undefined)?.ContactGroup;
      const list = Array.isArray(rows) ? rows.map(toContactGroup) : [];
      const before = groups.size;
      for (const group of list) if (!groups.has(group.Name)) groups.set(group.Name, group);
      const total = Number(body.Total);
      // Empty page, or nothing new (a server that ignores PageNumber): the end. Total, when given, ends it early.
      if (list.length === 0 || groups.size === before) break;
      if (Number.isFinite(total) && groups.size >= total) break;
    }
    return [...groups.values()];
  }

  async function putContactGroup(group: ContactGroup): Promise<{ requestId: string }> {
    if (group.Contacts.length === 0) throw groupWouldBeEmpty([group.Name]);
    const params: Record<string, string> = {
      ContactGroupName: group.Name,
      EnableSubscribed: String(group.EnableSubscribed),
    };
    if (group.Describe !== '') params.Describe = group.Describe;
    group.Contacts.forEach((name, index) => {
      params[`ContactNames.${index + 1}`] = name;
    });
    const body = await call('PutContactGroup', params, true); // a replace with the full state: safe to repeat
    const requestId = String(body.RequestId ?? '');
    // Read back; a change that does not show yet is read again twice (in case the listing lags the write).
    let difference = '';
    for (let attempt = 0; attempt < GROUP_READ_BACK_TRIES; attempt += 1) {
      if (attempt > 0) await sleep((options.minRetryDelayMs ?? 500) * 2 ** attempt);
      const stored = (await listContactGroups()).find((candidate) => candidate.Name === group.Name);
      difference = stored ? groupDifference(group, stored) : 'it is not listed';
      if (!difference) break;
    }
    if (difference) {
      throw new CmsError({
        code: 'ContactGroupNotUpdated',
        message: `CloudMonitor accepted the change to contact group "${group.Name}" but does not show it (${difference}); check the group in the CloudMonitor console, then Retry.`,
        requestId: requestId || undefined,
      });
    }
    return { requestId };
  }

  return {
    credentials: credentialsProvider,
    listContactGroups,
    putContactGroup,
    async deleteContact(contactName) {
      try {
        const body = await call('DeleteContact', { ContactName: contactName }, true); // deleting twice is harmless
        return { requestId: String(body.RequestId ?? '') };
      } catch (error) {
        const cmsError = asCmsError(error);
        if (cmsError.code === 'ContactNotExists') return { requestId: '' };
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
          // Unknown outcome: look before writing again (httpx's ReadTimeout says nothing about whether the write was applied).
          const remote = await describeContact(contact.ContactName);
          if (remote && sameContact(remote, contact)) return { requestId: '' };
        }
      }
    },
    describeContact,
    async findContactsByChannel(channel, value, pageSize = 20) {
      const body = await call(
        'DescribeContactList',
        { ChanelType: channel, ChanelValue: value, PageNumber: '1', PageSize: String(pageSize) },
        true,
      );
      return ((body.Contacts as { Contact?: unknown[] } | undefined)?.Contact ?? []).map(toRemoteContact);
    },
    async listContactsPage(pageNumber, pageSize) {
      const body = await call(
        'DescribeContactList',
        { PageNumber: String(pageNumber), PageSize: String(pageSize) },
        true,
      );
      const contacts = ((body.Contacts as { Contact?: unknown[] } | undefined)?.Contact ?? []).map(toRemoteContact);
      return { contacts, total: Number(body.Total ?? contacts.length) };
    },
  };
}

/**
 * PutContact's parameters for a contact: dotted `Channels.*` keys (pop-core does not flatten objects) and no key
 * for an absent value (pop-core would send the text "undefined"). @alicloud/pop-core 1.8.0 lib/rpc.js flattens params with String().
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
  const record = (field: unknown) =>
    typeof field === 'object' && field !== null ? (field as Record<string, unknown>) : {};
  const channels: RemoteContact['Channels'] = {};
  const masked: NonNullable<RemoteContact['Masked']> = {};
  const states: RemoteContact['ChannelsState'] = {};
  for (const channel of CHANNELS) {
    const channelValue = record(value.Channels)[channel];
    if (typeof channelValue === 'string' && channelValue !== '') {
      if (isMaskedValue(channelValue)) masked[channel] = channelValue;
      else channels[channel] = channelValue;
    }
    const state = record(value.ChannelsState)[channel];
    if (state === 'OK' || state === 'PENDING') states[channel] = state;
  }
  const groups = record(value.ContactGroups).ContactGroup;
  return {
    ContactName: String(value.Name ?? ''),
    Describe: String(value.Desc ?? ''),
    Lang: typeof value.Lang === 'string' ? value.Lang : undefined,
    Channels: channels,
    ...(Object.keys(masked).length > 0 ? { Masked: masked } : {}),
    ChannelsState: states,
    ContactGroups: Array.isArray(groups) ? groups.map(String) : [],
  };
}

/**
 * The error for a change that would leave contact groups without members: PutContactGroup cannot empty a group
 * (a request without `ContactNames.N` most likely keeps the members; see {@link CmsClient.putContactGroup}).
 * @param groupNames the groups, named in the message
 * @returns CmsError `ContactGroupWouldBeEmpty`
 */
export function groupWouldBeEmpty(groupNames: readonly string[]): CmsError {
  const named = groupNames.map((name) => `"${name}"`).join(', ');
  const which = groupNames.length === 1 ? `Contact group ${named}` : `Contact groups ${named}`;
  return new CmsError({
    code: 'ContactGroupWouldBeEmpty',
    message: `${which} would have no members left. CloudMonitor's PutContactGroup cannot empty a group (a request without members keeps them), so the bot changed nothing: add another member to the group or delete the group in the CloudMonitor console, then Retry.`,
  });
}

/** How a group as read back differs from what was written ('' when it does not); names, never member values. */
function groupDifference(written: ContactGroup, stored: ContactGroup): string {
  const missing = written.Contacts.filter((name) => !stored.Contacts.includes(name));
  const extra = stored.Contacts.filter((name) => !written.Contacts.includes(name));
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`not a member: ${missing.join(', ')}`);
  if (extra.length > 0) parts.push(`still a member: ${extra.join(', ')}`);
  if (written.Describe !== '' && stored.Describe !== written.Describe) parts.push('description differs');
  if (stored.EnableSubscribed !== written.EnableSubscribed) parts.push('weekly report setting differs');
  return parts.join('; ');
}

/**
 * Whether CloudMonitor shows the contact as written. A channel CloudMonitor lists without its value (a pending
 * value it does not return, or a masked one: see {@link listsChannel}) counts as written when its masked form
 * fits the value sent; only a value shown in clear is compared exactly, and a channel not listed at all must not
 * have been sent.
 */
function sameContact(remote: RemoteContact, contact: Contact): boolean {
  if (remote.Describe !== contact.Describe) return false;
  if (contact.Lang !== undefined && remote.Lang !== contact.Lang) return false;
  return CHANNELS.every((channel) => {
    const wanted = contact.Channels[channel];
    const shown = remote.Channels[channel];
    if (shown !== undefined) return shown === wanted;
    const masked = remote.Masked?.[channel];
    if (masked !== undefined) return wanted !== undefined && maskFits(masked, wanted);
    return listsChannel(remote, channel) === (wanted !== undefined);
  });
}

/**
 * Whether a masked value may stand for `value`: the clear characters before the first masked run start it and
 * those after the last one end it (`1380000****` fits `13800001234`).
 */
export function maskFits(masked: string, value: string): boolean {
  const pieces = masked.split(/\*{3,}|…/);
  const head = pieces[0] ?? '';
  const tail = pieces.length > 1 ? (pieces[pieces.length - 1] ?? '') : '';
  return value.length >= head.length + tail.length && value.startsWith(head) && value.endsWith(tail);
}
