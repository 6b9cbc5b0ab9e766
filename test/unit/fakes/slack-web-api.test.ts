/**
 * Tests of the Slack fake (test/fakes/slack-web-api.ts) and the request driver
 * (test/helpers/slack-driver.ts), using the real @slack/web-api WebClient, @slack/socket-mode
 * SocketModeClient and @slack/bolt App where the behaviour is about them.
 * Rules under test: "ref §n" in test names; their public sources are listed in test/fakes/slack-web-api.ts.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, type Logger, LogLevel, type types } from '@slack/bolt';
import { SocketModeClient } from '@slack/socket-mode';
import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BLOCK_KIT_LIMITS } from '../../fakes/block-kit-limits.js';
import { type FakeSlack, type FakeView, startFakeSlack } from '../../fakes/slack-web-api.js';
import {
  AppTimeoutError,
  buildBlockActions,
  buildViewSubmission,
  postToApp,
  sendInteraction,
  sendSlashCommand,
  signSlackRequest,
} from '../../helpers/slack-driver.js';

const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

const MODAL: types.ModalView = {
  type: 'modal',
  callback_id: 'alert_contact_modal',
  private_metadata: '{"channel_id":"C0ALERTS1"}',
  title: { type: 'plain_text', text: 'Alert contact' },
  submit: { type: 'plain_text', text: 'Submit' },
  blocks: [
    {
      type: 'input',
      block_id: 'name_block',
      label: { type: 'plain_text', text: 'Name' },
      element: { type: 'plain_text_input', action_id: 'name_input' },
    },
  ],
};

interface RawAnswer {
  status: number;
  json: Record<string, unknown>;
  headers: Headers;
}

/** Calls the fake without any client library, to control token placement exactly. */
async function rawCall(
  fake: FakeSlack,
  method: string,
  form: Record<string, string>,
  bearer?: string,
): Promise<RawAnswer> {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  if (bearer !== undefined) headers.Authorization = `Bearer ${bearer}`;
  const res = await fetch(`${fake.url}${method}`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

function client(fake: FakeSlack, token = fake.botToken, extra: { rejectRateLimitedCalls?: boolean } = {}): WebClient {
  return new WebClient(token, { slackApiUrl: fake.url, retryConfig: { retries: 0 }, logger: silentLogger, ...extra });
}

/** Runs `fn` and returns what it threw (fails the test if it did not throw). */
async function thrown(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

async function platformError(fn: () => Promise<unknown>): Promise<Record<string, unknown>> {
  const error = await thrown(fn);
  if (!(error instanceof WebAPIPlatformError)) throw new Error(`expected WebAPIPlatformError, got ${String(error)}`);
  const data: Record<string, unknown> = { ...error.data };
  return data;
}

let fake: FakeSlack;

/** The fake's stored copy of the view a views.* response returned (fails if it was not stored). */
function viewOf(res: { view?: { id?: string } }): FakeView {
  const id = res.view?.id;
  const stored = id === undefined ? undefined : fake.views.get(id);
  if (stored === undefined) throw new Error(`view ${String(id)} not stored by the fake`);
  return stored;
}

beforeEach(async () => {
  fake = await startFakeSlack({
    users: [
      {
        id: 'U0REQ0001',
        name: 'jdoe',
        realName: 'Jane Doe',
        email: 'jane@example.com',
        phone: '+1 555 0100',
        locale: 'fr-FR',
      },
      { id: 'U0ADMIN01', name: 'admin' },
    ],
  });
});

afterEach(async () => {
  await fake.close();
});

describe('signSlackRequest (§1.1)', () => {
  it('reproduces the documented test vector', () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signSlackRequest('8f742231b10e8888abcd99yyyzzz85a5', body, 1531420618)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });

  it('changes when one byte of the body changes', () => {
    expect(signSlackRequest('s', 'a=1', 1)).not.toBe(signSlackRequest('s', 'a=2', 1));
  });
});

describe('transport and auth (§0.5, §5.3)', () => {
  it('answers not_authed without a token and invalid_auth with a wrong one, as HTTP 200', async () => {
    const missing = await rawCall(fake, 'auth.test', {});
    expect(missing).toMatchObject({ status: 200, json: { ok: false, error: 'not_authed' } });
    const wrong = await rawCall(fake, 'auth.test', {}, 'xoxb-wrong');
    expect(wrong).toMatchObject({ status: 200, json: { ok: false, error: 'invalid_auth' } });
    expect((await platformError(() => client(fake, 'xoxb-nope').auth.test())).error).toBe('invalid_auth');
  });

  it('accepts the token from the body, as Bolt sends for auth.test', async () => {
    const res = await rawCall(fake, 'auth.test', { token: fake.botToken });
    expect(res.json).toEqual({
      ok: true,
      url: 'https://acme.slack.com/',
      team: 'Acme',
      user: 'alertbot',
      team_id: 'T0AAAAAA1',
      user_id: 'U0BOTUSR1',
      bot_id: 'B0BOT0001',
      is_enterprise_install: false,
    });
  });

  it('answers unknown_method and keeps app and bot tokens apart', async () => {
    expect((await rawCall(fake, 'chat.nope', {}, fake.botToken)).json).toMatchObject({
      ok: false,
      error: 'unknown_method',
    });
    expect((await rawCall(fake, 'auth.test', {}, fake.appToken)).json.error).toBe('not_allowed_token_type');
    expect((await rawCall(fake, 'apps.connections.open', {}, fake.botToken)).json.error).toBe('not_allowed_token_type');
  });

  it('accepts JSON bodies and records decoded args, ignoring team_id', async () => {
    const res = await fetch(`${fake.url}chat.postMessage`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8', Authorization: `Bearer ${fake.botToken}` },
      body: JSON.stringify({ channel: 'C0ADMIN01', text: 'hi', team_id: 'T999' }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: 'C0ADMIN01' });
    await client(fake).chat.postMessage({ channel: 'C0ADMIN01', text: 'x', blocks: [{ type: 'divider' }] });
    const last = fake.callsTo('chat.postMessage').at(-1);
    expect(last?.args.blocks).toEqual([{ type: 'divider' }]);
    expect(last?.ok).toBe(true);
  });
});

describe('users.info and conversations.open (§5.4)', () => {
  it('returns locale only with include_locale=true, and the profile fields', async () => {
    const web = client(fake);
    const plain = await web.users.info({ user: 'U0REQ0001' });
    expect(plain.user).not.toHaveProperty('locale');
    expect(plain.user?.profile).toMatchObject({
      email: 'jane@example.com',
      phone: '+1 555 0100',
      real_name: 'Jane Doe',
      display_name: 'jdoe',
    });
    const withLocale = await web.users.info({ user: 'U0REQ0001', include_locale: true });
    expect(withLocale.user?.locale).toBe('fr-FR');
    expect((await web.users.info({ user: 'U0ADMIN01' })).user?.profile).not.toHaveProperty('email');
    expect((await platformError(() => web.users.info({ user: 'U0NOBODY1' }))).error).toBe('user_not_found');
  });

  it('opens a stable D… channel per user', async () => {
    const web = client(fake);
    const a = await web.conversations.open({ users: 'U0REQ0001' });
    const b = await web.conversations.open({ users: 'U0REQ0001' });
    const c = await web.conversations.open({ users: 'U0ADMIN01' });
    expect(a.channel?.id).toMatch(/^D/);
    expect(b.channel?.id).toBe(a.channel?.id);
    expect(c.channel?.id).not.toBe(a.channel?.id);
    expect((await platformError(() => web.conversations.open({ users: 'U0NOBODY1' }))).error).toBe('user_not_found');
  });
});

describe('trigger_id rules (§3)', () => {
  it('mints ids in Slack format', () => {
    expect(fake.mintTriggerId()).toMatch(/^\d{13}\.\d{10}\.[0-9a-f]{32}$/);
  });

  it('rejects unknown and malformed ids with invalid_trigger_id', async () => {
    const web = client(fake);
    const unknown = '1234567890123.1234567890.0123456789abcdef0123456789abcdef';
    expect((await platformError(() => web.views.open({ trigger_id: unknown, view: MODAL }))).error).toBe(
      'invalid_trigger_id',
    );
    expect((await platformError(() => web.views.open({ trigger_id: 'nonsense', view: MODAL }))).error).toBe(
      'invalid_trigger_id',
    );
  });

  it('allows one use, then exchanged_trigger_id', async () => {
    const web = client(fake);
    const trigger = fake.mintTriggerId();
    await web.views.open({ trigger_id: trigger, view: MODAL });
    expect((await platformError(() => web.views.open({ trigger_id: trigger, view: MODAL }))).error).toBe(
      'exchanged_trigger_id',
    );
  });

  it('expires after the ttl with expired_trigger_id', async () => {
    const short = await startFakeSlack({ triggerTtlMs: 200 });
    try {
      const web = client(short);
      const fresh = short.mintTriggerId();
      const stale = short.mintTriggerId();
      await new Promise((r) => setTimeout(r, 300));
      expect((await platformError(() => web.views.open({ trigger_id: stale, view: MODAL }))).error).toBe(
        'expired_trigger_id',
      );
      expect(fresh).not.toBe(stale);
      const quick = short.mintTriggerId();
      expect((await web.views.open({ trigger_id: quick, view: MODAL })).ok).toBe(true);
    } finally {
      await short.close();
    }
  });
});

describe('views (§3, §5.4)', () => {
  it('returns the full view object and keeps it per id', async () => {
    const res = await client(fake).views.open({ trigger_id: fake.mintTriggerId(), view: MODAL });
    const view = viewOf(res);
    expect(view).toMatchObject({
      id: expect.stringMatching(/^V/),
      type: 'modal',
      callback_id: 'alert_contact_modal',
      private_metadata: '{"channel_id":"C0ALERTS1"}',
      state: { values: {} },
      previous_view_id: null,
      team_id: 'T0AAAAAA1',
      app_id: 'A0APP0001',
      bot_id: 'B0BOT0001',
      external_id: '',
      hash: expect.stringMatching(/^\d+\.[0-9a-f]{8}$/),
    });
    expect(view.root_view_id).toBe(view.id);
    expect(res.view).toEqual(view);
    expect(fake.callsTo('views.open')[0]?.args.view).toEqual(MODAL);
  });

  it('rejects a title over 24 characters with the real invalid_arguments shape', async () => {
    const view = { ...MODAL, title: { type: 'plain_text', text: 'x'.repeat(25) } };
    const res = await rawCall(
      fake,
      'views.open',
      { trigger_id: fake.mintTriggerId(), view: JSON.stringify(view) },
      fake.botToken,
    );
    expect(res.json).toEqual({
      ok: false,
      error: 'invalid_arguments',
      response_metadata: { messages: ['[ERROR] must be less than 25 characters [json-pointer:/view/title/text]'] },
    });
    expect(fake.views.size).toBe(0);
  });

  it('rejects a view over 250 kB with view_too_large', async () => {
    const blocks = Array.from(
      { length: 100 },
      (_, i): types.SectionBlock => ({
        type: 'section',
        block_id: `b${i}`,
        text: { type: 'mrkdwn', text: 'y'.repeat(2600) },
      }),
    );
    const view: types.ModalView = { type: 'modal', title: { type: 'plain_text', text: 'Big' }, blocks };
    expect(JSON.stringify(view).length).toBeGreaterThan(BLOCK_KIT_LIMITS.viewBytes);
    const data = await platformError(() => client(fake).views.open({ trigger_id: fake.mintTriggerId(), view }));
    expect(data.error).toBe('view_too_large');
  });

  it('updates with a fresh hash, rejects a stale hash and unknown ids', async () => {
    const web = client(fake);
    const opened = viewOf(await web.views.open({ trigger_id: fake.mintTriggerId(), view: MODAL }));
    const updatedView: types.ModalView = { ...MODAL, title: { type: 'plain_text', text: 'Thanks' } };
    const updated = viewOf(await web.views.update({ view_id: opened.id, hash: opened.hash, view: updatedView }));
    expect(updated.id).toBe(opened.id);
    expect(updated.hash).not.toBe(opened.hash);
    expect(fake.views.get(opened.id)?.title).toMatchObject({ text: 'Thanks' });
    const stale = await platformError(() => web.views.update({ view_id: opened.id, hash: opened.hash, view: MODAL }));
    expect(stale.error).toBe('hash_conflict');
    expect((await platformError(() => web.views.update({ view_id: 'V0NOPE', view: MODAL }))).error).toBe('not_found');
  });

  it('pushes onto the stack of the view the trigger came from, at most 3 views', async () => {
    const web = client(fake);
    const root = viewOf(await web.views.open({ trigger_id: fake.mintTriggerId(), view: MODAL }));
    const second = viewOf(await web.views.push({ trigger_id: fake.mintTriggerId({ viewId: root.id }), view: MODAL }));
    expect(second).toMatchObject({ root_view_id: root.id, previous_view_id: root.id });
    await web.views.push({ trigger_id: fake.mintTriggerId({ viewId: second.id }), view: MODAL });
    const full = await platformError(() =>
      web.views.push({ trigger_id: fake.mintTriggerId({ viewId: root.id }), view: MODAL }),
    );
    expect(full.error).toBe('push_limit_reached');
  });
});

describe('chat.* (§0.9, §4, §5.4)', () => {
  it('posts to a user id in the DM channel, with unique increasing ts', async () => {
    const web = client(fake);
    const a = await web.chat.postMessage({ channel: 'U0REQ0001', text: 'one' });
    const b = await web.chat.postMessage({ channel: 'C0ADMIN01', text: 'two' });
    expect(a.channel).toMatch(/^D/);
    expect(a.channel).toBe(fake.dmChannelOf('U0REQ0001'));
    expect(a.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(Number(b.ts)).toBeGreaterThan(Number(a.ts));
    expect(fake.dms('U0REQ0001').map((m) => m.text)).toEqual(['one']);
    expect((await platformError(() => web.chat.postMessage({ channel: 'U0NOBODY1', text: 'x' }))).error).toBe(
      'channel_not_found',
    );
  });

  it('updates only with the channel id the message was posted in', async () => {
    const web = client(fake);
    const posted = await web.chat.postMessage({
      channel: 'U0REQ0001',
      text: 'pending',
      blocks: [{ type: 'divider', block_id: 'd' }],
    });
    const ts = posted.ts as string;
    expect((await platformError(() => web.chat.update({ channel: 'U0REQ0001', ts, text: 'x' }))).error).toBe(
      'message_not_found',
    );
    expect(
      (await platformError(() => web.chat.update({ channel: posted.channel as string, ts: '1.000100', text: 'x' })))
        .error,
    ).toBe('message_not_found');
    const updated = await web.chat.update({ channel: posted.channel as string, ts, text: 'approved' });
    expect(updated).toMatchObject({ ok: true, channel: posted.channel, ts, text: 'approved' });
    const message = fake.messages.find((m) => m.ts === ts);
    expect(message).toMatchObject({ text: 'approved', blocks: undefined, updates: 1 });
    expect(message?.history.map((h) => h.text)).toEqual(['pending', 'approved']);
  });

  it('rejects 51 message blocks with invalid_blocks in the real shape', async () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    const data = await platformError(() => client(fake).chat.postMessage({ channel: 'C0ADMIN01', text: 'x', blocks }));
    expect(data).toMatchObject({
      ok: false,
      error: 'invalid_blocks',
      errors: ['no more than 50 items allowed [json-pointer:/blocks]'],
      response_metadata: { messages: ['[ERROR] no more than 50 items allowed [json-pointer:/blocks]'] },
    });
    expect(fake.messages).toHaveLength(0);
    await client(fake).chat.postMessage({ channel: 'C0ADMIN01', text: 'x', blocks: blocks.slice(0, 50) });
    expect(fake.messages).toHaveLength(1);
  });

  it('requires text or blocks (no_text) and posts ephemerals with message_ts', async () => {
    const web = client(fake);
    expect((await platformError(() => web.chat.postMessage({ channel: 'C0ADMIN01', text: '' }))).error).toBe('no_text');
    const eph = await web.chat.postEphemeral({ channel: 'C0ADMIN01', user: 'U0ADMIN01', text: 'only you' });
    expect(eph.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(fake.ephemerals[0]).toMatchObject({ channel: 'C0ADMIN01', user: 'U0ADMIN01', text: 'only you' });
  });
});

describe('fault injection (§0.7, §5.2)', () => {
  it('a 429 reaches a real WebClient as WebAPIRateLimitedError with Retry-After', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 7 });
    const error = await thrown(() =>
      client(fake, fake.botToken, { rejectRateLimitedCalls: true }).chat.postMessage({
        channel: 'C0ADMIN01',
        text: 'x',
      }),
    );
    expect(error).toBeInstanceOf(WebAPIRateLimitedError);
    expect((error as WebAPIRateLimitedError).retryAfter).toBe(7);
    expect(fake.callsTo('chat.postMessage')[0]).toMatchObject({ ok: false, status: 429, error: 'ratelimited' });
    expect((await client(fake).chat.postMessage({ channel: 'C0ADMIN01', text: 'x' })).ok).toBe(true);
  });

  it('a WebClient that honours Retry-After retries and succeeds', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 });
    const web = new WebClient(fake.botToken, {
      slackApiUrl: fake.url,
      logger: silentLogger,
      retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 1 },
    });
    const started = Date.now();
    const res = await web.chat.postMessage({ channel: 'C0ADMIN01', text: 'x' });
    expect(res.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
  });

  it('injects platform errors and 5xx for the next N calls only, and latency', async () => {
    const web = client(fake);
    fake.failNext('users.info', { error: 'missing_scope', fields: { needed: 'users:read.email' } }, 2);
    expect(await platformError(() => web.users.info({ user: 'U0REQ0001' }))).toMatchObject({
      error: 'missing_scope',
      needed: 'users:read.email',
    });
    expect((await platformError(() => web.users.info({ user: 'U0REQ0001' }))).error).toBe('missing_scope');
    expect((await web.users.info({ user: 'U0REQ0001' })).ok).toBe(true);
    fake.failNext('auth.test', { status: 503 });
    const http = await thrown(() => web.auth.test());
    expect(http).toBeInstanceOf(WebAPIHTTPError);
    expect((http as WebAPIHTTPError).statusCode).toBe(503);
    fake.setLatency('auth.test', 150);
    const started = Date.now();
    await web.auth.test();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe('response_url (§1.5, §5.4)', () => {
  it('records JSON posts, replaces the original message, and refuses a 6th use with 404', async () => {
    const posted = await client(fake).chat.postMessage({ channel: 'C0ADMIN01', text: 'Approve?' });
    const url = fake.mintResponseUrl({ channel: 'C0ADMIN01', messageTs: posted.ts as string });
    expect(url.startsWith(`${fake.origin}/response_url/`)).toBe(true);
    const post = (body: object): Promise<Response> =>
      fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post({ replace_original: true, text: 'Approved by <@U0ADMIN01>' })).status).toBe(200);
    expect(fake.messages[0]).toMatchObject({ text: 'Approved by <@U0ADMIN01>', updates: 1 });
    expect((await post({})).status).toBe(400);
    for (let i = 0; i < 4; i += 1) expect((await post({ text: `n${i}` })).status).toBe(200);
    const sixth = await post({ text: 'too many' });
    expect(sixth.status).toBe(404);
    expect(await sixth.text()).toBe('used_url');
    expect(fake.responseUrlPosts.map((p) => p.status)).toEqual([200, 400, 200, 200, 200, 200, 404]);
  });
});

describe('waitFor', () => {
  it('resolves with the first truthy value and rejects descriptively', async () => {
    setTimeout(() => void client(fake).auth.test(), 30);
    const call = await fake.waitFor(() => fake.callsTo('auth.test')[0]);
    expect(call.ok).toBe(true);
    await expect(fake.waitFor(() => fake.callsTo('views.open')[0], 100)).rejects.toThrow(
      /timed out after 100 ms.*auth\.test → ok/,
    );
  });
});

describe('Socket Mode (§2.7)', () => {
  it('a real SocketModeClient connects, receives an envelope and its ack resolves send()', async () => {
    const sm = new SocketModeClient({
      appToken: fake.appToken,
      clientOptions: { slackApiUrl: fake.url },
      logger: silentLogger,
    });
    const received: unknown[] = [];
    sm.on('slash_commands', async ({ ack, body }: { ack: (r?: object) => Promise<void>; body: unknown }) => {
      received.push(body);
      await ack({ text: 'got it' });
    });
    try {
      await sm.start();
      await fake.socket.connected();
      expect(fake.callsTo('apps.connections.open')[0]?.ok).toBe(true);
      const ack = await fake.socket.send('slash_commands', { command: '/alert-contact', user_id: 'U0REQ0001' });
      expect(ack).toEqual({ text: 'got it' });
      expect(received).toEqual([{ command: '/alert-contact', user_id: 'U0REQ0001' }]);
      expect(fake.socket.envelopes[0]).toMatchObject({ type: 'slash_commands', ack: { payload: { text: 'got it' } } });
      await expect(
        fake.socket.send('events_api', { event: { type: 'nobody_listens' } }, { timeoutMs: 150 }),
      ).rejects.toThrow(/not acked within 150 ms/);
    } finally {
      await sm.disconnect();
    }
    await fake.waitFor(() => fake.socket.clientCount() === 0);
  });

  it('a Bolt app in Socket Mode gets commands through the fake and its ack text comes back', async () => {
    const app = new App({
      token: fake.botToken,
      appToken: fake.appToken,
      socketMode: true,
      logger: silentLogger,
      clientOptions: { slackApiUrl: fake.url, retryConfig: { retries: 0 } },
    });
    app.command('/alert-contact', async ({ ack }) => {
      await ack('Opening the form…');
    });
    await app.start();
    try {
      await fake.socket.connected();
      const payload = {
        command: '/alert-contact',
        text: '',
        user_id: 'U0REQ0001',
        team_id: 'T0AAAAAA1',
        trigger_id: fake.mintTriggerId(),
      };
      expect(await fake.socket.send('slash_commands', payload)).toEqual({ text: 'Opening the form…' });
    } finally {
      await app.stop();
    }
  });

  it('send() rejects when no client is connected', async () => {
    await expect(fake.socket.send('interactive', { type: 'block_actions' })).rejects.toThrow(/no Socket Mode client/);
    await expect(fake.socket.connected(50)).rejects.toThrow(/within 50 ms/);
  });
});

describe('driver against a real Bolt app (§1.2, §2.2–§2.4)', () => {
  const secret = 'test-signing-secret';
  let app: App;
  let appUrl: string;

  beforeEach(async () => {
    app = new App({
      token: fake.botToken,
      signingSecret: secret,
      logger: silentLogger,
      clientOptions: { slackApiUrl: fake.url, retryConfig: { retries: 0 } },
    });
    app.command('/alert-contact', async ({ ack, body, client: web }) => {
      await ack();
      await web.views.open({ trigger_id: body.trigger_id, view: MODAL });
    });
    app.view('alert_contact_modal', async ({ ack, view }) => {
      const name = view.state.values.name_block?.name_input?.value ?? '';
      if (name.length < 3) await ack({ response_action: 'errors', errors: { name_block: 'Too short' } });
      else await ack();
    });
    app.action('approve_request', async ({ ack, body, client: web, respond }) => {
      await ack();
      if (body.type !== 'block_actions' || body.channel === undefined || body.message === undefined) return;
      await web.chat.update({ channel: body.channel.id, ts: body.message.ts, text: 'Approved' });
      await respond({ text: 'Done', response_type: 'ephemeral' });
    });
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
    appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await app.stop();
  });

  it('a signed slash command opens the modal; the submission gets inline errors', async () => {
    const trigger = fake.mintTriggerId();
    const ack = await sendSlashCommand(appUrl, secret, {
      user_id: 'U0REQ0001',
      trigger_id: trigger,
      response_url: fake.mintResponseUrl(),
    });
    expect(ack).toMatchObject({ status: 200, body: '' });
    const open = await fake.waitFor(() => fake.callsTo('views.open')[0]);
    expect(open).toMatchObject({ ok: true, args: { trigger_id: trigger, team_id: 'T0AAAAAA1' } });
    const view = [...fake.views.values()][0] as FakeView;
    const values = { name_block: { name_input: { type: 'plain_text_input', value: 'Al' } } };
    const submission = buildViewSubmission({
      user: { id: 'U0REQ0001' },
      view,
      values,
      triggerId: fake.mintTriggerId(),
    });
    const answer = await sendInteraction(appUrl, secret, submission);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ response_action: 'errors', errors: { name_block: 'Too short' } });
    const good = buildViewSubmission({
      user: { id: 'U0REQ0001' },
      view,
      values: { name_block: { name_input: { type: 'plain_text_input', value: 'Ada Lovelace' } } },
      triggerId: fake.mintTriggerId(),
    });
    expect(await sendInteraction(appUrl, secret, good)).toMatchObject({ status: 200, body: '' });
  });

  it('a button click updates the message by channel id and responds via response_url', async () => {
    const posted = await client(fake).chat.postMessage({ channel: 'C0ADMIN01', text: 'Approve?' });
    const message = fake.messages[0];
    if (message === undefined) throw new Error('message not recorded');
    const payload = buildBlockActions({
      user: { id: 'U0ADMIN01', name: 'admin' },
      action: { action_id: 'approve_request', block_id: 'approval_actions', value: 'req_42' },
      container: { type: 'message', channel_id: 'C0ADMIN01', message_ts: posted.ts as string },
      message,
      triggerId: fake.mintTriggerId(),
      responseUrl: fake.mintResponseUrl({ channel: 'C0ADMIN01', messageTs: posted.ts as string }),
    });
    expect((await sendInteraction(appUrl, secret, payload)).status).toBe(200);
    await fake.waitFor(() => fake.responseUrlPosts[0]);
    expect(fake.messages[0]).toMatchObject({ text: 'Approved', updates: 1 });
    expect(fake.responseUrlPosts[0]).toMatchObject({ status: 200, body: { text: 'Done', response_type: 'ephemeral' } });
  });

  it('Bolt answers 401 to a bad signature or stale timestamp and 400 to a charset content type', async () => {
    const body = 'command=%2Falert-contact&user_id=U0REQ0001';
    const form = 'application/x-www-form-urlencoded';
    expect((await postToApp(appUrl, secret, body, form, { signature: 'v0=deadbeef' })).status).toBe(401);
    expect((await postToApp(appUrl, secret, body, form, { signature: null })).status).toBe(401);
    expect(
      (await postToApp(appUrl, secret, body, form, { timestampSeconds: Math.floor(Date.now() / 1000) - 301 })).status,
    ).toBe(401);
    // Exact form content type: accepted (the command listener acks with an empty 200).
    const command = `command=%2Falert-contact&user_id=U0REQ0001&team_id=T0AAAAAA1&trigger_id=${fake.mintTriggerId()}`;
    expect((await postToApp(appUrl, secret, command, form)).status).toBe(200);
    // Same body with a charset suffix: Bolt JSON-parses the form body and answers 400 (§0.1).
    const charset = await postToApp(appUrl, secret, command, form, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
    });
    expect(charset.status).toBe(400);
  });

  it('postToApp gives up after timeoutMs with AppTimeoutError', async () => {
    app.command('/never-acks', async () => undefined);
    const error = await thrown(() =>
      sendSlashCommand(
        appUrl,
        secret,
        {
          user_id: 'U0REQ0001',
          command: '/never-acks',
          trigger_id: fake.mintTriggerId(),
          response_url: fake.mintResponseUrl(),
        },
        { timeoutMs: 200 },
      ),
    );
    expect(error).toBeInstanceOf(AppTimeoutError);
  });
});

describe('fake Slack: modelled channels (conversations.info, membership)', () => {
  let fake: FakeSlack;
  let client: WebClient;
  beforeEach(async () => {
    fake = await startFakeSlack({
      channels: [
        { id: 'C0PUBLIC1', name: 'ops', isMember: false },
        { id: 'C0PRIVAT1', name: 'secret', isPrivate: true, isMember: false },
      ],
    });
    client = new WebClient('xoxb-test-token', {
      slackApiUrl: fake.url,
      retryConfig: { retries: 0 },
      logLevel: LogLevel.ERROR,
    });
  });
  afterEach(async () => {
    await fake.close();
  });

  it('a public channel the bot is not in: is_member false, posts refused with not_in_channel until invited', async () => {
    const info = await client.conversations.info({ channel: 'C0PUBLIC1' });
    expect(info.channel).toMatchObject({ id: 'C0PUBLIC1', name: 'ops', is_member: false, is_private: false });
    await expect(client.chat.postMessage({ channel: 'C0PUBLIC1', text: 'hi' })).rejects.toMatchObject({
      data: { error: 'not_in_channel' },
    });
    fake.setBotMembership('C0PUBLIC1', true);
    expect((await client.chat.postMessage({ channel: 'C0PUBLIC1', text: 'hi' })).ok).toBe(true);
  });

  it('a private channel the bot is not in is invisible: channel_not_found for conversations.info and chat.postMessage', async () => {
    await expect(client.conversations.info({ channel: 'C0PRIVAT1' })).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });
    await expect(client.chat.postMessage({ channel: 'C0PRIVAT1', text: 'hi' })).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });
    await expect(client.conversations.info({ channel: 'C0UNKNOWN' })).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });
  });
});
