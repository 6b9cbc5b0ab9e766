/**
 * slackFetch (src/slack/transport.ts) as WebClient uses it: Web API calls through it reach a local server with
 * their method, headers and url-encoded body, and Slack's JSON answer (including an error) comes back to the caller.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackFetch } from '../../../src/slack/transport.js';

describe('slackFetch', () => {
  const seen: Array<{ method?: string; url?: string; auth?: string; type?: string; body: string }> = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      seen.push({
        method: req.method,
        url: req.url,
        auth: req.headers.authorization,
        type: req.headers['content-type'],
        body,
      });
      const ok = !req.url?.endsWith('/users.info') || body.includes('user=U0KNOWN');
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(
          JSON.stringify(
            ok ? { ok: true, user: { id: 'U0KNOWN', locale: 'zh-CN' } } : { ok: false, error: 'user_not_found' },
          ),
        );
    });
  });
  let client: webApi.WebClient;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new webApi.WebClient('xoxb-test-token', {
      slackApiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
      fetch: slackFetch,
      retryConfig: { retries: 0 },
    });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('carries a Web API call and its answer', async () => {
    const result = await client.users.info({ user: 'U0KNOWN', include_locale: true });
    expect(result.user?.locale).toBe('zh-CN');
    expect(seen.at(-1)).toMatchObject({
      method: 'POST',
      url: '/api/users.info',
      auth: 'Bearer xoxb-test-token',
      type: 'application/x-www-form-urlencoded',
    });
    expect(new URLSearchParams(seen.at(-1)?.body)).toEqual(
      new URLSearchParams({ user: 'U0KNOWN', include_locale: 'true' }),
    );
  });

  it("surfaces Slack's error answers as WebClient errors", async () => {
    await expect(client.users.info({ user: 'U0NOBODY' })).rejects.toMatchObject({
      data: { ok: false, error: 'user_not_found' },
    });
  });
});
