/**
 * The fake Slack's scopes and conversations.info, as Slack answers them: every bot-token answer carries
 * `x-oauth-scopes` (the granted scopes), conversations.info needs channels:read / groups:read (`missing_scope` with
 * `needed` and `provided` otherwise), a private channel the bot is not in is `channel_not_found`, and `is_member` says
 * whether the bot is in the channel (docs.slack.dev/reference/methods/conversations.info).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../fakes/slack-web-api.js';

let slack: FakeSlack | undefined;
afterEach(async () => {
  await slack?.close();
  slack = undefined;
});

async function call(fake: FakeSlack, method: string, args: Record<string, string> = {}) {
  const response = await fetch(`${fake.url}${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${fake.botToken}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(args).toString(),
  });
  return { scopes: response.headers.get('x-oauth-scopes'), body: (await response.json()) as Record<string, unknown> };
}

describe('fake Slack: scopes and conversations.info', () => {
  it('auth.test carries the granted scopes in x-oauth-scopes', async () => {
    slack = await startFakeSlack({ botScopes: ['commands', 'chat:write'] });
    expect(await call(slack, 'auth.test')).toMatchObject({ scopes: 'commands,chat:write', body: { ok: true } });
  });

  it('answers missing_scope without channels:read / groups:read', async () => {
    slack = await startFakeSlack({
      botScopes: ['chat:write'],
      channels: [{ id: 'C0PUBLIC1' }, { id: 'G0PRIVATE', isPrivate: true }],
    });
    expect((await call(slack, 'conversations.info', { channel: 'C0PUBLIC1' })).body).toEqual({
      ok: false,
      error: 'missing_scope',
      needed: 'channels:read',
      provided: 'chat:write',
    });
    expect((await call(slack, 'conversations.info', { channel: 'G0PRIVATE' })).body).toMatchObject({
      error: 'missing_scope',
      needed: 'groups:read',
    });
  });

  it('tells membership, hides private channels the bot is not in, and knows no other channel', async () => {
    slack = await startFakeSlack({ botScopes: ['channels:read', 'groups:read'] });
    slack.addChannel({ id: 'C0IN', name: 'admins', members: [slack.botUserId] });
    slack.addChannel({ id: 'C0OUT', name: 'general', isMember: false });
    slack.addChannel({ id: 'C0SECRET', isPrivate: true, isMember: false });
    expect((await call(slack, 'conversations.info', { channel: 'C0IN' })).body).toMatchObject({
      ok: true,
      channel: { id: 'C0IN', name: 'admins', is_member: true },
    });
    expect((await call(slack, 'conversations.info', { channel: 'C0OUT' })).body).toMatchObject({
      ok: true,
      channel: { is_member: false, is_private: false },
    });
    expect((await call(slack, 'conversations.info', { channel: 'C0SECRET' })).body).toMatchObject({
      ok: false,
      error: 'channel_not_found',
    });
    expect((await call(slack, 'conversations.info', { channel: 'C0NOPE' })).body).toMatchObject({
      ok: false,
      error: 'channel_not_found',
    });
  });
});
