/**
 * Signed Slack → app request driver: sends what Slack sends to an app's `/slack/events` endpoint
 * (slash commands, interactive payloads, Events API callbacks), signed with the app's signing
 * secret, and builds the interactive payloads.
 *
 * Rules cited as "ref §n", with their public sources listed in test/fakes/slack-web-api.ts: signing §1.1,
 * Bolt's checks §1.2, exact content type §0.1, timeouts §1.5/§1.6, payload shapes §2.2–§2.4,
 * retry headers §1.4.
 */
import { createHmac } from 'node:crypto';
import { type IncomingHttpHeaders, request } from 'node:http';
import { FAKE_SLACK_DEFAULTS } from '../fakes/slack-web-api.js';

/** The two content types Slack uses towards apps (ref §2.1). Never with a charset (ref §0.1). */
export type SlackContentType = 'application/x-www-form-urlencoded' | 'application/json';

/** Options for {@link postToApp} and the `send*` helpers. */
export interface PostOptions {
  /** `X-Slack-Request-Timestamp`, epoch seconds (default: now). Also signed. */
  timestampSeconds?: number;
  /** Signature header value; default: computed. `null` omits the header. */
  signature?: string | null;
  /** Omit `X-Slack-Request-Timestamp` (the signature is still computed with `timestampSeconds`). */
  omitTimestamp?: boolean;
  /** Extra headers; a header with the same name (any case) replaces the default, e.g. a `Content-Type` with a charset. */
  headers?: Record<string, string>;
  /** Give up after this many ms (default 3000: Slack's ack window, ref §1.5). */
  timeoutMs?: number;
}

/** What the app answered. */
export interface AppResponse {
  status: number;
  /** Raw body text ("" for Bolt's empty acks). */
  body: string;
  /** Parsed body when the response content type is JSON. */
  json?: unknown;
  headers: IncomingHttpHeaders;
}

/**
 * Thrown by {@link postToApp} when the app does not answer within `timeoutMs`: Slack would show the
 * user an error (`operation_timeout` for commands) or retry an event (ref §1.4, §1.5).
 */
export class AppTimeoutError extends Error {
  readonly code = 'slack_driver_timeout';
  readonly timeoutMs: number;

  constructor(url: string, timeoutMs: number) {
    super(`app at ${url} did not answer within ${timeoutMs} ms (Slack gives up after 3000 ms)`);
    this.name = 'AppTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Computes Slack's request signature.
 *
 * @param signingSecret the app's signing secret (used as a UTF-8 key).
 * @param rawBody the exact body bytes that will be sent.
 * @param timestampSeconds the `X-Slack-Request-Timestamp` value (epoch seconds).
 * @returns `v0=<hex HMAC-SHA256 of "v0:<ts>:<rawBody>">`.
 * Rule: ref §1.1 (https://docs.slack.dev/authentication/verifying-requests-from-slack).
 */
export function signSlackRequest(signingSecret: string, rawBody: string, timestampSeconds: number): string {
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${rawBody}`, 'utf8').digest('hex');
  return `v0=${digest}`;
}

/**
 * POSTs a signed request to `${appUrl}/slack/events`, as Slack does.
 *
 * @param appUrl the app's origin, e.g. `http://127.0.0.1:3000` (a trailing `/` is tolerated).
 * @param signingSecret the app's signing secret.
 * @param body the raw body (already encoded).
 * @param contentType sent exactly as given, without a charset: Bolt compares it with `===` (ref §0.1).
 * @param options timestamp (s), signature override or omission, extra headers, timeout (ms, default 3000).
 * @returns status, raw body, parsed JSON (when the response is `application/json`) and headers.
 * @throws {AppTimeoutError} when no complete answer arrives within `timeoutMs`; a network error as is.
 */
export function postToApp(
  appUrl: string,
  signingSecret: string,
  body: string,
  contentType: SlackContentType,
  options: PostOptions = {},
): Promise<AppResponse> {
  const url = new URL('slack/events', appUrl.endsWith('/') ? appUrl : `${appUrl}/`);
  const timestamp = options.timestampSeconds ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'Content-Type': contentType,
    'Content-Length': String(Buffer.byteLength(body, 'utf8')),
  };
  if (!options.omitTimestamp) headers['X-Slack-Request-Timestamp'] = String(timestamp);
  if (options.signature !== null)
    headers['X-Slack-Signature'] = options.signature ?? signSlackRequest(signingSecret, body, timestamp);
  Object.assign(headers, options.headers);
  const timeoutMs = options.timeoutMs ?? 3000;

  return new Promise<AppResponse>((resolve, reject) => {
    // agent:false → a fresh connection closed after the answer, so the app's server can stop promptly.
    const req = request(url, { method: 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        const result: AppResponse = { status: res.statusCode ?? 0, body: text, headers: res.headers };
        if ((res.headers['content-type'] ?? '').includes('application/json') && text !== '') {
          try {
            result.json = JSON.parse(text);
          } catch {
            // leave json undefined; body has the text
          }
        }
        resolve(result);
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new AppTimeoutError(url.href, timeoutMs));
    }, timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(body);
  });
}

/** Encodes flat fields like Slack's form bodies (`%20` for spaces; Node's parser accepts it, ref §1.6). */
function formEncode(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
}

/** Fields of a slash command; the ones marked optional get the ref §2.2 sample's defaults. */
export interface SlashCommandFields {
  user_id: string;
  trigger_id: string;
  response_url: string;
  /** Default `/alert-contact`. */
  command?: string;
  /** Default `""`. */
  text?: string;
  /** Default `C0ALERTS1`. */
  channel_id?: string;
  /** Default `alerts`. */
  channel_name?: string;
  /** Default `T0AAAAAA1`. */
  team_id?: string;
  /** Default `acme`. */
  team_domain?: string;
  /** Default: the user id in lower case. */
  user_name?: string;
  /** Default `A0APP0001`. */
  api_app_id?: string;
  /** Default the legacy verification token of ref §2.2. */
  token?: string;
  /** Any other field (e.g. `enterprise_id`), sent as-is. */
  [field: string]: string | undefined;
}

/**
 * Sends a signed slash command as a flat form body in the field order of ref §2.2.
 *
 * @param appUrl the app's origin, e.g. `http://127.0.0.1:3000`.
 * @param signingSecret the app's signing secret.
 * @param fields see {@link SlashCommandFields}; `trigger_id`/`response_url` normally come from
 *        `fake.mintTriggerId()` / `fake.mintResponseUrl()`.
 * @returns the app's answer (ack text/JSON or empty).
 * @throws {AppTimeoutError} as {@link postToApp}.
 */
export function sendSlashCommand(
  appUrl: string,
  signingSecret: string,
  fields: SlashCommandFields,
  options?: PostOptions,
): Promise<AppResponse> {
  const d = FAKE_SLACK_DEFAULTS;
  const ordered: Record<string, string> = {
    token: fields.token ?? d.verificationToken,
    team_id: fields.team_id ?? d.teamId,
    team_domain: fields.team_domain ?? d.teamDomain,
    channel_id: fields.channel_id ?? 'C0ALERTS1',
    channel_name: fields.channel_name ?? 'alerts',
    user_id: fields.user_id,
    user_name: fields.user_name ?? fields.user_id.toLowerCase(),
    command: fields.command ?? '/alert-contact',
    text: fields.text ?? '',
    api_app_id: fields.api_app_id ?? d.appId,
    is_enterprise_install: 'false',
    response_url: fields.response_url,
    trigger_id: fields.trigger_id,
  };
  for (const [k, v] of Object.entries(fields)) {
    if (v !== undefined && !(k in ordered)) ordered[k] = v;
  }
  return postToApp(appUrl, signingSecret, formEncode(ordered), 'application/x-www-form-urlencoded', options);
}

/**
 * Sends a signed interactive payload (`block_actions`, `view_submission`, …) as
 * `payload=<urlencoded JSON>` (ref §2.1).
 *
 * @returns the app's answer (e.g. `{response_action:'errors', …}` JSON for a view submission).
 * @throws {AppTimeoutError} as {@link postToApp}.
 */
export function sendInteraction(
  appUrl: string,
  signingSecret: string,
  payload: object,
  options?: PostOptions,
): Promise<AppResponse> {
  const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return postToApp(appUrl, signingSecret, body, 'application/x-www-form-urlencoded', options);
}

/** Options for {@link sendEvent}. */
export interface EventOptions extends PostOptions {
  /** Sends `X-Slack-Retry-Num` (ref §1.4). */
  retryNum?: number;
  /** Sends `X-Slack-Retry-Reason`, e.g. `http_timeout` (ref §1.4). */
  retryReason?: string;
  /** Default: a fresh `Ev…` id. */
  eventId?: string;
  /** Default `T0AAAAAA1`. */
  teamId?: string;
}

let eventCounter = 0;

/**
 * Sends a signed Events API `event_callback` JSON envelope
 * (`{token, team_id, api_app_id, event, type, event_id, event_time, authorizations, …}`).
 *
 * @param event the inner event, e.g. `{type: 'app_home_opened', user: 'U…'}`.
 * @returns the app's answer.
 * @throws {AppTimeoutError} as {@link postToApp}.
 * Rules: ref §2.1 (JSON), §1.4 (retry headers).
 */
export function sendEvent(
  appUrl: string,
  signingSecret: string,
  event: object,
  options: EventOptions = {},
): Promise<AppResponse> {
  const d = FAKE_SLACK_DEFAULTS;
  const teamId = options.teamId ?? d.teamId;
  eventCounter += 1;
  const envelope = {
    token: d.verificationToken,
    team_id: teamId,
    api_app_id: d.appId,
    event,
    type: 'event_callback',
    event_id: options.eventId ?? `Ev0TEST${String(eventCounter).padStart(5, '0')}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: teamId, user_id: d.botUserId, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
  };
  const headers: Record<string, string> = {};
  if (options.retryNum !== undefined) headers['X-Slack-Retry-Num'] = String(options.retryNum);
  if (options.retryReason !== undefined) headers['X-Slack-Retry-Reason'] = options.retryReason;
  return postToApp(appUrl, signingSecret, JSON.stringify(envelope), 'application/json', {
    ...options,
    headers: { ...headers, ...options.headers },
  });
}

/** A user as it appears in interactive payloads. */
export interface PayloadUser {
  id: string;
  /** Default: the id in lower case. */
  name?: string;
}

/** An option as Slack reports it in `selected_option(s)` (ref §2.3). */
export interface SelectedOption {
  text: { type: 'plain_text' | 'mrkdwn'; text: string; emoji?: boolean; verbatim?: boolean };
  value: string;
  description?: { type: 'plain_text' | 'mrkdwn'; text: string };
}

/** One entry of `view.state.values[block_id][action_id]` (ref §2.3 table). */
export interface ViewStateValue {
  type: string;
  value?: string | null;
  selected_option?: SelectedOption | null;
  selected_options?: SelectedOption[];
  [field: string]: unknown;
}

/** The parts of a view the builders need; a `FakeView` from the fake (views.open's `view`) fits. */
export interface ViewLike {
  id: string;
  [field: string]: unknown;
}

function payloadUser(user: PayloadUser): Record<string, string> {
  const name = user.name ?? user.id.toLowerCase();
  return { id: user.id, username: name, name, team_id: FAKE_SLACK_DEFAULTS.teamId };
}

function commonPayloadFields(): Record<string, unknown> {
  const d = FAKE_SLACK_DEFAULTS;
  return {
    api_app_id: d.appId,
    token: d.verificationToken,
    team: { id: d.teamId, domain: d.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
  };
}

/**
 * Builds a `view_submission` payload (ref §2.3).
 *
 * @param input.user who submitted; input.view the view as the fake returned it (id, hash, callback_id,
 *        private_metadata, blocks… are echoed); input.values `state.values` keyed by block_id then
 *        action_id; input.triggerId a trigger minted by the fake (valid 3 s, one views.push).
 * @returns the payload object, ready for {@link sendInteraction}.
 */
export function buildViewSubmission(input: {
  user: PayloadUser;
  view: ViewLike;
  values: Record<string, Record<string, ViewStateValue>>;
  triggerId: string;
  responseUrls?: Array<{ block_id: string; action_id: string; channel_id: string; response_url: string }>;
}): Record<string, unknown> {
  const d = FAKE_SLACK_DEFAULTS;
  const view: Record<string, unknown> = {
    team_id: d.teamId,
    type: 'modal',
    private_metadata: '',
    callback_id: '',
    external_id: '',
    previous_view_id: null,
    root_view_id: input.view.id,
    app_id: d.appId,
    app_installed_team_id: d.teamId,
    bot_id: d.botId,
    ...input.view,
    state: { values: input.values },
  };
  return {
    type: 'view_submission',
    ...commonPayloadFields(),
    user: payloadUser(input.user),
    trigger_id: input.triggerId,
    view,
    response_urls: input.responseUrls ?? [],
  };
}

/** Where a block action happened (ref §2.4, §2.5). */
export type ActionContainer =
  | { type: 'message'; channel_id: string; message_ts: string; is_ephemeral?: boolean }
  | { type: 'view'; view_id: string };

/** The clicked/changed element; extra element fields (`text`, `style`, `selected_option`…) pass through. */
export interface BlockActionInput {
  action_id: string;
  block_id: string;
  value?: string;
  /** Default `button`. */
  type?: string;
  [field: string]: unknown;
}

/**
 * Builds a `block_actions` payload (ref §2.4 for messages, §2.5 for modals).
 *
 * @param input.container `{type:'message', channel_id, message_ts}` or `{type:'view', view_id}`.
 * @param input.message the message clicked (e.g. an entry of `fake.messages`; only `ts`, `text`,
 *        `blocks`, `thread_ts` are copied); default: a minimal message with `container.message_ts`.
 * @param input.view the view (for a view container; its `state` is echoed).
 * @param input.responseUrl for message containers only: a modal action carries no response_url and
 *        no channel (ref §2.5), so it is ignored for view containers.
 * @returns the payload object, ready for {@link sendInteraction}.
 */
export function buildBlockActions(input: {
  user: PayloadUser;
  action: BlockActionInput;
  container: ActionContainer;
  message?: { ts: string; text?: string | undefined; blocks?: unknown[] | undefined; thread_ts?: string | undefined };
  view?: ViewLike;
  triggerId: string;
  responseUrl?: string;
  channelName?: string;
}): Record<string, unknown> {
  const d = FAKE_SLACK_DEFAULTS;
  const { action, container } = input;
  const now = Date.now();
  const actionTs = `${Math.floor(now / 1000)}.${String((now % 1000) * 1000).padStart(6, '0')}`;
  const element: Record<string, unknown> = {
    type: action.type ?? 'button',
    ...action,
    action_ts: actionTs,
  };
  if (element.type === 'button' && element.text === undefined) {
    element.text = { type: 'plain_text', text: action.action_id, emoji: true };
  }
  const payload: Record<string, unknown> = {
    type: 'block_actions',
    ...commonPayloadFields(),
    user: payloadUser(input.user),
    trigger_id: input.triggerId,
    actions: [element],
  };
  if (container.type === 'message') {
    payload.container = {
      type: 'message',
      message_ts: container.message_ts,
      channel_id: container.channel_id,
      is_ephemeral: container.is_ephemeral ?? false,
    };
    payload.channel = { id: container.channel_id, name: input.channelName ?? 'channel' };
    // Only message fields are copied, so a `fake.messages` entry (with its bookkeeping) can be passed.
    const message = input.message;
    payload.message = {
      type: 'message',
      user: d.botUserId,
      bot_id: d.botId,
      app_id: d.appId,
      team: d.teamId,
      text: message?.text ?? '',
      ts: message?.ts ?? container.message_ts,
      ...(message?.blocks === undefined ? {} : { blocks: message.blocks }),
      ...(message?.thread_ts === undefined ? {} : { thread_ts: message.thread_ts }),
    };
    payload.state = { values: {} };
    if (input.responseUrl !== undefined) payload.response_url = input.responseUrl;
  } else {
    payload.container = { type: 'view', view_id: container.view_id };
    const view = input.view ?? { id: container.view_id };
    payload.view = { state: { values: {} }, ...view };
    const state = (payload.view as Record<string, unknown>).state;
    payload.state = state;
  }
  return payload;
}

/**
 * Builds a `block_suggestion` payload: what Slack sends to the options load URL (in HTTP mode the manifest's
 * `interactivity.message_menu_options_url`) when a person opens an external select or types into it, as
 * `payload=<JSON>` like other interactions
 * (https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element#external_select). For a select
 * in a modal the container is the view and the view (with its state) is included.
 *
 * @param input.value what was typed so far ("" when the menu was just opened)
 * @returns the payload object, ready for {@link sendInteraction}; the app answers `{options:[…]}` JSON within 3 s
 */
export function buildBlockSuggestion(input: {
  user: PayloadUser;
  view: ViewLike;
  blockId: string;
  actionId: string;
  value: string;
}): Record<string, unknown> {
  const d = FAKE_SLACK_DEFAULTS;
  return {
    type: 'block_suggestion',
    ...commonPayloadFields(),
    user: payloadUser(input.user),
    container: { type: 'view', view_id: input.view.id },
    action_id: input.actionId,
    block_id: input.blockId,
    value: input.value,
    view: {
      team_id: d.teamId,
      type: 'modal',
      private_metadata: '',
      callback_id: '',
      state: { values: {} },
      app_id: d.appId,
      bot_id: d.botId,
      ...input.view,
    },
  };
}
