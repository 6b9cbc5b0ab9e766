/**
 * Operations (issues 10 and 13): /metrics scraped and parsed after a real flow, /readyz bounded when the store
 * hangs (a real redis-server paused with SIGSTOP), a store outage logged once and answered with "please try
 * again", and SIGTERM's order: readiness fails first, work in flight drains, then the app stops.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { adminMessages, clickButton, openContactModal, submitContactModal } from '../helpers/flow.js';
import { ADMIN, ADMIN_CHANNEL, REQUESTER, startTestBot, type TestBot } from '../helpers/test-bot.js';

const DANA = {
  contactName: 'Dana_Ops',
  describe: 'Dana Ops, DBA (via Slack)',
  mail: 'dana.ops@example.com',
  lang: 'en',
};
const REDIS_SERVER = '/usr/bin/redis-server';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Prometheus text exposition → samples (name, labels, value); comments skipped. */
function parseExposition(text: string): Array<{ name: string; labels: Record<string, string>; value: number }> {
  const samples: Array<{ name: string; labels: Record<string, string>; value: number }> = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      labels[pair[1] as string] = pair[2] as string;
    samples.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The value of one sample, or undefined. */
function sample(
  samples: ReturnType<typeof parseExposition>,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value))
    ?.value;
}

async function scrape(t: TestBot) {
  const response = await fetch(`${t.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(await response.text());
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('operations endpoints and shutdown', () => {
  let t: TestBot | undefined;
  let redis: ChildProcess | undefined;
  afterEach(async () => {
    if (redis?.pid) process.kill(redis.pid, 'SIGCONT');
    await t?.close();
    redis?.kill('SIGKILL');
    t = undefined;
    redis = undefined;
  });

  it('/metrics counts a whole flow: requests, decisions, CloudMonitor calls and latency, Slack errors, backlog, event-loop lag', async () => {
    t = await startTestBot({ env: { RESUME_AFTER: '1s' } });
    t.slack.setBotMembership(ADMIN_CHANNEL, false);
    const { view } = await openContactModal(t, REQUESTER);
    await submitContactModal(t, REQUESTER, view, DANA);
    let samples = await scrape(t);
    expect(sample(samples, 'alert_contact_requests_total', { kind: 'create', outcome: 'submitted' })).toBe(1);
    expect(
      sample(samples, 'alert_contact_slack_api_errors_total', {
        method: 'chat.postMessage',
        code: 'channel_not_found',
      }),
    ).toBe(1);
    expect(sample(samples, 'alert_contact_backlog', { queue: 'pending' })).toBe(1);
    expect(sample(samples, 'alert_contact_backlog', { queue: 'unposted' })).toBe(1);

    t.slack.setBotMembership(ADMIN_CHANNEL, true);
    const posted = await t.slack.waitFor(() => adminMessages(t as TestBot)[0], 10_000);
    await clickButton(t, ADMIN, posted, 'approve_request');
    await t.slack.waitFor(() => (t?.slack.dms(REQUESTER).length ?? 0) >= 2 || undefined); // "not posted yet", then the outcome
    samples = await scrape(t);
    expect(sample(samples, 'alert_contact_requests_total', { kind: 'create', outcome: 'registered' })).toBe(1);
    expect(sample(samples, 'alert_contact_decisions_total', { action: 'approve' })).toBe(1);
    expect(sample(samples, 'alert_contact_cloudmonitor_calls_total', { action: 'PutContact', outcome: 'ok' })).toBe(1);
    expect(
      sample(samples, 'alert_contact_cloudmonitor_call_duration_seconds_count', {
        action: 'PutContact',
        outcome: 'ok',
      }),
    ).toBe(1);
    expect(
      sample(samples, 'alert_contact_cloudmonitor_call_duration_seconds_bucket', {
        action: 'PutContact',
        outcome: 'ok',
        le: '+Inf',
      }),
    ).toBe(1);
    expect(sample(samples, 'alert_contact_backlog', { queue: 'pending' })).toBe(0);
    expect(sample(samples, 'alert_contact_backlog', { queue: 'untold' })).toBe(0);
    expect(sample(samples, 'alert_contact_backlog', { queue: 'name_lookups' })).toBe(0);
    expect(sample(samples, 'alert_contact_nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(samples, 'alert_contact_process_cpu_user_seconds_total')).toBeGreaterThan(0);
    // debug adds call details without secrets
    const debug = t.logs.filter((line) => line.includes('"level":20'));
    expect(
      debug.some(
        (line) => line.includes('"slackMethod":"chat.postMessage"') && line.includes('"code":"channel_not_found"'),
      ),
    ).toBe(true);
    expect(debug.some((line) => line.includes('"cmsAction":"PutContact"') && line.includes('"outcome":"ok"'))).toBe(
      true,
    );
    expect(t.logs.join('\n')).not.toContain(t.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET);
    expect(t.logs.join('\n')).not.toContain(t.env.SLACK_BOT_TOKEN);
  });

  it('on stop (SIGTERM): /readyz fails first while requests are still taken, work in flight finishes, then the app stops', async () => {
    t = await startTestBot({ app: { readinessDrainMs: 600 } });
    const { view } = await openContactModal(t, REQUESTER);
    await submitContactModal(t, REQUESTER, view, DANA);
    const posted = await t.slack.waitFor(() => adminMessages(t as TestBot)[0]);
    t.cms.setLatency(1_500, 'PutContact');
    await clickButton(t, ADMIN, posted, 'approve_request');
    await t.slack.waitFor(() => (t?.cms.requestsFor('PutContact').length ?? 0) > 0 || undefined);
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
    const stopping = t.stop();
    const during = await fetch(`${t.url}/readyz`);
    expect(during.status).toBe(503);
    expect(await during.json()).toMatchObject({ error: 'shutting down' });
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200); // still serving while readiness drains
    await stopping;
    // The approval in PutContact when stop began was finished before stop resolved: the requester was told.
    expect(t.cms.requestsFor('PutContact')).toHaveLength(1);
    expect(
      t.slack.dms(REQUESTER).some((message) => JSON.stringify(message.blocks ?? message.text).includes('Dana_Ops')),
    ).toBe(true);
  });

  it.skipIf(!existsSync(REDIS_SERVER))(
    'store hangs (redis-server paused): /readyz 503 within 1 s, outage logged once naming STORE_URL, the form says "try again" in time',
    async () => {
      const port = await freePort();
      redis = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
        stdio: 'ignore',
      });
      const url = `redis://127.0.0.1:${port}`;
      for (let i = 0; i < 50; i += 1) {
        const up = await fetch(`http://127.0.0.1:${port}`).then(
          () => true,
          (error: { cause?: { code?: string } }) => error.cause?.code !== 'ECONNREFUSED',
        );
        if (up) break;
        await sleep(100);
      }
      t = await startTestBot({ env: { STORE_URL: url } });
      const { view } = await openContactModal(t, REQUESTER);
      expect((await fetch(`${t.url}/readyz`)).status).toBe(200);

      process.kill(redis.pid as number, 'SIGSTOP');
      for (let i = 0; i < 2; i += 1) {
        const started = Date.now();
        const ready = await fetch(`${t.url}/readyz`);
        expect(ready.status).toBe(503);
        expect(Date.now() - started).toBeLessThan(1_000);
      }
      const started = Date.now();
      const ack = await submitContactModal(t, REQUESTER, view, DANA);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(ack.json).toMatchObject({ response_action: 'errors' });
      expect(JSON.stringify(ack.json)).toContain('Please try again');
      const outage = t.logs.filter((line) => line.includes('does not answer'));
      expect(outage).toHaveLength(1);
      expect(outage[0]).toContain('STORE_URL');
      expect(outage[0]).toContain(`"storeUrl":"${url}"`);

      process.kill(redis.pid as number, 'SIGCONT');
      await t.slack.waitFor(async () => undefined, 1).catch(() => undefined);
      for (let i = 0; i < 30 && (await fetch(`${t.url}/readyz`)).status !== 200; i += 1) await sleep(100);
      expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
      expect(t.logs.filter((line) => line.includes('answers again'))).toHaveLength(1);
    },
  );
});
