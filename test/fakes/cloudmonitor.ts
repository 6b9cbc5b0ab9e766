/**
 * Local emulator of the Alibaba Cloud CloudMonitor RPC endpoint (API 2019-01-01), for tests and for trying
 * the bot without an Alibaba account.
 *
 * `@alicloud/pop-core` 1.8.0 `RPCClient` talks to it exactly as to `https://metrics.aliyuncs.com`
 * (GET or POST, any path, RPC V1 signature). "§n" below (and in ./cms-signature.ts and the tests of
 * test/unit/fakes/ and test/unit/cms/) names a topic; its public sources:
 * - §1 endpoint, version, path: https://www.alibabacloud.com/help/en/cloudmonitor/latest/request-method,
 *   https://alibabacloud.com/help/en/cms/developer-reference/request-methods
 * - §2 what pop-core sends and how it reads answers: @alicloud/pop-core 1.8.0 `lib/rpc.js`, `lib/helper.js`;
 *   timeouts (§2.5): httpx 2.3.3 `lib/index.js`; answer parsing (§2.4): json-bigint 1.0.0
 * - §3 RPC V1 signature and common parameters: https://alibabacloud.com/help/doc-detail/25488.htm,
 *   https://www.alibabacloud.com/help/en/user-center/developer-reference/common-parameters, aliyun/alibaba-cloud-sdk-go
 *   `sdk/auth/rpc_signature_composer.go`, pop-core `lib/rpc.js`
 * - §4 PutContact: https://www.alibabacloud.com/help/en/cms/cloudmonitor-1-0/developer-reference/api-cms-2019-01-01-putcontact,
 *   aliyun/alibabacloud-typescript-sdk `cms-20190101/src/models/PutContactRequest.ts`; name rules (§4.1):
 *   https://www.alibabacloud.com/help/ros/developer-reference/aliyun-cms-contact and aliyun/terraform-provider-alicloud
 *   `website/docs/r/cms_alarm_contact.html.markdown`
 * - §5 DescribeContactList: https://www.alibabacloud.com/help/en/cms/cloudmonitor-1-0/developer-reference/api-cms-2019-01-01-describecontactlist,
 *   `cms-20190101/src/models/DescribeContactListResponseBody.ts`
 * - §6 DeleteContact https://www.alibabacloud.com/help/doc-detail/114925.html, PutContactGroup
 *   https://www.alibabacloud.com/help/en/cms/cloudmonitor-1-0/developer-reference/api-cms-2019-01-01-putcontactgroup,
 *   DescribeContactGroupList https://alibabacloud.com/help/ja/cms/developer-reference/api-describecontactgrouplist,
 *   DescribeContactListByContactGroup https://help.aliyun.com/document_detail/114920.htm (and their SDK models)
 * - §7 gateway (POP) errors: https://help.aliyun.com/en/document_detail/434846.html,
 *   https://help.aliyun.com/document_detail/51132.html
 * - §8 rate limit (20 calls/s per operation and account):
 *   https://alibabacloud.com/help/en/cms/developer-reference/list-of-operations-by-function
 * - §9 pop-core's known traps: issues and PRs of https://github.com/aliyun/openapi-core-nodejs-sdk, and its source
 * - §10 the emulator's own choices (not Alibaba behaviour): what it does where the sources above are silent.
 * Where Alibaba documents nothing (e.g. whether PutContact clears omitted channels), the emulator assumes the
 * default named in each switch's doc below, and a switch in {@link FakeCmsOptions} selects the other reading.
 *
 * Test hooks (`activate`, `injectNext`, `setLatency`, `seedContact`, `configure` for the behaviour switches
 * of {@link FakeCmsSwitches}, …) are plain methods on the returned object, not HTTP routes. The optional `/_fake/*` admin routes (`adminRoutes: true`) are NOT part of
 * Alibaba's API either; they exist only so a person can activate a channel by hand (see cloudmonitor-cli.ts).
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { computeSignature, stringToSign } from './cms-signature.js';

/** An AccessKey ID (common request parameter `AccessKeyId`: https://www.alibabacloud.com/help/en/user-center/developer-reference/common-parameters). */
export type AccessKeyId = string;

/** Notification channels of a CloudMonitor contact (`Channels.*` of PutContact: https://www.alibabacloud.com/help/en/cms/cloudmonitor-1-0/developer-reference/api-cms-2019-01-01-putcontact). */
export type ContactChannel = 'SMS' | 'Mail' | 'AliIM' | 'DingWebHook';

/** `ChannelsState` values (aliyun/alibabacloud-typescript-sdk `cms-20190101/src/models/DescribeContactListResponseBody.ts`): SMS/Mail start `PENDING`, AliIM/DingWebHook are `OK`. */
export type ChannelState = 'PENDING' | 'OK';

/** Channels that need activation by the recipient (PutContact doc: "the recipient receives … an activation link"). */
export type ActivatableChannel = 'SMS' | 'Mail';

/**
 * Faults that {@link FakeCloudMonitor.injectNext} can force (an emulator-only test hook; how pop-core surfaces each
 * follows @alicloud/pop-core 1.8.0 `lib/rpc.js` and json-bigint):
 * - `'Throttling.User'`: HTTP 400 gateway error → pop-core rejects, `code` `Throttling.User`.
 * - `'InternalError'`: HTTP 500 with `Code` → rejects, `code` `InternalError`.
 * - `'ServiceUnavailable'`: HTTP 503 JSON without `Code` → pop-core RESOLVES with that body.
 * - `'html502'`: HTTP 502 `text/html` page → rejects with a plain non-`Error` object `{name: 'SyntaxError'}`.
 * - `'empty'`: HTTP 200 with an empty body → rejects with a plain non-`Error` object.
 * - `'successFalse'`: HTTP 200 `{"Code":"200","Success":false}` → pop-core RESOLVES.
 * - `'InvalidParameterValue'`: HTTP 400 → rejects.
 * - `'InvalidAuthorization'`: HTTP 403 → rejects.
 */
export type FaultKind =
  | 'Throttling.User'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'html502'
  | 'empty'
  | 'successFalse'
  | 'InvalidParameterValue'
  | 'InvalidAuthorization';

/** Options of {@link startFakeCloudMonitor}. Every field is optional. */
export interface FakeCmsOptions {
  /** AccessKeyId → AccessKey secret accepted by the fake. Default `{ 'test-access-key-id': 'test-access-key-secret' }`. */
  accessKeys?: Record<AccessKeyId, string>;
  /**
   * Server clock in ms since the epoch (default `Date.now`). Drives the ±15 min Timestamp window (§3, §7),
   * nonce retention (15 min), the rate-limit token bucket, `CreateTime`/`UpdateTime` and `requests[].at`.
   * pop-core stamps requests with the real clock, so shifting this clock by > 15 min yields `InvalidTimeStamp.Expired`.
   */
  now?: () => number;
  /** Token bucket per AccessKeyId+Action, requests per second (burst = the same number). Default 20 (§8). `0` or `Infinity` disables. */
  rateLimitPerSecond?: number;
  /** PutContact on an existing contact: `'replace'` (default; undocumented, the emulator assumes replace) removes channels absent from the call; `'merge'` keeps them. */
  omittedChannels?: 'replace' | 'merge';
  /** DeleteContact of an unknown name: `'error'` (default; undocumented, the emulator assumes the `ContactNotExists` code Terraform's `resource_alicloud_cms_alarm_contact.go` handles) → HTTP 404 `ContactNotExists`; `'success'` → idempotent success. */
  unknownContactDelete?: 'error' | 'success';
  /**
   * DescribeContactList with an unknown `ContactName` (undocumented): `'empty'` (default) → success with `Total: 0`;
   * `'ContactNotExists'` or `'ResourceNotFound'` → HTTP 404 with that code. Terraform's `DescribeCmsAlarmContact`
   * (aliyun/terraform-provider-alicloud, alicloud/service_alicloud_cms.go) treats all three as "not found", so the
   * real service is assumed to answer one of them; which one is unverified.
   */
  unknownContactDescribe?: 'empty' | 'ContactNotExists' | 'ResourceNotFound';
  /**
   * What DescribeContactList (and DescribeContactListByContactGroup) show of a channel still `PENDING`: `'show'`
   * (default; undocumented, the emulator assumes the value is listed) the value; `'hide'` no value (its ChannelsState still listed: Terraform's
   * alicloud_cms_alarm_contact docs say a pending email is not returned until activated); `'mask'` a masked value
   * (SMS `1380000****`, Mail `d****@example.com`, as the API doc's sample `1333333****`).
   */
  pendingValues?: 'show' | 'hide' | 'mask';
  /**
   * Most rows one page of DescribeContactList / DescribeContactGroupList holds, whatever `PageSize` asks (a larger
   * `PageSize` is silently cut, `Total` still counts every match). Default none (no maximum page size is documented;
   * Terraform pages with 20 and 50).
   */
  pageSizeCap?: number;
  /**
   * DescribeContactGroupList for a page with no groups (none at all, or past the last page): `'empty'` (default)
   * → success with an empty list; `'ContactGroupNotExists'` or `'ResourceNotFound'` → HTTP 404 with that code.
   * Terraform's `DescribeCmsAlarmContactGroup` (aliyun/terraform-provider-alicloud, alicloud/service_alicloud_cms.go)
   * treats both codes as "not found", so the service may answer them; when, is unverified.
   */
  emptyGroupPage?: 'empty' | 'ContactGroupNotExists' | 'ResourceNotFound';
  /**
   * How DescribeContactList's `ContactName` filter matches: `'exact'` (default) or `'contains'` (every contact
   * whose name contains it, in stored order). Which one the current service does is undocumented (an older DescribeContactList page,
   * https://www.alibabacloud.com/help/doc-detail/114926.htm, says "Fuzzy search is not supported"); with
   * `'contains'` the exact name may be on a later page.
   */
  contactNameMatch?: 'exact' | 'contains';
  /**
   * `true`: the AccessKey was revoked: every API call answers the gateway's HTTP 404
   * `InvalidAccessKeyId.NotFound` (§7), as for an AccessKeyId never known. Default `false`.
   */
  keyRevoked?: boolean;
  /** `true` (default, §10.6): `Channels.SMS` must match `^1[3-9]\d{9}$` (mainland mobile). `false`: any `+`-optional 5–20 digits/hyphens. */
  strictSms?: boolean;
  /**
   * STS security tokens (`SecurityToken`, a common parameter signed like the others). `'optional'` (default): a
   * permanent AccessKey signs alone, an STS AccessKey (from {@link FakeCloudMonitor.issueStsCredentials}) needs its
   * token. `'required'`: every request must carry a valid STS token (a deployment that may only use temporary
   * credentials); a permanent AccessKey alone gets `MissingSecurityToken`.
   */
  securityToken?: 'optional' | 'required';
  /** Actions refused with 403 `Forbidden.RAM`, as for a RAM user or role whose policy lacks `cms:<Action>`. Default none. */
  deniedActions?: string[];
  /** Serve the non-Alibaba `/_fake/activate` and `/_fake/contacts` routes (for cloudmonitor-cli.ts). Default `false`. */
  adminRoutes?: boolean;
  /** TCP port on 127.0.0.1. Default `0` (any free port). */
  port?: number;
  /**
   * Server keep-alive idle timeout in ms. Default 65 000: longer than any test, so pop-core's keep-alive agent
   * does not race a server-side close into `ECONNRESET` (pop-core's agent has `keepAlive: true`, lib/rpc.js; the race
   * itself is general Node behaviour, not an Alibaba rule).
   */
  keepAliveTimeoutMs?: number;
}

/**
 * The behaviour switches a test may change while the fake runs ({@link FakeCloudMonitor.configure}); see
 * {@link FakeCmsOptions} for each. `reset()` restores the values given to {@link startFakeCloudMonitor}.
 */
export type FakeCmsSwitches = Pick<
  FakeCmsOptions,
  | 'omittedChannels'
  | 'unknownContactDelete'
  | 'unknownContactDescribe'
  | 'pendingValues'
  | 'pageSizeCap'
  | 'contactNameMatch'
  | 'emptyGroupPage'
  | 'keyRevoked'
  | 'strictSms'
>;

/** A stored contact, in DescribeContactList field names (`cms-20190101/src/models/DescribeContactListResponseBody.ts`). Times in ms since the epoch. */
export interface FakeContact {
  readonly Name: string;
  readonly Desc: string;
  readonly Lang: string;
  readonly Channels: Readonly<Partial<Record<ContactChannel, string>>>;
  readonly ChannelsState: Readonly<Partial<Record<ContactChannel, ChannelState>>>;
  readonly CreateTime: number;
  readonly UpdateTime: number;
}

/** A stored contact group (PutContactGroup / DescribeContactGroupList, §6.2/§6.3). `ContactNames` are the member contact names, in order. */
export interface FakeContactGroup {
  readonly Name: string;
  readonly Describe: string;
  readonly EnableSubscribed: boolean;
  readonly CreateTime: number;
  readonly UpdateTime: number;
  readonly ContactNames: readonly string[];
}

/**
 * Input of {@link FakeCloudMonitor.seedContact}: a contact created "outside the bot". No PutContact validation
 * is applied. `ChannelsState` defaults per channel to the PutContact rule (SMS/Mail `PENDING`, others `OK`);
 * `Lang` defaults to `zh-cn`, `Desc` to `''`, times to the fake's clock.
 */
export interface SeedContactInput {
  Name: string;
  Desc?: string;
  Lang?: string;
  Channels: Partial<Record<ContactChannel, string>>;
  ChannelsState?: Partial<Record<ContactChannel, ChannelState>>;
  CreateTime?: number;
  UpdateTime?: number;
}

/** Input of {@link FakeCloudMonitor.seedGroup}. Member names must be existing contacts (else it throws). */
export interface SeedGroupInput {
  Name: string;
  Describe?: string;
  EnableSubscribed?: boolean;
  ContactNames?: string[];
  CreateTime?: number;
  UpdateTime?: number;
}

/** One request as the fake saw and answered it (API requests only; `/_fake/*` admin calls are not recorded). */
export interface RecordedRequest {
  /** The `Action` parameter as sent (`''` if absent). */
  readonly action: string;
  readonly method: 'GET' | 'POST';
  /** Query and form-body parameters merged (body wins), percent-decoded, without `Signature`. */
  readonly params: Readonly<Record<string, string>>;
  /** Arrival time per the fake's clock, ms. */
  readonly at: number;
  /** HTTP status of the answer. */
  readonly status: number;
  /** `Code` of the answer body when it had one that is not `"200"` (e.g. `SignatureDoesNotMatch`). */
  readonly code?: string;
  /** The injected fault that produced the answer, if any. */
  readonly fault?: FaultKind;
  /** Request path (always ignored by the API, §1). */
  readonly path: string;
  /** Raw query string (without `?`) and raw body, exactly as received: lets a test replay a request byte for byte. */
  readonly rawQuery: string;
  readonly rawBody: string;
}

/** Counters for benchmarks. */
export interface FakeCmsStats {
  /** Answers with code `Throttling.User` (token bucket or injected). */
  readonly throttled: number;
  /** Recorded API requests per `Action` (every answer, any status). */
  readonly byAction: Readonly<Record<string, number>>;
  /** `Throttling.User` answers per `Action`. */
  readonly throttledByAction: Readonly<Record<string, number>>;
  /** Answers produced by {@link FakeCloudMonitor.injectNext}. */
  readonly injected: number;
}

/** Temporary credentials, in STS's `Credentials` field names (AssumeRole, STS API 2015-04-01). */
export interface StsCredentials {
  AccessKeyId: string;
  AccessKeySecret: string;
  SecurityToken: string;
  /** ISO 8601 UTC, e.g. `2026-12-06T10:00:00Z`. */
  Expiration: string;
}

/** Handle returned by {@link startFakeCloudMonitor}. */
export interface FakeCloudMonitor {
  /** `http://127.0.0.1:<port>`: pass as pop-core `endpoint`. */
  readonly url: string;
  readonly port: number;
  /** Every API request so far, oldest first (live array, cleared by `reset()`). */
  readonly requests: readonly RecordedRequest[];
  /** Requests whose `Action` equals `action`. */
  requestsFor(action: string): RecordedRequest[];
  /** Snapshot (taken at access) of the stored contacts, name → contact, frozen. */
  readonly contacts: ReadonlyMap<string, FakeContact>;
  /** Snapshot (taken at access) of the stored contact groups, name → group, frozen. */
  readonly groups: ReadonlyMap<string, FakeContactGroup>;
  /** Snapshot of the counters. */
  readonly stats: FakeCmsStats;
  /**
   * Simulates the recipient clicking the activation link: `PENDING` → `OK` (§4.2).
   * @throws Error if the contact does not exist or has no such channel
   */
  activate(contactName: string, channel: ActivatableChannel): void;
  /**
   * Queues a fault for the next matching request(s) that pass the gateway checks up to the nonce check
   * (so a bad signature still gets `SignatureDoesNotMatch` and leaves the fault queued). The faulted request is
   * not executed (state unchanged) and consumes no rate-limit token. Queued faults are used first-in first-out.
   * @param options.action only requests with this `Action` (default: any action)
   * @param options.times how many requests to fault (default 1)
   */
  injectNext(fault: FaultKind, options?: { action?: string; times?: number }): void;
  /**
   * Delays every answer (errors too) by `ms` before writing it; the request is executed first, so a client
   * timeout leaves the write applied (an httpx ReadTimeout says nothing about whether the server applied the write,
   * as certd/certd#219 shows).
   * With `action`, only for that Action (overrides the global value); `ms <= 0` clears.
   */
  setLatency(ms: number, action?: string): void;
  /**
   * Issues temporary STS credentials, as STS AssumeRole / AssumeRoleWithOIDC would (their `Credentials` shape):
   * an `STS.`-prefixed AccessKeyId, its secret and SecurityToken, valid until `Expiration` (ISO 8601 UTC, whole
   * seconds) per the fake's clock. Requests signed with them need that exact token (see {@link FakeCmsOptions.securityToken}).
   * @param ttlMs validity from now, ms (default 1 hour; STS allows 900 s to the role's maximum session duration)
   */
  issueStsCredentials(ttlMs?: number): StsCredentials;
  /** Makes an issued STS token expire now (as if its Expiration passed): later requests get `InvalidSecurityToken.Expired`. */
  expireSecurityToken(securityToken: string): void;
  /** Replaces the actions refused with 403 `Forbidden.RAM` (see {@link FakeCmsOptions.deniedActions}). */
  denyActions(actions: readonly string[]): void;
  /**
   * Chaos switch for one Action: each answer is delayed by a latency drawn uniformly from `latencyMs` [min, max]
   * (the request executed first, as with {@link setLatency}, which it overrides), and a share `throttleRate` (0–1)
   * of requests is answered `Throttling.User` without being executed, as the gateway does. Draws come from
   * `random` (default Math.random) so a seeded test replays its faults. `undefined` clears it.
   */
  setChaos(
    action: string,
    chaos: { latencyMs?: [number, number]; throttleRate?: number; random?: () => number } | undefined,
  ): void;
  /** Stores a contact as if created outside the bot (overwrites by name). Returns the stored contact. */
  seedContact(contact: SeedContactInput): FakeContact;
  /**
   * Stores a contact group (overwrites by name). Returns the stored group.
   * @throws Error if a member name is not a stored contact
   */
  seedGroup(group: SeedGroupInput): FakeContactGroup;
  /** Changes behaviour switches from now on (fields left out stay as they are). */
  configure(switches: FakeCmsSwitches): void;
  /**
   * Forgets contacts, groups, nonces, rate-limit buckets, requests, stats, queued faults and latencies, and
   * restores the switches given at start.
   */
  reset(): void;
  /** Stops the server: cancels delayed answers and closes keep-alive sockets (`closeAllConnections`; pop-core's agent keeps them alive). */
  close(): Promise<void>;
}

/** Default AccessKey pair (test-only values, not a real credential). */
export const DEFAULT_ACCESS_KEY_ID = 'test-access-key-id';
/** Default AccessKey secret (test-only value, safe to print). */
export const DEFAULT_ACCESS_KEY_SECRET = 'test-access-key-secret';

/** The only API version served (§1). */
const API_VERSION = '2019-01-01';
/** Timestamp window and nonce retention, ms (§7 `InvalidTimeStamp.Expired`, `SignatureNonceUsed`). */
const FIFTEEN_MINUTES_MS = 15 * 60 * 1000;
/** Common parameters that must be present, in the order they are reported (§3 "Common request parameters"). */
const REQUIRED_COMMON_PARAMS = [
  'AccessKeyId',
  'Signature',
  'SignatureMethod',
  'SignatureNonce',
  'SignatureVersion',
  'Timestamp',
] as const;
const CHANNELS: readonly ContactChannel[] = ['SMS', 'Mail', 'AliIM', 'DingWebHook'];
const ACTIVATABLE: ReadonlySet<ContactChannel> = new Set<ContactChannel>(['SMS', 'Mail']);
const LANGS: ReadonlySet<string> = new Set(['zh-cn', 'en']);
const STRICT_SMS = /^1[3-9]\d{9}$/;
const LENIENT_SMS = /^\+?\d[\d-]{4,19}$/;
const MAIL = /^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$/;
const WEBHOOK = /^https?:\/\/[^\s/]+/;
/** ContactName: letters (incl. CJK), digits, `.`, `_`, `-`; 2–40 characters (§4.1, §10.6). */
const CONTACT_NAME_CHARS = /^[\p{L}0-9._-]+$/u;
const HTML_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>Tengine</center>\r\n</body>\r\n</html>\r\n';

/** Mutable stored contact. */
interface StoredContact {
  Name: string;
  Desc: string;
  Lang: string;
  Channels: Partial<Record<ContactChannel, string>>;
  ChannelsState: Partial<Record<ContactChannel, ChannelState>>;
  CreateTime: number;
  UpdateTime: number;
}

/** Mutable stored group. */
interface StoredGroup {
  Name: string;
  Describe: string;
  EnableSubscribed: boolean;
  CreateTime: number;
  UpdateTime: number;
  members: string[];
}

/** An answer about to be written. */
interface Reply {
  status: number;
  body: string;
  contentType: string;
  code?: string;
  fault?: FaultKind;
}

/** Per-request context used to build answers. */
interface RequestContext {
  requestId: string;
  hostId: string;
}

/** Result of an action handler: a success payload or an error reply. */
type ActionResult = { ok: Record<string, unknown> } | { reply: Reply };

type ActionHandler = (params: ReadonlyMap<string, string>, ctx: RequestContext) => ActionResult;

interface QueuedFault {
  fault: FaultKind;
  action: string | undefined;
  remaining: number;
}

/** Percent-decodes leniently: malformed sequences are kept raw (the signature check then fails, as it would upstream). */
function decodeComponent(s: string, plusIsSpace: boolean): string {
  const t = plusIsSpace ? s.replace(/\+/g, ' ') : s;
  try {
    return decodeURIComponent(t);
  } catch {
    return t;
  }
}

/** Parses `a=b&c=d` into `into` (later keys win). §3 step 1: `+` is a space in a form body only. */
function parsePairs(raw: string, plusIsSpace: boolean, into: Map<string, string>): void {
  if (raw === '') return;
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decodeComponent(eq === -1 ? part : part.slice(0, eq), plusIsSpace);
    const value = eq === -1 ? '' : decodeComponent(part.slice(eq + 1), plusIsSpace);
    into.set(name, value);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Constant-time string comparison (as bolt-js compares Slack signatures). */
function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** Parses `YYYY-MM-DDTHH:mm:ssZ` (§3) to ms, or `undefined` if malformed or not a real date. */
function parseTimestamp(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, se);
  const back = new Date(ms);
  if (
    back.getUTCFullYear() !== y ||
    back.getUTCMonth() !== mo - 1 ||
    back.getUTCDate() !== d ||
    h > 23 ||
    mi > 59 ||
    se > 59
  ) {
    return undefined;
  }
  return ms;
}

function troubleshootLink(code: string, requestId: string): string {
  return `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(code)}&product=Cms&requestId=${requestId}`;
}

/**
 * A channel value as a masking service would show it: SMS keeps its first 7 digits (`1380000****`, the shape of
 * the DescribeContactList doc sample `1333333****`), Mail its first character and domain (`d****@example.com`),
 * others their first 4 characters.
 */
function maskValue(channel: ContactChannel, value: string): string {
  if (channel === 'SMS') return `${value.slice(0, 7)}****`;
  if (channel === 'Mail') {
    const at = value.lastIndexOf('@');
    return at > 0 ? `${value.slice(0, 1)}****${value.slice(at)}` : '****';
  }
  return `${value.slice(0, 4)}****`;
}

function jsonReply(status: number, body: Record<string, unknown>): Reply {
  const code = typeof body.Code === 'string' && body.Code !== '200' ? body.Code : undefined;
  return {
    status,
    body: JSON.stringify(body),
    contentType: 'application/json;charset=utf-8',
    ...(code ? { code } : {}),
  };
}

/**
 * Error body per §7: `{RequestId, HostId, Code, Message, Recommend}`, plus `Success: false` for API-level
 * (CMS back-end) errors as opposed to gateway errors.
 */
function errorReply(ctx: RequestContext, status: number, code: string, message: string, apiLevel = false): Reply {
  return jsonReply(status, {
    RequestId: ctx.requestId,
    HostId: ctx.hostId,
    Code: code,
    Message: message,
    Recommend: troubleshootLink(code, ctx.requestId),
    ...(apiLevel ? { Success: false } : {}),
  });
}

function missing(ctx: RequestContext, name: string): Reply {
  return errorReply(ctx, 400, `Missing${name}`, `${name} is mandatory for this action.`);
}

function invalidValue(ctx: RequestContext, name: string, why: string): Reply {
  return errorReply(ctx, 400, 'InvalidParameterValue', `The value of ${name} is invalid: ${why}.`, true);
}

function parsePositiveInt(
  params: ReadonlyMap<string, string>,
  name: string,
  fallback: number,
  ctx: RequestContext,
): number | Reply {
  const raw = params.get(name);
  if (raw === undefined) return fallback;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) return invalidValue(ctx, name, 'must be a positive integer');
  return Number(raw);
}

function isReply(x: unknown): x is Reply {
  return typeof x === 'object' && x !== null && 'status' in x && 'body' in x;
}

function freezeContact(c: StoredContact): FakeContact {
  return Object.freeze({
    Name: c.Name,
    Desc: c.Desc,
    Lang: c.Lang,
    Channels: Object.freeze({ ...c.Channels }),
    ChannelsState: Object.freeze({ ...c.ChannelsState }),
    CreateTime: c.CreateTime,
    UpdateTime: c.UpdateTime,
  });
}

function freezeGroup(g: StoredGroup): FakeContactGroup {
  return Object.freeze({
    Name: g.Name,
    Describe: g.Describe,
    EnableSubscribed: g.EnableSubscribed,
    CreateTime: g.CreateTime,
    UpdateTime: g.UpdateTime,
    ContactNames: Object.freeze([...g.members]),
  });
}

/**
 * Starts the CloudMonitor emulator on 127.0.0.1.
 *
 * Verification order per request (undocumented as a whole; the emulator assumes this one): `Action`/`Version` (`MissingAction`,
 * `MissingVersion`, 400 `InvalidVersion`, 404 `InvalidApi.NotFound`) → required common parameters (400
 * `Missing<Name>`) → AccessKeyId known (404 `InvalidAccessKeyId.NotFound`) → STS token (400 `MissingSecurityToken`,
 * `InvalidSecurityToken.Malformed` / `.MismatchWithAccessKey` / `.Expired`; Alibaba Cloud's common error codes,
 * https://error-center.alibabacloud.com/status/product/Public) → `SignatureMethod` (400
 * `InvalidSignatureMethod`) / `SignatureVersion` → `Timestamp` format and ±15 min window (400
 * `InvalidTimeStamp.Format` / `.Expired`) → signature (400 `SignatureDoesNotMatch`, echoing
 * `server string to sign is:<…>`) → nonce (400 `SignatureNonceUsed`, remembered 15 min, recorded only once the
 * signature passed) → RAM (403 `Forbidden.RAM` for denied actions) → injected fault → rate limit (400 `Throttling.User`) → action validation and execution.
 * Methods other than GET/POST get 400 `UnsupportedHTTPMethod`. Answers are always JSON (pop-core sends `Format=JSON`).
 *
 * Actions: PutContact, DescribeContactList, DeleteContact, PutContactGroup, DescribeContactGroupList,
 * DescribeContactListByContactGroup (§4–§6).
 *
 * @param options see {@link FakeCmsOptions}
 * @returns the running fake; call `close()` when done
 * @throws if the port cannot be bound
 */
export async function startFakeCloudMonitor(options: FakeCmsOptions = {}): Promise<FakeCloudMonitor> {
  const accessKeys: Record<AccessKeyId, string> = options.accessKeys ?? {
    [DEFAULT_ACCESS_KEY_ID]: DEFAULT_ACCESS_KEY_SECRET,
  };
  const now = options.now ?? Date.now;
  const rate = options.rateLimitPerSecond ?? 20;
  const rateLimited = Number.isFinite(rate) && rate > 0;
  /** The current switches (configure() changes them, reset() restores these start values). */
  const initialSwitches: FakeCmsSwitches = {
    omittedChannels: options.omittedChannels,
    unknownContactDelete: options.unknownContactDelete,
    unknownContactDescribe: options.unknownContactDescribe,
    pendingValues: options.pendingValues,
    pageSizeCap: options.pageSizeCap,
    contactNameMatch: options.contactNameMatch,
    emptyGroupPage: options.emptyGroupPage,
    keyRevoked: options.keyRevoked,
    strictSms: options.strictSms,
  };
  let switches: FakeCmsSwitches = { ...initialSwitches };
  const omittedChannels = () => switches.omittedChannels ?? 'replace';
  const unknownContactDelete = () => switches.unknownContactDelete ?? 'error';
  const unknownContactDescribe = () => switches.unknownContactDescribe ?? 'empty';
  const pendingValues = () => switches.pendingValues ?? 'show';
  const smsPattern = () => (switches.strictSms === false ? LENIENT_SMS : STRICT_SMS);
  /** Rows per page: what PageSize asks, cut at pageSizeCap when set. */
  const pageRows = (pageSize: number) => {
    const cap = switches.pageSizeCap;
    return cap !== undefined && cap >= 1 ? Math.min(pageSize, cap) : pageSize;
  };

  const contacts = new Map<string, StoredContact>();
  const groups = new Map<string, StoredGroup>();
  /** `${AccessKeyId}\n${nonce}` → expiry (ms). Insertion-ordered, so expired entries are at the front. */
  const nonces = new Map<string, number>();
  const buckets = new Map<string, { tokens: number; last: number }>();
  /** STS AccessKeyId → its secret, token and expiry (ms); tokens are looked up by value too. */
  const stsKeys = new Map<string, { secret: string; token: string; expiresAt: number }>();
  const stsTokens = new Map<string, string>(); // SecurityToken → STS AccessKeyId
  const tokenRequired = options.securityToken === 'required';
  let denied = new Set(options.deniedActions ?? []);
  const requests: RecordedRequest[] = [];
  const faults: QueuedFault[] = [];
  const latency = new Map<string, number>();
  const chaos = new Map<string, { latencyMs?: [number, number]; throttleRate?: number; random: () => number }>();
  const pendingTimers = new Set<{ timer: NodeJS.Timeout; done: () => void }>();
  let stats = {
    throttled: 0,
    byAction: {} as Record<string, number>,
    throttledByAction: {} as Record<string, number>,
    injected: 0,
  };

  // ---------------------------------------------------------------- state helpers

  function groupsOf(name: string): string[] {
    const out: string[] = [];
    for (const g of groups.values()) if (g.members.includes(name)) out.push(g.Name);
    return out;
  }

  function visibleChannels(c: StoredContact): Partial<Record<ContactChannel, string>> {
    const out: Partial<Record<ContactChannel, string>> = {};
    for (const ch of CHANNELS) {
      const v = c.Channels[ch];
      if (v === undefined) continue;
      const pending = c.ChannelsState[ch] === 'PENDING';
      if (pending && pendingValues() === 'hide') continue;
      out[ch] = pending && pendingValues() === 'mask' ? maskValue(ch, v) : v;
    }
    return out;
  }

  function describeContact(c: StoredContact): Record<string, unknown> {
    const state: Partial<Record<ContactChannel, ChannelState>> = {};
    for (const ch of CHANNELS) {
      const s = c.ChannelsState[ch];
      if (s !== undefined) state[ch] = s;
    }
    return {
      Name: c.Name,
      Desc: c.Desc,
      Lang: c.Lang,
      CreateTime: c.CreateTime,
      UpdateTime: c.UpdateTime,
      Channels: visibleChannels(c),
      ChannelsState: state,
      ContactGroups: { ContactGroup: groupsOf(c.Name) },
    };
  }

  function describeGroup(g: StoredGroup): Record<string, unknown> {
    return {
      Name: g.Name,
      Describe: g.Describe,
      CreateTime: g.CreateTime,
      UpdateTime: g.UpdateTime,
      EnableSubscribed: g.EnableSubscribed,
      // Undocumented beside EnableSubscribed; the emulator assumes it mirrors the weekly-report subscription flag.
      EnabledWeeklyReport: g.EnableSubscribed,
      Contacts: { Contact: [...g.members] },
    };
  }

  function page<T>(items: T[], pageNumber: number, pageSize: number): T[] {
    return items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  }

  // ---------------------------------------------------------------- actions (§4–§6)

  /** PutContact, §4 and §10.6–7. */
  const putContact: ActionHandler = (p, ctx) => {
    const name = p.get('ContactName');
    if (!name) return { reply: missing(ctx, 'ContactName') };
    const describe = p.get('Describe');
    if (!describe) return { reply: missing(ctx, 'Describe') };
    const nameLength = Array.from(name).length;
    if (nameLength < 2 || nameLength > 40) {
      return { reply: invalidValue(ctx, 'ContactName', 'length must be 2 to 40 characters') };
    }
    if (!CONTACT_NAME_CHARS.test(name)) {
      return { reply: invalidValue(ctx, 'ContactName', 'only letters, digits, ".", "_" and "-" are allowed') };
    }
    const sent: Partial<Record<ContactChannel, string>> = {};
    for (const ch of CHANNELS) {
      const v = p.get(`Channels.${ch}`);
      if (v === undefined) continue;
      const field = `Channels.${ch}`;
      if (v === '') return { reply: invalidValue(ctx, field, 'empty value') };
      if (ch === 'SMS' && !smsPattern().test(v))
        return { reply: invalidValue(ctx, field, 'not a valid mobile phone number') };
      if (ch === 'Mail' && !MAIL.test(v)) return { reply: invalidValue(ctx, field, 'not a valid email address') };
      if (ch === 'DingWebHook' && !WEBHOOK.test(v)) return { reply: invalidValue(ctx, field, 'not an http(s) URL') };
      sent[ch] = v;
    }
    const lang = p.get('Lang');
    if (lang !== undefined && !LANGS.has(lang)) return { reply: invalidValue(ctx, 'Lang', 'must be "zh-cn" or "en"') };

    const existing = contacts.get(name);
    const channels: Partial<Record<ContactChannel, string>> =
      omittedChannels() === 'merge' && existing ? { ...existing.Channels, ...sent } : sent;
    if (CHANNELS.every((ch) => channels[ch] === undefined)) {
      return {
        reply: invalidValue(
          ctx,
          'Channels',
          'specify at least one of Channels.SMS, Channels.Mail, Channels.AliIM, Channels.DingWebHook',
        ),
      };
    }
    const state: Partial<Record<ContactChannel, ChannelState>> = {};
    for (const ch of CHANNELS) {
      const v = channels[ch];
      if (v === undefined) continue;
      if (!ACTIVATABLE.has(ch)) {
        state[ch] = 'OK';
      } else if (existing && existing.Channels[ch] === v) {
        state[ch] = existing.ChannelsState[ch] ?? 'PENDING';
      } else {
        state[ch] = 'PENDING';
      }
    }
    const t = now();
    contacts.set(name, {
      Name: name,
      Desc: describe,
      Lang: lang ?? existing?.Lang ?? 'zh-cn',
      Channels: channels,
      ChannelsState: state,
      CreateTime: existing?.CreateTime ?? t,
      UpdateTime: t,
    });
    return { ok: {} };
  };

  /** DescribeContactList, §5. */
  const describeContactList: ActionHandler = (p, ctx) => {
    const pageNumber = parsePositiveInt(p, 'PageNumber', 1, ctx);
    if (isReply(pageNumber)) return { reply: pageNumber };
    const pageSize = parsePositiveInt(p, 'PageSize', 100, ctx);
    if (isReply(pageSize)) return { reply: pageSize };
    const name = p.get('ContactName');
    const chanelType = p.get('ChanelType');
    const chanelValue = p.get('ChanelValue');
    if (chanelType !== undefined && !CHANNELS.includes(chanelType as ContactChannel)) {
      return { reply: invalidValue(ctx, 'ChanelType', 'must be SMS, Mail, AliIM or DingWebHook') };
    }
    let matches = [...contacts.values()];
    if (name)
      matches = matches.filter((c) =>
        switches.contactNameMatch === 'contains' ? c.Name.includes(name) : c.Name === name,
      );
    if (chanelType) {
      const ch = chanelType as ContactChannel;
      matches = matches.filter((c) => c.Channels[ch] !== undefined && (!chanelValue || c.Channels[ch] === chanelValue));
    }
    if (name && matches.length === 0 && unknownContactDescribe() !== 'empty') {
      const code = unknownContactDescribe();
      return {
        reply: errorReply(
          ctx,
          404,
          code,
          code === 'ContactNotExists' ? 'The contact does not exist.' : 'The specified resource is not found.',
          true,
        ),
      };
    }
    return {
      ok: {
        Total: matches.length,
        Contacts: { Contact: page(matches, pageNumber, pageRows(pageSize)).map(describeContact) },
      },
    };
  };

  /** DeleteContact, §6.1. */
  const deleteContact: ActionHandler = (p, ctx) => {
    const name = p.get('ContactName');
    if (!name) return { reply: missing(ctx, 'ContactName') };
    if (!contacts.delete(name)) {
      if (unknownContactDelete() === 'error') {
        return { reply: errorReply(ctx, 404, 'ContactNotExists', 'The contact does not exist.', true) };
      }
      return { ok: {} };
    }
    for (const g of groups.values()) g.members = g.members.filter((m) => m !== name);
    return { ok: {} };
  };

  /**
   * PutContactGroup, §6.2: upsert by name; `ContactNames.N` (N = 1..100) replaces the membership. A field left
   * out keeps its stored value: no `ContactNames.N` keeps the members, no `Describe` the description, no
   * `EnableSubscribed` the setting. Assumed, not documented: Terraform's alicloud_cms_alarm_contact_group update
   * (aliyun/terraform-provider-alicloud, alicloud/resource_alicloud_cms_alarm_contact_group.go) sends each of
   * them only when it changed, which works only if the service keeps the ones left out. There is therefore no way
   * to empty a group with PutContactGroup.
   */
  const putContactGroup: ActionHandler = (p, ctx) => {
    const name = p.get('ContactGroupName');
    if (!name) return { reply: missing(ctx, 'ContactGroupName') };
    const subscribed = p.get('EnableSubscribed');
    if (subscribed !== undefined && subscribed !== 'true' && subscribed !== 'false') {
      return { reply: invalidValue(ctx, 'EnableSubscribed', 'must be true or false') };
    }
    const indexed: Array<[number, string, string]> = [];
    for (const [key, value] of p) {
      const m = /^ContactNames\.(\d+)$/.exec(key);
      if (!m) continue;
      const n = Number(m[1]);
      if (n < 1 || n > 100) return { reply: invalidValue(ctx, key, 'N must be 1 to 100') };
      if (!contacts.has(value)) return { reply: invalidValue(ctx, key, `contact "${value}" does not exist`) };
      indexed.push([n, key, value]);
    }
    indexed.sort((a, b) => a[0] - b[0]);
    const existing = groups.get(name);
    const members = indexed.length === 0 ? [...(existing?.members ?? [])] : [...new Set(indexed.map(([, , v]) => v))];
    const t = now();
    groups.set(name, {
      Name: name,
      Describe: p.get('Describe') ?? existing?.Describe ?? '',
      EnableSubscribed: subscribed === undefined ? (existing?.EnableSubscribed ?? false) : subscribed === 'true',
      CreateTime: existing?.CreateTime ?? t,
      UpdateTime: t,
      members,
    });
    return { ok: {} };
  };

  /** DescribeContactGroupList, §6.3 (defaults 1/100 as for DescribeContactList; none documented). */
  const describeContactGroupList: ActionHandler = (p, ctx) => {
    const pageNumber = parsePositiveInt(p, 'PageNumber', 1, ctx);
    if (isReply(pageNumber)) return { reply: pageNumber };
    const pageSize = parsePositiveInt(p, 'PageSize', 100, ctx);
    if (isReply(pageSize)) return { reply: pageSize };
    const all = [...groups.values()];
    const slice = page(all, pageNumber, pageRows(pageSize));
    const emptyAnswer = switches.emptyGroupPage ?? 'empty';
    if (slice.length === 0 && emptyAnswer !== 'empty') {
      return { reply: errorReply(ctx, 404, emptyAnswer, 'The contact group does not exist.', true) };
    }
    return {
      ok: {
        Total: all.length,
        ContactGroups: { ContactGroup: slice.map((g) => g.Name) },
        ContactGroupList: { ContactGroup: slice.map(describeGroup) },
      },
    };
  };

  /** DescribeContactListByContactGroup, §6.4. */
  const describeContactListByContactGroup: ActionHandler = (p, ctx) => {
    const name = p.get('ContactGroupName');
    if (!name) return { reply: missing(ctx, 'ContactGroupName') };
    const group = groups.get(name);
    if (!group) return { reply: errorReply(ctx, 404, 'ContactGroup.NotExists', 'The group is not exists.', true) };
    const members = group.members.map((m) => contacts.get(m)).filter((c): c is StoredContact => c !== undefined);
    return {
      ok: {
        Contacts: {
          Contact: members.map((c) => ({
            Name: c.Name,
            Desc: c.Desc,
            CreateTime: c.CreateTime,
            UpdateTime: c.UpdateTime,
            Channels: visibleChannels(c),
          })),
        },
      },
    };
  };

  const actions: ReadonlyMap<string, ActionHandler> = new Map<string, ActionHandler>([
    ['PutContact', putContact],
    ['DescribeContactList', describeContactList],
    ['DeleteContact', deleteContact],
    ['PutContactGroup', putContactGroup],
    ['DescribeContactGroupList', describeContactGroupList],
    ['DescribeContactListByContactGroup', describeContactListByContactGroup],
  ]);

  // ---------------------------------------------------------------- gateway (§3, §7, §8)

  function faultReply(fault: FaultKind, ctx: RequestContext): Reply {
    switch (fault) {
      case 'Throttling.User':
        return errorReply(ctx, 400, 'Throttling.User', 'Request was denied due to user flow control.');
      case 'InternalError':
        return errorReply(
          ctx,
          500,
          'InternalError',
          'The request processing has failed due to some unknown error.',
          true,
        );
      case 'ServiceUnavailable':
        return jsonReply(503, { RequestId: ctx.requestId, HostId: ctx.hostId, Message: 'Service Unavailable' });
      case 'html502':
        return { status: 502, body: HTML_502, contentType: 'text/html' };
      case 'empty':
        return { status: 200, body: '', contentType: 'application/json;charset=utf-8' };
      case 'successFalse':
        return jsonReply(200, {
          Code: '200',
          Message: 'The request processing has failed due to some unknown error.',
          RequestId: ctx.requestId,
          Success: false,
        });
      case 'InvalidParameterValue':
        return errorReply(ctx, 400, 'InvalidParameterValue', 'Illegal parameters.', true);
      case 'InvalidAuthorization':
        return errorReply(ctx, 403, 'InvalidAuthorization', 'Permission denied', true);
    }
  }

  function takeFault(action: string): FaultKind | undefined {
    const i = faults.findIndex((f) => f.action === undefined || f.action === action);
    if (i === -1) return undefined;
    const f = faults[i];
    if (!f) return undefined;
    f.remaining -= 1;
    if (f.remaining <= 0) faults.splice(i, 1);
    return f.fault;
  }

  /** Token bucket per AccessKeyId+Action (§8). Returns false when the request must be throttled. */
  function takeToken(accessKeyId: string, action: string, t: number): boolean {
    if (!rateLimited) return true;
    const key = `${accessKeyId}\n${action}`;
    const b = buckets.get(key) ?? { tokens: rate, last: t };
    b.tokens = Math.min(rate, b.tokens + (Math.max(0, t - b.last) / 1000) * rate);
    b.last = t;
    buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  function purgeNonces(t: number): void {
    for (const [key, expiry] of nonces) {
      if (expiry > t) break;
      nonces.delete(key);
    }
  }

  /** Runs the §3 check order and the action; returns the reply (never throws for bad input). */
  function processApiRequest(
    method: 'GET' | 'POST',
    params: ReadonlyMap<string, string>,
    ctx: RequestContext,
    t: number,
  ): Reply {
    const action = params.get('Action');
    if (!action) return missing(ctx, 'Action');
    const version = params.get('Version');
    if (!version) return missing(ctx, 'Version');
    if (version !== API_VERSION)
      return errorReply(ctx, 400, 'InvalidVersion', 'Specified parameter Version is not valid.');
    const handler = actions.get(action);
    if (!handler) {
      return errorReply(
        ctx,
        404,
        'InvalidApi.NotFound',
        'Specified api is not found, please check your url and method.',
      );
    }
    for (const name of REQUIRED_COMMON_PARAMS) {
      if (!params.get(name)) return missing(ctx, name);
    }
    const accessKeyId = params.get('AccessKeyId') ?? '';
    const token = params.get('SecurityToken');
    const sts = stsKeys.get(accessKeyId);
    const secret = sts ? sts.secret : Object.hasOwn(accessKeys, accessKeyId) ? accessKeys[accessKeyId] : undefined;
    if (secret === undefined || switches.keyRevoked === true) {
      return errorReply(ctx, 404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    }
    // STS (common errors of the POP gateway; messages as Alibaba's error tables print them). Checked before the
    // signature: the gateway learns an STS key's secret from its token. The order is undocumented (assumed).
    if (token === undefined || token === '') {
      if (sts || tokenRequired)
        return errorReply(ctx, 400, 'MissingSecurityToken', 'SecurityToken is mandatory for this action.');
    } else {
      if (!stsTokens.has(token))
        return errorReply(ctx, 400, 'InvalidSecurityToken.Malformed', 'Specified SecurityToken is malformed.');
      if (!sts || sts.token !== token) {
        return errorReply(
          ctx,
          400,
          'InvalidSecurityToken.MismatchWithAccessKey',
          'Specified SecurityToken mismatch with the AccessKey.',
        );
      }
      if (t >= sts.expiresAt)
        return errorReply(ctx, 400, 'InvalidSecurityToken.Expired', 'Specified SecurityToken is expired.');
    }
    if (params.get('SignatureMethod') !== 'HMAC-SHA1') {
      return errorReply(ctx, 400, 'InvalidSignatureMethod', 'Specified signature method is not valid.');
    }
    if (params.get('SignatureVersion') !== '1.0') {
      // Undocumented code (not in Alibaba's common error tables); the emulator names it after InvalidSignatureMethod.
      return errorReply(ctx, 400, 'InvalidSignatureVersion', 'Specified signature version is not valid.');
    }
    const ts = parseTimestamp(params.get('Timestamp') ?? '');
    if (ts === undefined) {
      return errorReply(
        ctx,
        400,
        'InvalidTimeStamp.Format',
        'Specified time stamp or date value is not well formatted.',
      );
    }
    if (Math.abs(t - ts) > FIFTEEN_MINUTES_MS) {
      return errorReply(ctx, 400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    }
    const signed = Object.fromEntries([...params].filter(([k]) => k !== 'Signature'));
    const expected = computeSignature(method, signed, secret);
    if (!safeEqual(expected, params.get('Signature') ?? '')) {
      return errorReply(
        ctx,
        400,
        'SignatureDoesNotMatch',
        `Specified signature is not matched with our calculation. server string to sign is:${stringToSign(method, signed)}`,
      );
    }
    purgeNonces(t);
    const nonceKey = `${accessKeyId}\n${params.get('SignatureNonce') ?? ''}`;
    const nonceExpiry = nonces.get(nonceKey);
    if (nonceExpiry !== undefined && nonceExpiry > t) {
      return errorReply(ctx, 400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    }
    nonces.delete(nonceKey);
    nonces.set(nonceKey, t + FIFTEEN_MINUTES_MS);

    if (denied.has(action)) {
      return errorReply(
        ctx,
        403,
        'Forbidden.RAM',
        "User not authorized to operate on the specified resource, or this API doesn't support RAM.",
      );
    }

    const fault = takeFault(action);
    if (fault) return { ...faultReply(fault, ctx), fault };
    const chaotic = chaos.get(action);
    if (chaotic?.throttleRate && chaotic.random() < chaotic.throttleRate) {
      return { ...faultReply('Throttling.User', ctx), fault: 'Throttling.User' };
    }

    if (!takeToken(accessKeyId, action, t)) {
      return errorReply(ctx, 400, 'Throttling.User', 'Request was denied due to user flow control.');
    }

    const result = handler(params, ctx);
    if ('reply' in result) return result.reply;
    return jsonReply(200, { Code: '200', Message: 'success', RequestId: ctx.requestId, Success: true, ...result.ok });
  }

  function delayFor(action: string): number {
    const range = chaos.get(action)?.latencyMs;
    if (range) return range[0] + (chaos.get(action)?.random() ?? 0) * (range[1] - range[0]);
    return latency.get(action) ?? latency.get('*') ?? 0;
  }

  function wait(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          pendingTimers.delete(entry);
          resolve();
        }, ms),
        done: resolve,
      };
      pendingTimers.add(entry);
    });
  }

  function write(res: ServerResponse, reply: Reply, requestId: string | undefined): void {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(reply.status, {
      'content-type': reply.contentType,
      'content-length': Buffer.byteLength(reply.body),
      ...(requestId ? { 'x-acs-request-id': requestId } : {}),
    });
    res.end(reply.body);
  }

  // ---------------------------------------------------------------- admin routes (not Alibaba API)

  function adminReply(res: ServerResponse, status: number, body: unknown): void {
    write(
      res,
      { status, body: JSON.stringify(body, null, 2), contentType: 'application/json;charset=utf-8' },
      undefined,
    );
  }

  function handleAdmin(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (url.pathname === '/_fake/contacts' && req.method === 'GET') {
      adminReply(res, 200, {
        contacts: [...contacts.values()].map(describeContact),
        groups: [...groups.values()].map(describeGroup),
      });
      return;
    }
    if (url.pathname === '/_fake/activate' && req.method === 'POST') {
      const name = url.searchParams.get('name') ?? '';
      const channel = url.searchParams.get('channel') ?? '';
      if (channel !== 'SMS' && channel !== 'Mail') {
        adminReply(res, 400, { ok: false, error: 'channel must be SMS or Mail' });
        return;
      }
      try {
        fake.activate(name, channel);
      } catch (e) {
        adminReply(res, 404, { ok: false, error: e instanceof Error ? e.message : String(e) });
        return;
      }
      const c = contacts.get(name);
      adminReply(res, 200, { ok: true, contact: c ? describeContact(c) : null });
      return;
    }
    adminReply(res, 404, {
      ok: false,
      error:
        'unknown fake admin route; try GET /_fake/contacts or POST /_fake/activate?name=<ContactName>&channel=SMS|Mail',
    });
  }

  // ---------------------------------------------------------------- HTTP server

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const t = now();
    const rawUrl = req.url ?? '/';
    const qIndex = rawUrl.indexOf('?');
    const path = qIndex === -1 ? rawUrl : rawUrl.slice(0, qIndex);
    const rawQuery = qIndex === -1 ? '' : rawUrl.slice(qIndex + 1);
    const rawBody = await readBody(req);
    if (options.adminRoutes && path.startsWith('/_fake/')) {
      handleAdmin(req, res, new URL(rawUrl, 'http://127.0.0.1'));
      return;
    }
    const ctx: RequestContext = { requestId: randomUUID().toUpperCase(), hostId: req.headers.host ?? '127.0.0.1' };
    const method = req.method;
    if (method !== 'GET' && method !== 'POST') {
      write(res, errorReply(ctx, 400, 'UnsupportedHTTPMethod', 'This http method not supported.'), ctx.requestId);
      return;
    }
    const merged = new Map<string, string>();
    parsePairs(rawQuery, false, merged);
    if ((req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
      parsePairs(rawBody, true, merged);
    }
    const reply = processApiRequest(method, merged, ctx, t);
    const action = merged.get('Action') ?? '';
    requests.push(
      Object.freeze({
        action,
        method,
        params: Object.freeze(Object.fromEntries([...merged].filter(([k]) => k !== 'Signature'))),
        at: t,
        status: reply.status,
        ...(reply.code !== undefined ? { code: reply.code } : {}),
        ...(reply.fault !== undefined ? { fault: reply.fault } : {}),
        path,
        rawQuery,
        rawBody,
      }),
    );
    stats.byAction[action] = (stats.byAction[action] ?? 0) + 1;
    if (reply.code === 'Throttling.User') {
      stats.throttled += 1;
      stats.throttledByAction[action] = (stats.throttledByAction[action] ?? 0) + 1;
    }
    if (reply.fault) stats.injected += 1;
    await wait(delayFor(action));
    write(res, reply, ctx.requestId);
  }

  const server = createServer((req, res) => {
    res.on('error', () => undefined);
    handle(req, res).catch((e: unknown) => {
      const ctx: RequestContext = { requestId: randomUUID().toUpperCase(), hostId: req.headers.host ?? '127.0.0.1' };
      const why = e instanceof Error ? e.message : 'unknown';
      write(
        res,
        errorReply(
          ctx,
          500,
          'InternalError',
          `The request processing has failed due to some unknown error. (fake: ${why})`,
          true,
        ),
        ctx.requestId,
      );
    });
  });
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  const fake: FakeCloudMonitor = {
    url: `http://127.0.0.1:${port}`,
    port,
    get requests(): readonly RecordedRequest[] {
      return requests;
    },
    requestsFor(action: string): RecordedRequest[] {
      return requests.filter((r) => r.action === action);
    },
    get contacts(): ReadonlyMap<string, FakeContact> {
      return new Map([...contacts].map(([k, c]) => [k, freezeContact(c)]));
    },
    get groups(): ReadonlyMap<string, FakeContactGroup> {
      return new Map([...groups].map(([k, g]) => [k, freezeGroup(g)]));
    },
    get stats(): FakeCmsStats {
      return {
        throttled: stats.throttled,
        byAction: { ...stats.byAction },
        throttledByAction: { ...stats.throttledByAction },
        injected: stats.injected,
      };
    },
    activate(contactName: string, channel: ActivatableChannel): void {
      const c = contacts.get(contactName);
      if (!c) throw new Error(`fake CloudMonitor: no contact named "${contactName}"`);
      if (c.Channels[channel] === undefined)
        throw new Error(`fake CloudMonitor: contact "${contactName}" has no ${channel} channel`);
      c.ChannelsState[channel] = 'OK';
    },
    injectNext(fault: FaultKind, opts: { action?: string; times?: number } = {}): void {
      const times = opts.times ?? 1;
      if (!Number.isInteger(times) || times < 1)
        throw new Error('fake CloudMonitor: injectNext times must be a positive integer');
      faults.push({ fault, action: opts.action, remaining: times });
    },
    setLatency(ms: number, action?: string): void {
      const key = action ?? '*';
      if (ms > 0) latency.set(key, ms);
      else latency.delete(key);
    },
    issueStsCredentials(ttlMs = 3_600_000): StsCredentials {
      const expiresAt = Math.floor((now() + ttlMs) / 1000) * 1000;
      const id = `STS.${randomUUID().replaceAll('-', '').slice(0, 24)}`;
      const credentials: StsCredentials = {
        AccessKeyId: id,
        AccessKeySecret: randomUUID().replaceAll('-', ''),
        SecurityToken: `CAIS${randomUUID().replaceAll('-', '')}${randomUUID().replaceAll('-', '')}`,
        Expiration: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      };
      stsKeys.set(id, { secret: credentials.AccessKeySecret, token: credentials.SecurityToken, expiresAt });
      stsTokens.set(credentials.SecurityToken, id);
      return credentials;
    },
    expireSecurityToken(securityToken: string): void {
      const id = stsTokens.get(securityToken);
      const sts = id === undefined ? undefined : stsKeys.get(id);
      if (!sts) throw new Error('fake CloudMonitor: no such SecurityToken');
      sts.expiresAt = Math.min(sts.expiresAt, now());
    },
    denyActions(actions: readonly string[]): void {
      denied = new Set(actions);
    },
    setChaos(action, options): void {
      if (options) chaos.set(action, { ...options, random: options.random ?? Math.random });
      else chaos.delete(action);
    },
    seedContact(input: SeedContactInput): FakeContact {
      if (!input.Name) throw new Error('fake CloudMonitor: seedContact needs a Name');
      const t = now();
      const state: Partial<Record<ContactChannel, ChannelState>> = {};
      const channels: Partial<Record<ContactChannel, string>> = {};
      for (const ch of CHANNELS) {
        const v = input.Channels[ch];
        if (v === undefined) continue;
        channels[ch] = v;
        state[ch] = input.ChannelsState?.[ch] ?? (ACTIVATABLE.has(ch) ? 'PENDING' : 'OK');
      }
      const stored: StoredContact = {
        Name: input.Name,
        Desc: input.Desc ?? '',
        Lang: input.Lang ?? 'zh-cn',
        Channels: channels,
        ChannelsState: state,
        CreateTime: input.CreateTime ?? t,
        UpdateTime: input.UpdateTime ?? input.CreateTime ?? t,
      };
      contacts.set(stored.Name, stored);
      return freezeContact(stored);
    },
    seedGroup(input: SeedGroupInput): FakeContactGroup {
      if (!input.Name) throw new Error('fake CloudMonitor: seedGroup needs a Name');
      const members = [...new Set(input.ContactNames ?? [])];
      for (const m of members) {
        if (!contacts.has(m)) throw new Error(`fake CloudMonitor: seedGroup member "${m}" is not a stored contact`);
      }
      const t = now();
      const stored: StoredGroup = {
        Name: input.Name,
        Describe: input.Describe ?? '',
        EnableSubscribed: input.EnableSubscribed ?? false,
        CreateTime: input.CreateTime ?? t,
        UpdateTime: input.UpdateTime ?? input.CreateTime ?? t,
        members,
      };
      groups.set(stored.Name, stored);
      return freezeGroup(stored);
    },
    configure(next: FakeCmsSwitches): void {
      const defined = Object.entries(next).filter(([, value]) => value !== undefined);
      switches = { ...switches, ...Object.fromEntries(defined) };
    },
    reset(): void {
      switches = { ...initialSwitches };
      contacts.clear();
      groups.clear();
      nonces.clear();
      buckets.clear();
      requests.length = 0;
      faults.length = 0;
      latency.clear();
      chaos.clear();
      stats = { throttled: 0, byAction: {}, throttledByAction: {}, injected: 0 };
    },
    close(): Promise<void> {
      if (closing) return closing;
      for (const p of pendingTimers) {
        clearTimeout(p.timer);
        p.done();
      }
      pendingTimers.clear();
      closing = new Promise((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
  return fake;
}
