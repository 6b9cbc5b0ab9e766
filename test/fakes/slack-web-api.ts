/**
 * A local fake of the Slack Web API, response_url endpoint and Socket Mode WebSocket, for tests.
 *
 * It listens on 127.0.0.1 (a free port) and behaves like Slack as its public documentation and Slack's own
 * client libraries describe it. "ref §n" below (and in test/helpers/slack-driver.ts, test/fakes/block-kit-limits.ts
 * and their tests) names a topic; its sources:
 * - §0.1, §1.2 request parsing and verification in Bolt: @slack/bolt 5.1.0 `dist/receivers/HTTPReceiver.js`,
 *   `HTTPModuleFunctions.js` (`parseHTTPRequestBody`, `parseAndVerifyHTTPRequest`), `verify-request.js`
 * - §0.5–§0.7, §5.1 what the client sends and retries: @slack/web-api 8.2.0 `dist/WebClient.js`
 * - §0.8, §1.5, §2.1 acks within 3 s, trigger_ids, response_urls, payload encoding:
 *   https://docs.slack.dev/interactivity/handling-user-interaction
 * - §0.9 chat.update needs a channel ID: https://docs.slack.dev/reference/methods/chat.update
 * - §1.1 signing: https://docs.slack.dev/authentication/verifying-requests-from-slack
 * - §1.4 retry headers: https://docs.slack.dev/apis/events-api/
 * - §1.6 the driver's checklist, derived from §1.1–§1.5
 * - §2.2 slash commands: https://docs.slack.dev/interactivity/implementing-slash-commands
 * - §2.3, §2.6 view_submission, view_closed: https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload
 * - §2.4, §2.5 block_actions (message, modal): https://docs.slack.dev/reference/interaction-payloads/block_actions-payload
 * - §2.7 Socket Mode: @slack/socket-mode 3.1.0 `dist/src/SocketModeClient.js`; python-slack-sdk
 *   `tests/slack_sdk/socket_mode/mock_socket_mode_server.py`
 * - §3 modal responses, view stack, hash, size: https://docs.slack.dev/surfaces/modals,
 *   https://docs.slack.dev/reference/methods/views.push, https://docs.slack.dev/reference/methods/views.update
 * - §4 Block Kit limits: https://docs.slack.dev/reference/block-kit/blocks and its element pages, cross-checked with
 *   python-slack-sdk `slack_sdk/models/` and @slack/types 3.2.0 `dist/views.d.ts`, `dist/block-kit/*.d.ts`
 * - §5.2 rate limits: https://docs.slack.dev/apis/web-api/rate-limits
 * - §5.3, §5.4 auth, errors and each method: https://docs.slack.dev/reference/methods/<method> (e.g. chat.postMessage,
 *   views.open, users.info), and slackapi/slack-api-specs (the Web API OpenAPI spec) where the page is silent
 * What it emulates:
 * - transport: POST form bodies as @slack/web-api 8 sends them (JSON-encoded nested fields), or JSON
 *   bodies; token from `Authorization: Bearer` or the `token` field; errors are HTTP 200
 *   `{ok:false,error}`; only rate limits use another status (429 + Retry-After) (ref §0.5, §5.1, §5.3).
 * - trigger_ids valid for 3 s and single use (ref §0.8, §3), Block Kit limits (ref §3, §4, via
 *   ./block-kit-limits.ts), view hashes and stacks (ref §3), chat.update needing the channel id (ref §0.9).
 * - Socket Mode: apps.connections.open → ws URL → hello → envelopes → acks (ref §2.7).
 *
 * Point an app at it with `clientOptions.slackApiUrl = fake.url` (ref §0.6).
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQueryString } from 'node:querystring';
import type { Duplex } from 'node:stream';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import {
  BLOCK_KIT_LIMITS,
  validateBlocks,
  validateMessageBlocks,
  validateView,
  viewSizeBytes,
  withoutSeverity,
} from './block-kit-limits.js';

/**
 * Identifiers and tokens the fake uses unless told otherwise. The driver (test/helpers/slack-driver.ts)
 * uses the same values so that payloads and API answers agree. Values follow the samples in ref §2 and §5.4.
 */
export const FAKE_SLACK_DEFAULTS = {
  botToken: 'xoxb-test-token',
  appToken: 'xapp-test-token',
  triggerTtlMs: 3000,
  teamId: 'T0AAAAAA1',
  teamDomain: 'acme',
  teamName: 'Acme',
  botUserId: 'U0BOTUSR1',
  botId: 'B0BOT0001',
  botName: 'alertbot',
  appId: 'A0APP0001',
  /** Legacy verification token carried in payloads (ref §2.2). */
  verificationToken: 'gIkuvaNzQIHg97ATvDxqgjtO',
  /** "up to 5 times within 30 minutes" (ref §1.5). */
  responseUrlMaxUses: 5,
  responseUrlTtlMs: 30 * 60 * 1000,
} as const;

/** A user to register with the fake; mapped to the users.info shape (ref §5.4 users.info). */
export interface FakeUserInput {
  id: string;
  /** Handle (`user.name`, `profile.display_name`); default: the id in lower case. */
  name?: string;
  /** `user.real_name` and `profile.real_name`; default: `name`. */
  realName?: string;
  /** `profile.email`; omitted from the profile when not given. */
  email?: string;
  /** `profile.phone`; default `""`. */
  phone?: string;
  /** `user.locale` (returned only with `include_locale=true`); default `en-US`. */
  locale?: string;
  deleted?: boolean;
  /** `profile.title`; default `""`. */
  title?: string;
  /** IANA zone for `tz`; default `America/Los_Angeles`. */
  tz?: string;
  isBot?: boolean;
}

/** The `user` object users.info returns (ref §5.4 users.info; OpenAPI `objs_user`). */
export interface SlackUserObject {
  id: string;
  team_id: string;
  name: string;
  deleted: boolean;
  color: string;
  real_name: string;
  tz: string;
  tz_label: string;
  tz_offset: number;
  locale?: string;
  profile: {
    real_name: string;
    display_name: string;
    email?: string;
    phone: string;
    title: string;
    skype: string;
    status_text: string;
    status_emoji: string;
    real_name_normalized: string;
    display_name_normalized: string;
    avatar_hash: string;
    image_24: string;
    image_512: string;
    team: string;
  };
  is_admin: boolean;
  is_owner: boolean;
  is_primary_owner: boolean;
  is_restricted: boolean;
  is_ultra_restricted: boolean;
  is_bot: boolean;
  is_app_user: boolean;
  updated: number;
  has_2fa: boolean;
}

/** Options for {@link startFakeSlack}. All optional. */
export interface FakeSlackOptions {
  /** Accepted bot token (default `xoxb-test-token`). */
  botToken?: string;
  /** Accepted app-level token for apps.connections.open (default `xapp-test-token`). */
  appToken?: string;
  /** Trigger id lifetime in ms from minting (default 3000, ref §3). */
  triggerTtlMs?: number;
  /** Initial users: a list, or a map keyed by user id. */
  users?: FakeUserInput[] | Record<string, Omit<FakeUserInput, 'id'>>;
  teamId?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
  /** Uses allowed per response_url (default 5, ref §1.5). */
  responseUrlMaxUses?: number;
  /** Lifetime of a response_url in ms (default 30 min, ref §1.5). */
  responseUrlTtlMs?: number;
  /**
   * Calls per minute allowed to each Tier 3 method (users.lookupByEmail) before HTTP 429 `ratelimited` with a
   * Retry-After (default 50: Tier 3 is "50+ per minute", https://docs.slack.dev/apis/web-api/rate-limits).
   */
  tier3PerMinute?: number;
  /**
   * Scopes granted to the bot token: sent in `x-oauth-scopes` on every bot-token answer as Slack does, and required
   * by the methods that check them (conversations.info). Default: the manifest's bot scopes.
   */
  botScopes?: readonly string[];
  /** Channels to model (membership, conversations.info); other `C…`/`G…` ids are accepted by chat.* as-is. */
  channels?: FakeChannelInput[];
}

/**
 * A channel the fake models. chat.postMessage to it as a non-member answers like Slack: `not_in_channel` for a
 * public channel, `channel_not_found` for a private one (the bot cannot see it); archived → `is_archived`.
 * conversations.info answers with `is_member` (https://docs.slack.dev/reference/methods/conversations.info).
 */
export interface FakeChannelInput {
  id: string;
  /** Default: the id in lower case. */
  name?: string;
  /** Default: true for a `G…` id, else false (public). */
  isPrivate?: boolean;
  /** Whether the bot user is a member; default true, or whether `members` lists the bot when given. */
  isMember?: boolean;
  /** Member user ids (the bot is a member when its user id is listed: see {@link FakeSlack.botUserId}). */
  members?: readonly string[];
  isArchived?: boolean;
}

/** One recorded Web API call. `args` has JSON fields (`view`, `blocks`, …) decoded. */
export interface FakeSlackCall {
  method: string;
  args: Record<string, unknown>;
  ok: boolean;
  error?: string;
  /** HTTP status the fake answered with (200, 429, 5xx). */
  status: number;
  /** Epoch ms when the request arrived. */
  at: number;
}

/** One version of a message's content. */
export interface FakeMessageVersion {
  text: string | undefined;
  blocks: unknown[] | undefined;
  /** Epoch ms. */
  at: number;
  via: 'chat.postMessage' | 'chat.update' | 'response_url';
}

/** A message posted with chat.postMessage, kept current by chat.update and response_url replace/delete. */
export interface FakeMessage {
  /** Channel id the message lives in (a `D…` id when posted to a user id). */
  channel: string;
  /** The `channel` argument as the app sent it (may be a `U…` id). */
  requestedChannel: string;
  ts: string;
  text: string | undefined;
  /** Current blocks, with Slack-generated `block_id`s where the app gave none. */
  blocks: unknown[] | undefined;
  thread_ts?: string;
  /** Number of successful updates (chat.update or response_url replace_original). */
  updates: number;
  /** Every version, oldest (the original post) first; the last entry equals the current content. */
  history: FakeMessageVersion[];
  /** True after a response_url `delete_original`. */
  deleted: boolean;
  /** Decoded arguments of the original chat.postMessage call. */
  args: Record<string, unknown>;
}

/** A chat.postEphemeral message. */
export interface FakeEphemeral {
  channel: string;
  user: string;
  message_ts: string;
  text: string | undefined;
  blocks: unknown[] | undefined;
  thread_ts?: string;
  /** Epoch ms. */
  at: number;
}

/** A POST to a minted response_url, accepted or not. */
export interface FakeResponseUrlPost {
  id: string;
  url: string;
  /** Parsed JSON body (or the raw text when it was not JSON). */
  body: unknown;
  /** HTTP status the fake answered with. */
  status: number;
  /** Plain-text error the fake answered with, if any (`used_url`, `no_text`, …). */
  error?: string;
  /** Epoch ms. */
  at: number;
}

/** A view as Slack returns it from views.open / views.update / views.push (ref §5.4 views.open). */
export interface FakeView {
  id: string;
  team_id: string;
  type: string;
  title: unknown;
  submit?: unknown;
  close?: unknown;
  blocks: unknown[];
  private_metadata: string;
  callback_id: string;
  external_id: string;
  state: { values: Record<string, Record<string, unknown>> };
  /** `"<epoch seconds>.<8 hex>"`, new on every update. */
  hash: string;
  clear_on_close: boolean;
  notify_on_close: boolean;
  root_view_id: string;
  previous_view_id: string | null;
  app_id: string;
  app_installed_team_id: string;
  bot_id: string;
  [field: string]: unknown;
}

/**
 * A fault to inject with {@link FakeSlack.failNext}:
 * - `{error}`: HTTP 200 `{ok:false, error, ...fields}` (a platform error, ref §5.3);
 * - `{status: 429, retryAfterSeconds}`: HTTP 429 with `Retry-After` (ref §5.2);
 * - `{status: 5xx}`: a server error (web-api retries these, ref §0.7).
 */
export type FakeFailure =
  | { error: string; fields?: Record<string, unknown> }
  | { status: 429; retryAfterSeconds: number }
  | { status: 500 | 502 | 503 | 504 };

/** Socket Mode envelope types (ref §2.7). */
export type SocketEnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

/** Optional envelope fields and send behaviour for {@link FakeSocketMode.send}. */
export interface SocketEnvelopeExtra {
  envelope_id?: string;
  /** Default: true for slash commands and view_submission/block_suggestion payloads, else false. */
  accepts_response_payload?: boolean;
  /** events_api only (ref §1.4, §2.7). Default 0. */
  retry_attempt?: number;
  /** events_api only. Default `""`. */
  retry_reason?: string;
  /** How long to wait for the ack, in ms (default 3000, Slack's ack window, ref §1.5). */
  timeoutMs?: number;
  /**
   * Cuts the connection right after the envelope is written (the TCP socket destroyed, no close frame), before any
   * ack can arrive: a socket drop. The real client sees the close and reconnects. An ack is taken only on the
   * connection that delivered the envelope (assumed: Slack's docs do not say an envelope can be acked on another
   * one; the safe reading is that such an ack is lost), so `send` rejects with "connection dropped".
   */
  dropConnection?: boolean;
}

/** A Socket Mode envelope the fake sent, with its ack once received. */
export interface FakeSocketEnvelope {
  envelope_id: string;
  type: SocketEnvelopeType;
  payload: unknown;
  /** Epoch ms. */
  sentAt: number;
  ack?: { payload: unknown; at: number };
  /** The connection was cut after delivery (`dropConnection`): no ack is taken for it. */
  dropped?: boolean;
}

/** Socket Mode side of the fake (ref §2.7). */
export interface FakeSocketMode {
  /**
   * Sends `{envelope_id, payload, type, accepts_response_payload[, retry_attempt, retry_reason]}` to the
   * most recently connected client.
   * @returns the ack's `payload` (the real client sends `{}` for a bare `ack()`), or `undefined` if the
   *          ack had none.
   * @throws if no client is connected, or no ack with this envelope_id arrives within `timeoutMs`
   *         (default 3000 ms), or the fake is closed meanwhile.
   */
  send(type: SocketEnvelopeType, payload: unknown, extra?: SocketEnvelopeExtra): Promise<unknown>;
  /** Resolves once a client is connected (immediately if one is); rejects after `timeoutMs` (default 5000). */
  connected(timeoutMs?: number): Promise<void>;
  /** Sends `{type:'disconnect', reason}` to every client: the real client then reconnects (ref §2.7 step 5). */
  requestReconnect(reason?: string): void;
  /** Number of open WebSocket connections. */
  clientCount(): number;
  /** Every envelope sent, oldest first. */
  readonly envelopes: FakeSocketEnvelope[];
}

/** Options for {@link FakeSlack.mintTriggerId}. */
export interface MintTriggerOptions {
  /** The view the interaction came from: views.push with this trigger pushes onto that view's stack. */
  viewId?: string;
}

/** Options for {@link FakeSlack.mintResponseUrl}: the message the URL belongs to, if any. */
export interface MintResponseUrlOptions {
  /** Channel of the message the interaction came from (enables `replace_original` / `delete_original`). */
  channel?: string;
  messageTs?: string;
}

// ---------------------------------------------------------------------------------------------
// Internals
// ---------------------------------------------------------------------------------------------

interface ApiResult {
  status: number;
  body: Record<string, unknown> | string;
  headers?: Record<string, string>;
}

type TokenKind = 'bot' | 'app';

interface MethodSpec {
  token: TokenKind;
  handle: (args: Record<string, unknown>) => ApiResult;
}

interface TriggerRecord {
  mintedAt: number;
  used: boolean;
  viewId?: string;
}

interface ResponseUrlRecord {
  id: string;
  url: string;
  mintedAt: number;
  uses: number;
  channel?: string;
  messageTs?: string;
}

interface PendingEnvelope {
  resolve: (payload: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  record: FakeSocketEnvelope;
  /** The connection that delivered the envelope: the only one its ack is taken on. */
  ws: WebSocket;
}

/** Fields @slack/web-api JSON-encodes into form fields (ref §0.5, §5.1). */
const JSON_FIELDS = new Set(['view', 'blocks', 'attachments', 'metadata', 'unfurls', 'user_auth_blocks']);

/** `"1234567890123.1234567890.<32 hex>"` (ref §2.2 sample trigger ids). */
const TRIGGER_ID_PATTERN = /^\d{6,}\.\d{6,}\.[0-9a-f]{32}$/;

const BOT_SCOPES = [
  'commands',
  'chat:write',
  'users:read',
  'users:read.email',
  'im:write',
  'usergroups:read',
  'channels:read',
  'groups:read',
];
const APP_SCOPES = 'connections:write';

/** Server ping interval: the real client expects a server ping within 30 s (ref §2.7). */
const SOCKET_PING_INTERVAL_MS = 10_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** Slack reads booleans as "true"/"1" in form bodies and true/1 in JSON. */
function isTrue(value: unknown): boolean {
  return value === true || value === 1 || value === 'true' || value === '1';
}

function ok(body: Record<string, unknown>): ApiResult {
  return { status: 200, body: { ok: true, ...body } };
}

function fail(error: string, extra: Record<string, unknown> = {}): ApiResult {
  return { status: 200, body: { ok: false, error, ...extra } };
}

function invalidArguments(messages: string[]): ApiResult {
  return fail('invalid_arguments', { response_metadata: { messages } });
}

function invalidBlocks(lines: string[]): ApiResult {
  return fail('invalid_blocks', { errors: lines.map(withoutSeverity), response_metadata: { messages: lines } });
}

function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

function newHash(): string {
  return `${Math.floor(Date.now() / 1000)}.${randomHex(4)}`;
}

function generatedBlockId(): string {
  return randomBytes(4).toString('base64url').slice(0, 5);
}

/** Adds a Slack-style generated block_id to blocks that lack one (ref §2.3 "block_ids auto-generated"). */
function withBlockIds(blocks: unknown[]): unknown[] {
  return blocks.map((b) => (isRecord(b) && b.block_id === undefined ? { ...b, block_id: generatedBlockId() } : b));
}

/** Adds `emoji: true` to a plain_text object that lacks it, as Slack echoes (ref §2.3). */
function withEmoji(text: unknown): unknown {
  if (isRecord(text) && text.type === 'plain_text' && text.emoji === undefined) return { ...text, emoji: true };
  return text;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function rawDataToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function summarise(call: FakeSlackCall): string {
  return `${call.method} → ${call.ok ? 'ok' : (call.error ?? `HTTP ${call.status}`)}`;
}

/**
 * The running fake. Create it with {@link startFakeSlack}; stop it with {@link FakeSlack.close}.
 * All recording fields are live views updated as requests arrive; each request is recorded
 * before its response is written, so an awaited client call is always visible afterwards.
 */
export class FakeSlack {
  /** `http://127.0.0.1:<port>/api/`: pass as Bolt's `clientOptions.slackApiUrl` (ref §0.6). */
  readonly url: string;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly port: number;
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  readonly botToken: string;
  readonly appToken: string;

  /** Every Web API call, oldest first. */
  readonly calls: FakeSlackCall[] = [];
  /** Current view per view id. */
  readonly views = new Map<string, FakeView>();
  /** Current App Home view per user id, as views.publish left it. */
  readonly homeViews = new Map<string, FakeView>();
  /** Messages posted with chat.postMessage, oldest first, kept current by updates. */
  readonly messages: FakeMessage[] = [];
  /** chat.postEphemeral messages, oldest first. */
  readonly ephemerals: FakeEphemeral[] = [];
  /** POSTs to minted response_urls, oldest first. */
  readonly responseUrlPosts: FakeResponseUrlPost[] = [];
  /** Socket Mode controls. */
  readonly socket: FakeSocketMode;

  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly triggerTtlMs: number;
  private readonly responseUrlMaxUses: number;
  private readonly responseUrlTtlMs: number;
  private readonly users = new Map<string, SlackUserObject>();
  /** Scopes of the bot token (`x-oauth-scopes`). */
  botScopes: string[];
  private readonly channels = new Map<
    string,
    { id: string; name: string; isPrivate: boolean; isArchived: boolean; isMember: boolean }
  >();
  private readonly dmByUser = new Map<string, string>();
  private readonly mpimByUsers = new Map<string, string>();
  private readonly knownDms = new Set<string>();
  private readonly triggers = new Map<string, TriggerRecord>();
  private readonly responseUrls = new Map<string, ResponseUrlRecord>();
  private readonly viewStacks = new Map<string, string[]>();
  private readonly failures = new Map<string, FakeFailure[]>();
  private readonly latencies = new Map<string, number>();
  /** Arrival times (ms) of recent calls per Tier 3 method, for its per-minute limit. */
  private readonly tier3Calls = new Map<string, number[]>();
  private readonly tier3PerMinute: number;
  private readonly methods: Record<string, MethodSpec>;
  private readonly sockets = new Set<WebSocket>();
  private readonly pingTimers = new Map<WebSocket, NodeJS.Timeout>();
  private readonly pending = new Map<string, PendingEnvelope>();
  private connectedWaiters: Array<() => void> = [];
  private lastActiveRoot: string | undefined;
  private counter = 0;
  private lastTsSeconds = 0;
  private lastTsMicros = 0;
  private closed = false;

  /** Use {@link startFakeSlack}; the constructor expects an already-listening server. */
  constructor(server: Server, wss: WebSocketServer, options: FakeSlackOptions) {
    this.server = server;
    this.wss = wss;
    const address = server.address() as AddressInfo;
    this.port = address.port;
    this.origin = `http://127.0.0.1:${this.port}`;
    this.url = `${this.origin}/api/`;
    this.teamId = options.teamId ?? FAKE_SLACK_DEFAULTS.teamId;
    this.botUserId = options.botUserId ?? FAKE_SLACK_DEFAULTS.botUserId;
    this.botId = options.botId ?? FAKE_SLACK_DEFAULTS.botId;
    this.appId = options.appId ?? FAKE_SLACK_DEFAULTS.appId;
    this.botToken = options.botToken ?? FAKE_SLACK_DEFAULTS.botToken;
    this.appToken = options.appToken ?? FAKE_SLACK_DEFAULTS.appToken;
    this.triggerTtlMs = options.triggerTtlMs ?? FAKE_SLACK_DEFAULTS.triggerTtlMs;
    this.responseUrlMaxUses = options.responseUrlMaxUses ?? FAKE_SLACK_DEFAULTS.responseUrlMaxUses;
    this.responseUrlTtlMs = options.responseUrlTtlMs ?? FAKE_SLACK_DEFAULTS.responseUrlTtlMs;
    this.tier3PerMinute = options.tier3PerMinute ?? 50;

    this.botScopes = [...(options.botScopes ?? BOT_SCOPES)];
    this.addUser({ id: this.botUserId, name: FAKE_SLACK_DEFAULTS.botName, isBot: true });
    const initial = options.users;
    if (Array.isArray(initial)) initial.forEach((u) => this.addUser(u));
    else if (initial) for (const [id, u] of Object.entries(initial)) this.addUser({ ...u, id });
    for (const channel of options.channels ?? []) this.addChannel(channel);

    this.methods = {
      'auth.test': { token: 'bot', handle: () => this.authTest() },
      'users.info': { token: 'bot', handle: (a) => this.usersInfo(a) },
      'users.lookupByEmail': {
        token: 'bot',
        handle: (a) => this.tier3('users.lookupByEmail', () => this.usersLookupByEmail(a)),
      },
      'conversations.open': { token: 'bot', handle: (a) => this.conversationsOpen(a) },
      'conversations.info': { token: 'bot', handle: (a) => this.conversationsInfo(a) },
      'views.open': { token: 'bot', handle: (a) => this.viewsOpen(a) },
      'views.update': { token: 'bot', handle: (a) => this.viewsUpdate(a) },
      'views.push': { token: 'bot', handle: (a) => this.viewsPush(a) },
      'views.publish': { token: 'bot', handle: (a) => this.viewsPublish(a) },
      'chat.postMessage': { token: 'bot', handle: (a) => this.chatPostMessage(a) },
      'chat.update': { token: 'bot', handle: (a) => this.chatUpdate(a) },
      'chat.postEphemeral': { token: 'bot', handle: (a) => this.chatPostEphemeral(a) },
      'apps.connections.open': { token: 'app', handle: () => this.appsConnectionsOpen() },
    };

    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.route(req, res).catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`fake_internal_error: ${message}`);
        }
      });
    });
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));

    const envelopes: FakeSocketEnvelope[] = [];
    this.socket = {
      envelopes,
      send: (type, payload, extra) => this.sendEnvelope(envelopes, type, payload, extra),
      connected: (timeoutMs = 5000) => this.waitConnected(timeoutMs),
      requestReconnect: (reason = 'refresh_requested') => {
        for (const ws of this.sockets)
          ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-fake' } }));
      },
      clientCount: () => this.sockets.size,
    };
  }

  // ---- public helpers --------------------------------------------------------------------------

  /**
   * Registers (or replaces) a user.
   * @param input the user's fields; see {@link FakeUserInput} for defaults.
   * @returns the users.info `user` object that will be served (with `locale`; users.info strips it
   *          unless `include_locale=true`).
   */
  addUser(input: FakeUserInput): SlackUserObject {
    const name = input.name ?? input.id.toLowerCase();
    const realName = input.realName ?? name;
    const profile: SlackUserObject['profile'] = {
      real_name: realName,
      display_name: name,
      phone: input.phone ?? '',
      title: input.title ?? '',
      skype: '',
      status_text: '',
      status_emoji: '',
      real_name_normalized: realName,
      display_name_normalized: name,
      avatar_hash: 'g0000000000a',
      image_24: 'https://a.slack-edge.com/avatar_24.png',
      image_512: 'https://a.slack-edge.com/avatar_512.png',
      team: this.teamId,
    };
    if (input.email !== undefined) profile.email = input.email;
    const user: SlackUserObject = {
      id: input.id,
      team_id: this.teamId,
      name,
      deleted: input.deleted ?? false,
      color: '9f69e7',
      real_name: realName,
      tz: input.tz ?? 'America/Los_Angeles',
      tz_label: 'Pacific Standard Time',
      tz_offset: -28800,
      locale: input.locale ?? 'en-US',
      profile,
      is_admin: false,
      is_owner: false,
      is_primary_owner: false,
      is_restricted: false,
      is_ultra_restricted: false,
      is_bot: input.isBot ?? false,
      is_app_user: false,
      updated: 1700000000,
      has_2fa: false,
    };
    this.users.set(input.id, user);
    return user;
  }

  /** Registers (or replaces) a modelled channel; see {@link FakeChannelInput}. */
  addChannel(input: FakeChannelInput): void {
    this.channels.set(input.id, {
      id: input.id,
      name: input.name ?? input.id.toLowerCase(),
      isPrivate: input.isPrivate ?? input.id.startsWith('G'),
      isMember: input.isMember ?? (input.members ? input.members.includes(this.botUserId) : true),
      isArchived: input.isArchived ?? false,
    });
  }

  /**
   * Adds the bot to a modelled channel or takes it out (as `/invite @bot` or `/remove` would).
   * @throws Error when the channel is not modelled
   */
  setBotMembership(channelId: string, isMember: boolean): void {
    const channel = this.channels.get(channelId);
    if (channel === undefined) throw new Error(`channel ${channelId} is not modelled; addChannel() it first`);
    channel.isMember = isMember;
  }

  /**
   * Issues a trigger id in Slack's format `"<13 digits>.<10 digits>.<32 hex>"` (ref §2.2).
   * It is valid for `triggerTtlMs` (default 3000 ms) from now and for one successful views.open /
   * views.push (ref §3).
   */
  mintTriggerId(options: MintTriggerOptions = {}): string {
    const id = `${Date.now()}.${randomInt(1_000_000_000, 9_999_999_999)}.${randomHex(16)}`;
    this.triggers.set(id, { mintedAt: Date.now(), used: false, viewId: options.viewId });
    return id;
  }

  /**
   * Issues a response_url on this fake: `http://127.0.0.1:<port>/response_url/<id>`.
   *
   * POSTs (JSON, as Bolt's respond() sends, ref §5.4 response_url) are recorded in
   * {@link responseUrlPosts}. Answers: 200 `ok` when accepted; 400 `invalid_payload` (not JSON),
   * 400 `no_text` (no text/blocks), 400 `invalid_blocks`; 404 `used_url` after `responseUrlMaxUses`
   * accepted uses (default 5), 404 `expired_url` after `responseUrlTtlMs` (30 min), 404 `no_service`
   * for an unknown id. The 404 status and these plain-text bodies are this fake's choice: ref §1.5
   * only documents the 5-uses/30-minutes limit, and Bolt only distinguishes 2xx from non-2xx.
   * With `channel`+`messageTs`, `replace_original`/`delete_original` change that message in {@link messages}.
   */
  mintResponseUrl(options: MintResponseUrlOptions = {}): string {
    const id = `${this.teamId}/${Date.now()}${randomInt(100, 999)}/${randomBytes(18).toString('base64url')}`;
    const url = `${this.origin}/response_url/${id}`;
    this.responseUrls.set(id, { id, url, mintedAt: Date.now(), uses: 0, ...options });
    return url;
  }

  /**
   * Makes the next `times` calls to `method` fail with `failure` (see {@link FakeFailure}).
   * `method` is a Web API method name, or `'response_url'` for POSTs to minted response URLs
   * (`{error}` then answers HTTP 400 with that text). Failures queue in order.
   */
  failNext(method: string, failure: FakeFailure, times = 1): void {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(failure);
    this.failures.set(method, queue);
  }

  /** Delays every answer for `method` (or `'response_url'`) by `ms` milliseconds; 0 removes the delay. */
  setLatency(method: string, ms: number): void {
    if (ms <= 0) this.latencies.delete(method);
    else this.latencies.set(method, ms);
  }

  /** Calls to one Web API method, oldest first. */
  callsTo(method: string): FakeSlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** The DM channel id (`D…`) the fake assigned to a user, if one was opened. */
  dmChannelOf(userId: string): string | undefined {
    return this.dmByUser.get(userId);
  }

  /** Messages posted to the bot's DM with `userId` (whether the app addressed it as `U…` or `D…`), oldest first. */
  dms(userId: string): FakeMessage[] {
    const dm = this.dmByUser.get(userId);
    if (dm === undefined) return [];
    return this.messages.filter((m) => m.channel === dm);
  }

  /**
   * Polls `predicate` every 10 ms until it returns something other than `undefined` / `false`.
   * @param timeoutMs give up after this many ms (default 5000).
   * @returns the first such value.
   * @throws Error naming the timeout, the predicate's last thrown error (if any) and the last calls
   *         the fake received, to make a failed wait easy to diagnose.
   */
  async waitFor<T>(predicate: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    for (;;) {
      try {
        const value = predicate();
        if (value !== undefined && value !== false) return value;
      } catch (error) {
        lastError = error;
      }
      if (Date.now() >= deadline) break;
      await sleep(10);
    }
    const recent = this.calls.slice(-10).map(summarise).join('; ') || 'none';
    const thrown =
      lastError === undefined
        ? ''
        : ` Last predicate error: ${lastError instanceof Error ? lastError.message : String(lastError)}.`;
    throw new Error(`fake.waitFor timed out after ${timeoutMs} ms.${thrown} Last Slack calls: ${recent}.`);
  }

  /** Stops the fake: rejects pending envelopes, terminates WebSockets, drops HTTP connections, closes the server. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new Error(`fake Slack closed before envelope ${id} was acked`));
    }
    this.pending.clear();
    for (const timer of this.pingTimers.values()) clearInterval(timer);
    this.pingTimers.clear();
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  // ---- HTTP routing ------------------------------------------------------------------------------

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    if (url.pathname.startsWith('/api/')) {
      await this.handleApi(decodeURIComponent(url.pathname.slice('/api/'.length)), req, res, url);
    } else if (url.pathname.startsWith('/response_url/')) {
      await this.handleResponseUrl(url.pathname.slice('/response_url/'.length), req, res);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not_found');
    }
  }

  private parseArgs(
    req: IncomingMessage,
    raw: string,
    url: URL,
  ): { args: Record<string, unknown> } | { error: ApiResult } {
    const args: Record<string, unknown> = {};
    for (const [k, v] of url.searchParams) args[k] = v;
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (contentType === 'application/json') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        return { error: fail('invalid_json') };
      }
      if (!isRecord(parsed)) return { error: fail('invalid_json') };
      Object.assign(args, parsed);
    } else if (contentType === 'multipart/form-data') {
      return { error: fail('invalid_form_data') };
    } else if (raw.length > 0) {
      Object.assign(args, parseQueryString(raw));
    }
    for (const key of Object.keys(args)) {
      const value = args[key];
      if (JSON_FIELDS.has(key) && typeof value === 'string') {
        try {
          args[key] = JSON.parse(value);
        } catch {
          // left as a string: the method reports it (invalid_blocks_format / invalid_arguments).
        }
      }
    }
    return { args };
  }

  private async handleApi(method: string, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const at = Date.now();
    const raw = await readBody(req);
    const parsed = this.parseArgs(req, raw, url);
    const args = 'args' in parsed ? parsed.args : {};
    const result = 'args' in parsed ? await this.dispatch(method, req, parsed.args) : parsed.error;
    const body = result.body;
    const call: FakeSlackCall = {
      method,
      args,
      ok: typeof body !== 'string' && body.ok === true,
      status: result.status,
      at,
    };
    if (typeof body !== 'string' && typeof body.error === 'string') call.error = body.error;
    else if (result.status !== 200) call.error = `http_${result.status}`;
    this.calls.push(call);
    if (res.destroyed) return;
    const isText = typeof body === 'string';
    res.writeHead(result.status, {
      'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
      ...result.headers,
    });
    res.end(isText ? body : JSON.stringify(body));
  }

  private async dispatch(method: string, req: IncomingMessage, args: Record<string, unknown>): Promise<ApiResult> {
    const spec = this.methods[method];
    if (spec === undefined) return fail('unknown_method', { req_method: method });

    const latency = this.latencies.get(method);
    if (latency !== undefined) await sleep(latency);

    const injected = this.takeFailure(method);
    if (injected !== undefined) {
      if ('error' in injected) return fail(injected.error, injected.fields ?? {});
      if (injected.status === 429) {
        return {
          status: 429,
          body: { ok: false, error: 'ratelimited' },
          headers: { 'retry-after': String(injected.retryAfterSeconds) },
        };
      }
      return { status: injected.status, body: 'Internal Server Error' };
    }

    const header = req.headers.authorization;
    const bearer = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
    const token = bearer ?? asString(args.token);
    if (token === undefined || token === '') return fail('not_authed');
    let kind: TokenKind;
    if (token === this.botToken) kind = 'bot';
    else if (token === this.appToken) kind = 'app';
    else return fail('invalid_auth');
    if (kind !== spec.token) return fail('not_allowed_token_type');

    const result = spec.handle(args);
    result.headers = { 'x-oauth-scopes': kind === 'bot' ? this.botScopes.join(',') : APP_SCOPES, ...result.headers };
    return result;
  }

  private takeFailure(method: string): FakeFailure | undefined {
    const queue = this.failures.get(method);
    const next = queue?.shift();
    if (queue !== undefined && queue.length === 0) this.failures.delete(method);
    return next;
  }

  // ---- methods -----------------------------------------------------------------------------------

  /** ref §5.4 auth.test */
  private authTest(): ApiResult {
    return ok({
      url: `https://${FAKE_SLACK_DEFAULTS.teamDomain}.slack.com/`,
      team: FAKE_SLACK_DEFAULTS.teamName,
      user: this.users.get(this.botUserId)?.name ?? FAKE_SLACK_DEFAULTS.botName,
      team_id: this.teamId,
      user_id: this.botUserId,
      bot_id: this.botId,
      is_enterprise_install: false,
    });
  }

  /** ref §5.4 users.info: `locale` only with include_locale. */
  private usersInfo(args: Record<string, unknown>): ApiResult {
    const id = asString(args.user);
    const user = id === undefined ? undefined : this.users.get(id);
    if (user === undefined) return fail('user_not_found');
    const copy: SlackUserObject = structuredClone(user);
    if (!isTrue(args.include_locale)) delete copy.locale;
    return ok({ user: copy });
  }

  /**
   * users.lookupByEmail (needs users:read.email): the user whose `profile.email` is `email` (compared
   * case-insensitively), else `users_not_found`; a missing email → `invalid_arguments`
   * (https://docs.slack.dev/reference/methods/users.lookupByEmail).
   */
  private usersLookupByEmail(args: Record<string, unknown>): ApiResult {
    const email = asString(args.email)?.trim().toLowerCase();
    if (!email) return fail('invalid_arguments');
    const user = [...this.users.values()].find((candidate) => candidate.profile.email?.toLowerCase() === email);
    if (user === undefined) return fail('users_not_found');
    const copy: SlackUserObject = structuredClone(user);
    delete copy.locale;
    return ok({ user: copy });
  }

  /** Runs a Tier 3 method within its per-minute limit; beyond it answers 429 `ratelimited` with Retry-After (s). */
  private tier3(method: string, run: () => ApiResult): ApiResult {
    const now = Date.now();
    const recent = (this.tier3Calls.get(method) ?? []).filter((at) => at > now - 60_000);
    if (recent.length >= this.tier3PerMinute) {
      this.tier3Calls.set(method, recent);
      const retryAfter = Math.max(1, Math.ceil(((recent[0] ?? now) + 60_000 - now) / 1000));
      return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(retryAfter) } };
    }
    recent.push(now);
    this.tier3Calls.set(method, recent);
    return run();
  }

  private dmFor(userId: string): string {
    let dm = this.dmByUser.get(userId);
    if (dm === undefined) {
      this.counter += 1;
      dm = `D0DM${String(this.counter).padStart(5, '0')}`;
      this.dmByUser.set(userId, dm);
      this.knownDms.add(dm);
    }
    return dm;
  }

  /** ref §5.4 conversations.open */
  private conversationsOpen(args: Record<string, unknown>): ApiResult {
    const channel = asString(args.channel);
    const users = (asString(args.users) ?? '')
      .split(',')
      .map((u) => u.trim())
      .filter((u) => u !== '');
    if (users.length === 0) {
      if (channel !== undefined && this.knownDms.has(channel))
        return ok({ channel: { id: channel }, no_op: true, already_open: true });
      return channel === undefined ? fail('users_list_not_supplied') : fail('channel_not_found');
    }
    if (users.length > 8) return fail('too_many_users');
    for (const u of users) if (!this.users.has(u)) return fail('user_not_found');
    if (users.length === 1) {
      const userId = users[0] as string;
      const existed = this.dmByUser.has(userId);
      const id = this.dmFor(userId);
      return ok({ channel: { id }, ...(existed ? { no_op: true, already_open: true } : {}) });
    }
    const key = [...users].sort().join(',');
    let id = this.mpimByUsers.get(key);
    if (id === undefined) {
      this.counter += 1;
      id = `G0MP${String(this.counter).padStart(5, '0')}`;
      this.mpimByUsers.set(key, id);
    }
    return ok({ channel: { id } });
  }

  /** Trigger rules (ref §3): unknown/malformed → invalid, reused → exchanged, older than ttl → expired. */
  private checkTrigger(args: Record<string, unknown>): { record: TriggerRecord } | { error: ApiResult } {
    const id = asString(args.trigger_id) ?? asString(args.interactivity_pointer);
    if (id === undefined) return { error: invalidArguments(['[ERROR] missing required field: trigger_id']) };
    const record = TRIGGER_ID_PATTERN.test(id) ? this.triggers.get(id) : undefined;
    if (record === undefined) return { error: fail('invalid_trigger_id') };
    if (record.used) return { error: fail('exchanged_trigger_id') };
    if (Date.now() - record.mintedAt > this.triggerTtlMs) return { error: fail('expired_trigger_id') };
    return { record };
  }

  /** Validation shared by views.open/update/push (ref §3, §4). Returns an error result or undefined. */
  private checkView(view: unknown, existingId?: string): ApiResult | undefined {
    if (typeof view === 'string') return invalidArguments(['[ERROR] invalid json [json-pointer:/view]']);
    if (view === undefined) return invalidArguments(['[ERROR] missing required field: view']);
    const problems = validateView(view);
    if (problems.length > 0) return invalidArguments(problems);
    if (viewSizeBytes(view) > BLOCK_KIT_LIMITS.viewBytes) return fail('view_too_large');
    const externalId = isRecord(view) ? asString(view.external_id) : undefined;
    if (externalId !== undefined && externalId !== '') {
      for (const v of this.views.values()) {
        if (v.external_id === externalId && v.id !== existingId) return fail('duplicate_external_id');
      }
    }
    return undefined;
  }

  private buildView(
    input: Record<string, unknown>,
    place: { id: string; root: string; previous: string | null; previousView?: FakeView },
  ): FakeView {
    const blocks = Array.isArray(input.blocks) ? withBlockIds(input.blocks) : [];
    const view: FakeView = {
      ...input,
      id: place.id,
      team_id: this.teamId,
      type: asString(input.type) ?? 'modal',
      title: withEmoji(input.title),
      blocks,
      private_metadata: asString(input.private_metadata) ?? '',
      callback_id: asString(input.callback_id) ?? '',
      external_id: asString(input.external_id) ?? place.previousView?.external_id ?? '',
      state: place.previousView ? structuredClone(place.previousView.state) : { values: {} },
      hash: newHash(),
      clear_on_close: input.clear_on_close === true,
      notify_on_close: input.notify_on_close === true,
      close: input.close === undefined ? null : withEmoji(input.close),
      submit: input.submit === undefined ? null : withEmoji(input.submit),
      previous_view_id: place.previous,
      root_view_id: place.root,
      app_id: this.appId,
      app_installed_team_id: this.teamId,
      bot_id: this.botId,
    };
    return view;
  }

  private newViewId(): string {
    this.counter += 1;
    return `V0VIEW${String(this.counter).padStart(4, '0')}`;
  }

  /**
   * ref §5.4 views.open. The view is validated before the trigger is checked, and the trigger is
   * consumed only by a successful call (an invalid view does not burn it).
   */
  private viewsOpen(args: Record<string, unknown>): ApiResult {
    const invalid = this.checkView(args.view);
    if (invalid) return invalid;
    const trigger = this.checkTrigger(args);
    if ('error' in trigger) return trigger.error;
    trigger.record.used = true;
    const id = this.newViewId();
    const view = this.buildView(args.view as Record<string, unknown>, { id, root: id, previous: null });
    this.views.set(id, view);
    this.viewStacks.set(id, [id]);
    this.lastActiveRoot = id;
    return ok({ view });
  }

  /** ref §5.4 views.push: ≤ 3 views per stack (`push_limit_reached`). */
  private viewsPush(args: Record<string, unknown>): ApiResult {
    const invalid = this.checkView(args.view);
    if (invalid) return invalid;
    const trigger = this.checkTrigger(args);
    if ('error' in trigger) return trigger.error;
    const fromView = trigger.record.viewId === undefined ? undefined : this.views.get(trigger.record.viewId);
    const root = fromView?.root_view_id ?? this.lastActiveRoot;
    const stack = root === undefined ? undefined : this.viewStacks.get(root);
    if (root === undefined || stack === undefined || stack.length === 0) return fail('not_found');
    if (stack.length >= 3) return fail('push_limit_reached');
    trigger.record.used = true;
    const id = this.newViewId();
    const view = this.buildView(args.view as Record<string, unknown>, {
      id,
      root,
      previous: stack[stack.length - 1] ?? null,
    });
    stack.push(id);
    this.views.set(id, view);
    this.lastActiveRoot = root;
    return ok({ view });
  }

  /** ref §5.4 views.update: `not_found`, `hash_conflict` when `hash` is stale; a new hash each time. */
  private viewsUpdate(args: Record<string, unknown>): ApiResult {
    const viewId = asString(args.view_id);
    const externalId = asString(args.external_id);
    if (viewId === undefined && externalId === undefined) {
      return invalidArguments(['[ERROR] missing required field: view_id']);
    }
    const current =
      viewId !== undefined
        ? this.views.get(viewId)
        : [...this.views.values()].find((v) => v.external_id === externalId);
    if (current === undefined) return fail('not_found');
    const invalid = this.checkView(args.view, current.id);
    if (invalid) return invalid;
    const hash = asString(args.hash);
    if (hash !== undefined && hash !== '' && hash !== current.hash) return fail('hash_conflict');
    const view = this.buildView(args.view as Record<string, unknown>, {
      id: current.id,
      root: current.root_view_id,
      previous: current.previous_view_id,
      previousView: current,
    });
    this.views.set(current.id, view);
    this.lastActiveRoot = current.root_view_id;
    return ok({ view });
  }

  /**
   * views.publish (docs.slack.dev/reference/methods/views.publish): views.open without a trigger, for a user's
   * Home tab. `user_id` must be a known user (`user_not_found`); the view must be `type: "home"` with 1–100
   * blocks (the modal limit, ref §4) passing every block/element check, and `private_metadata` / `callback_id` /
   * `external_id` within their lengths (ref §3) → otherwise `invalid_arguments`; over 250 kB → `view_too_large`;
   * a `hash` that is not the current Home view's → `hash_conflict`. Each publish replaces the user's Home view
   * (same id, new hash).
   */
  private viewsPublish(args: Record<string, unknown>): ApiResult {
    const userId = asString(args.user_id);
    if (userId === undefined) return invalidArguments(['[ERROR] missing required field: user_id']);
    if (!this.users.has(userId)) return fail('user_not_found');
    const view = args.view;
    if (typeof view === 'string') return invalidArguments(['[ERROR] invalid json [json-pointer:/view]']);
    if (!isRecord(view)) return invalidArguments(['[ERROR] missing required field: view']);
    const problems: string[] = [];
    if (view.type !== 'home') problems.push('[ERROR] must be a valid enum value (home) [json-pointer:/view/type]');
    problems.push(...validateBlocks(view.blocks, '/view/blocks', 'modal'));
    const L = BLOCK_KIT_LIMITS;
    for (const [key, max] of [
      ['private_metadata', L.privateMetadata],
      ['callback_id', L.callbackId],
      ['external_id', L.externalId],
    ] as const) {
      const value = view[key];
      if (value === undefined) continue;
      if (typeof value !== 'string') problems.push(`[ERROR] must be a string [json-pointer:/view/${key}]`);
      else if ([...value].length > max)
        problems.push(`[ERROR] must be less than ${max + 1} characters [json-pointer:/view/${key}]`);
    }
    if (problems.length > 0) return invalidArguments(problems);
    if (viewSizeBytes(view) > L.viewBytes) return fail('view_too_large');
    const current = this.homeViews.get(userId);
    const hash = asString(args.hash);
    if (hash !== undefined && hash !== '' && hash !== current?.hash) return fail('hash_conflict');
    const id = current?.id ?? this.newViewId();
    const published = this.buildView(view, { id, root: id, previous: null });
    this.homeViews.set(userId, published);
    return ok({ view: published });
  }

  /** `"<epoch s>.<6 digits>"`, unique and strictly increasing across messages and ephemerals. */
  private nextTs(): string {
    const now = Math.floor(Date.now() / 1000);
    if (now > this.lastTsSeconds) {
      this.lastTsSeconds = now;
      this.lastTsMicros = 100;
    } else {
      this.lastTsMicros += 100;
      if (this.lastTsMicros > 999_900) {
        this.lastTsSeconds += 1;
        this.lastTsMicros = 100;
      }
    }
    return `${this.lastTsSeconds}.${String(this.lastTsMicros).padStart(6, '0')}`;
  }

  /**
   * Resolves a `channel` argument: `U…` → that user's DM (`D…`, opened on demand; unknown user →
   * channel_not_found); `D…` must be a DM this fake opened; `C…`/`G…` ids are accepted as-is
   * (channels are not modelled). ref §5.4 chat.postMessage "Channel resolution".
   */
  private resolveChannel(channel: string | undefined): string | undefined {
    if (channel === undefined) return undefined;
    if (/^[UW][A-Z0-9]{2,}$/.test(channel)) return this.users.has(channel) ? this.dmFor(channel) : undefined;
    if (/^D[A-Z0-9]{2,}$/.test(channel)) return this.knownDms.has(channel) ? channel : undefined;
    if (/^[CG][A-Z0-9]{2,}$/.test(channel)) return channel;
    return undefined;
  }

  /**
   * Message content checks shared by chat.* (ref §4, §5.4): blocks must be a JSON array
   * (`invalid_blocks_format`), `text` or non-empty `blocks` required (`no_text`), text length
   * (`msg_too_long`), Block Kit limits (`invalid_blocks`).
   */
  private checkMessageContent(args: Record<string, unknown>, maxText: number): ApiResult | undefined {
    const blocks = args.blocks;
    if (blocks !== undefined && !Array.isArray(blocks)) return fail('invalid_blocks_format');
    const text = asString(args.text);
    const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
    const hasAttachments = args.attachments !== undefined;
    if ((text === undefined || text === '') && !hasBlocks && !hasAttachments) return fail('no_text');
    if (text !== undefined && [...text].length > maxText) return fail('msg_too_long');
    const problems = validateMessageBlocks(blocks);
    if (problems.length > 0) return invalidBlocks(problems);
    return undefined;
  }

  private messageObject(m: FakeMessage): Record<string, unknown> {
    return {
      type: 'message',
      text: m.text ?? '',
      ts: m.ts,
      user: this.botUserId,
      bot_id: this.botId,
      app_id: this.appId,
      team: this.teamId,
      ...(m.blocks === undefined ? {} : { blocks: m.blocks }),
      ...(m.thread_ts === undefined ? {} : { thread_ts: m.thread_ts }),
      bot_profile: {
        id: this.botId,
        app_id: this.appId,
        name: FAKE_SLACK_DEFAULTS.botName,
        deleted: false,
        team_id: this.teamId,
        updated: 1700000000,
      },
    };
  }

  /** ref §5.4 chat.postMessage */
  private chatPostMessage(args: Record<string, unknown>): ApiResult {
    const requested = asString(args.channel);
    const channel = this.resolveChannel(requested);
    if (requested === undefined || channel === undefined) return fail('channel_not_found');
    const modelled = this.channels.get(channel);
    if (modelled?.isPrivate && !modelled.isMember) return fail('channel_not_found');
    if (modelled && !modelled.isMember) return fail('not_in_channel');
    if (modelled?.isArchived) return fail('is_archived');
    const invalid = this.checkMessageContent(args, BLOCK_KIT_LIMITS.messageText);
    if (invalid) return invalid;
    const text = asString(args.text);
    const blocks = Array.isArray(args.blocks) ? withBlockIds(args.blocks) : undefined;
    const ts = this.nextTs();
    const threadTs = asString(args.thread_ts);
    const message: FakeMessage = {
      channel,
      requestedChannel: requested,
      ts,
      text,
      blocks,
      updates: 0,
      history: [{ text, blocks, at: Date.now(), via: 'chat.postMessage' }],
      deleted: false,
      args,
      ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
    };
    this.messages.push(message);
    return ok({ channel, ts, message: this.messageObject(message) });
  }

  /**
   * ref §5.4 chat.update: `channel` must be the id the message lives in (a `D…` id for DMs, never the
   * user id) → otherwise `message_not_found`. Text given without blocks removes the old blocks;
   * blocks given without text keep the old text. Text over 4000 → `msg_too_long`.
   */
  private chatUpdate(args: Record<string, unknown>): ApiResult {
    const channel = asString(args.channel);
    const ts = asString(args.ts);
    const message = this.messages.find((m) => m.channel === channel && m.ts === ts && !m.deleted);
    if (channel === undefined || ts === undefined || message === undefined) return fail('message_not_found');
    const invalid = this.checkMessageContent(args, BLOCK_KIT_LIMITS.updateText);
    if (invalid) return invalid;
    const text = asString(args.text);
    if (Array.isArray(args.blocks)) message.blocks = withBlockIds(args.blocks);
    else if (text !== undefined) message.blocks = undefined;
    if (text !== undefined) message.text = text;
    message.updates += 1;
    message.history.push({ text: message.text, blocks: message.blocks, at: Date.now(), via: 'chat.update' });
    return ok({ channel, ts, text: message.text ?? '', message: this.messageObject(message) });
  }

  /** ref §5.4 chat.postEphemeral: `user` must be a known user (`user_not_in_channel`). */
  private chatPostEphemeral(args: Record<string, unknown>): ApiResult {
    const channel = this.resolveChannel(asString(args.channel));
    if (channel === undefined) return fail('channel_not_found');
    const user = asString(args.user);
    if (user === undefined || !this.users.has(user)) return fail('user_not_in_channel');
    const invalid = this.checkMessageContent(args, BLOCK_KIT_LIMITS.messageText);
    if (invalid) return invalid;
    const messageTs = this.nextTs();
    const threadTs = asString(args.thread_ts);
    this.ephemerals.push({
      channel,
      user,
      message_ts: messageTs,
      text: asString(args.text),
      blocks: Array.isArray(args.blocks) ? args.blocks : undefined,
      at: Date.now(),
      ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
    });
    return ok({ message_ts: messageTs });
  }

  /** ref §2.7 step 1 */
  /**
   * conversations.info (docs.slack.dev/reference/methods/conversations.info): needs `channels:read` for a public
   * channel, `groups:read` for a private one, else `missing_scope` with `needed` / `provided` (ref §5.1); a private
   * channel the bot is not in is `channel_not_found`, as for an unknown id. `is_member` tells whether the bot is in it.
   */
  private conversationsInfo(args: Record<string, unknown>): ApiResult {
    const id = asString(args.channel);
    if (id === undefined || id === '') return fail('channel_not_found');
    const channel = this.channels.get(id);
    const needed = channel?.isPrivate || id.startsWith('G') ? 'groups:read' : 'channels:read';
    if (!this.botScopes.includes(needed)) return fail('missing_scope', { needed, provided: this.botScopes.join(',') });
    const isMember = channel?.isMember ?? false;
    if (channel === undefined || (channel.isPrivate && !isMember)) return fail('channel_not_found');
    return ok({
      channel: {
        id: channel.id,
        name: channel.name,
        is_channel: !channel.isPrivate,
        is_group: false,
        is_im: false,
        is_mpim: false,
        is_private: channel.isPrivate,
        is_archived: channel.isArchived,
        is_general: false,
        is_member: isMember,
        created: 1700000000,
        creator: '',
        context_team_id: this.teamId,
      },
    });
  }

  private appsConnectionsOpen(): ApiResult {
    return ok({ url: `ws://127.0.0.1:${this.port}/socket` });
  }

  // ---- response_url ------------------------------------------------------------------------------

  private async handleResponseUrl(id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const raw = await readBody(req);
    const record = this.responseUrls.get(id);
    let body: unknown = raw;
    try {
      body = JSON.parse(raw);
    } catch {
      // recorded as text
    }
    const answer = (status: number, text: string): void => {
      this.responseUrlPosts.push({
        id,
        url: record?.url ?? `${this.origin}/response_url/${id}`,
        body,
        status,
        at,
        ...(status === 200 ? {} : { error: text }),
      });
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(text);
    };

    const latency = this.latencies.get('response_url');
    if (latency !== undefined) await sleep(latency);
    if (req.method !== 'POST') return answer(405, 'invalid_method');
    if (record === undefined) return answer(404, 'no_service');
    const injected = this.takeFailure('response_url');
    if (injected !== undefined) {
      if ('error' in injected) return answer(400, injected.error);
      return answer(injected.status, injected.status === 429 ? 'rate_limited' : 'server_error');
    }
    if (at - record.mintedAt > this.responseUrlTtlMs) return answer(404, 'expired_url');
    if (record.uses >= this.responseUrlMaxUses) return answer(404, 'used_url');
    if (!isRecord(body)) return answer(400, 'invalid_payload');
    const deleting = isTrue(body.delete_original);
    const blocks = body.blocks;
    if (!deleting) {
      const text = asString(body.text);
      const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
      if ((text === undefined || text === '') && !hasBlocks) return answer(400, 'no_text');
      if (validateMessageBlocks(blocks).length > 0) return answer(400, 'invalid_blocks');
    }
    record.uses += 1;
    const target =
      record.channel === undefined
        ? undefined
        : this.messages.find((m) => m.channel === record.channel && m.ts === record.messageTs && !m.deleted);
    if (target !== undefined && deleting) {
      target.deleted = true;
    } else if (target !== undefined && isTrue(body.replace_original)) {
      target.text = asString(body.text);
      target.blocks = Array.isArray(blocks) ? withBlockIds(blocks) : undefined;
      target.updates += 1;
      target.history.push({ text: target.text, blocks: target.blocks, at, via: 'response_url' });
    }
    return answer(200, 'ok');
  }

  // ---- Socket Mode -------------------------------------------------------------------------------

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(req.url ?? '/', this.origin).pathname;
    if (path !== '/socket' || this.closed) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
  }

  private onSocket(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('message', (data: RawData) => this.onSocketMessage(ws, data));
    ws.on('close', () => {
      this.sockets.delete(ws);
      const timer = this.pingTimers.get(ws);
      if (timer) clearInterval(timer);
      this.pingTimers.delete(ws);
    });
    ws.on('error', () => ws.terminate());
    const timer = setInterval(() => {
      if (ws.readyState === WebSocket.OPEN) ws.ping();
    }, SOCKET_PING_INTERVAL_MS);
    timer.unref();
    this.pingTimers.set(ws, timer);
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.sockets.size,
        debug_info: { host: 'applink-fake-127.0.0.1', build_number: 10, approximate_connection_time: 18060 },
        connection_info: { app_id: this.appId },
      }),
    );
    const waiters = this.connectedWaiters;
    this.connectedWaiters = [];
    for (const w of waiters) w();
  }

  private onSocketMessage(ws: WebSocket, data: RawData): void {
    let message: unknown;
    try {
      message = JSON.parse(rawDataToString(data));
    } catch {
      return;
    }
    if (!isRecord(message) || typeof message.envelope_id !== 'string') return;
    const pending = this.pending.get(message.envelope_id);
    if (pending === undefined || pending.ws !== ws) return;
    this.pending.delete(message.envelope_id);
    clearTimeout(pending.timer);
    pending.record.ack = { payload: message.payload, at: Date.now() };
    pending.resolve(message.payload);
  }

  private waitConnected(timeoutMs: number): Promise<void> {
    if (this.sockets.size > 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.connectedWaiters = this.connectedWaiters.filter((w) => w !== done);
        reject(new Error(`no Socket Mode client connected to the fake within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.connectedWaiters.push(done);
    });
  }

  private sendEnvelope(
    envelopes: FakeSocketEnvelope[],
    type: SocketEnvelopeType,
    payload: unknown,
    extra: SocketEnvelopeExtra = {},
  ): Promise<unknown> {
    const ws = [...this.sockets].at(-1);
    if (ws === undefined || ws.readyState !== WebSocket.OPEN) {
      return Promise.reject(
        new Error('no Socket Mode client connected to the fake (await fake.socket.connected() first)'),
      );
    }
    const envelopeId = extra.envelope_id ?? randomUUID();
    const payloadType = isRecord(payload) ? payload.type : undefined;
    const accepts =
      extra.accepts_response_payload ??
      (type === 'slash_commands' ||
        (type === 'interactive' && (payloadType === 'view_submission' || payloadType === 'block_suggestion')));
    const envelope: Record<string, unknown> = {
      envelope_id: envelopeId,
      payload,
      type,
      accepts_response_payload: accepts,
    };
    if (type === 'events_api') {
      envelope.retry_attempt = extra.retry_attempt ?? 0;
      envelope.retry_reason = extra.retry_reason ?? '';
    }
    const record: FakeSocketEnvelope = { envelope_id: envelopeId, type, payload, sentAt: Date.now() };
    envelopes.push(record);
    const timeoutMs = extra.timeoutMs ?? 3000;
    return new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        reject(new Error(`Socket Mode envelope ${envelopeId} (${type}) was not acked within ${timeoutMs} ms`));
      }, timeoutMs);
      if (extra.dropConnection) {
        ws.send(JSON.stringify(envelope), () => {
          record.dropped = true;
          ws.terminate();
          clearTimeout(timer);
          reject(new Error(`Socket Mode envelope ${envelopeId} (${type}): connection dropped before the ack`));
        });
        return;
      }
      this.pending.set(envelopeId, { resolve, reject, timer, record, ws });
      ws.send(JSON.stringify(envelope));
    });
  }
}

/**
 * Starts the fake on 127.0.0.1 with an OS-assigned port.
 *
 * @param options tokens, ids, trigger ttl (ms) and initial users; see {@link FakeSlackOptions}.
 * @returns the running {@link FakeSlack}; `fake.url` is the `slackApiUrl` to give the app.
 * @throws if the server cannot listen.
 * Behaviour follows Slack's public docs and client libraries listed in this file's header.
 */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const server = createServer();
  const wss = new WebSocketServer({ noServer: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return new FakeSlack(server, wss, options);
}
