import { afterEach, describe, expect, it } from 'vitest';
import { COMMAND } from '../../src/slack/ids.js';
import { APP_TOKEN, REQUESTER, startTestBot, type TestBot } from '../helpers/test-bot.js';

describe('Socket Mode (SLACK_APP_TOKEN set)', () => {
  let t: TestBot | undefined;
  afterEach(async () => {
    await t?.close();
  });

  it('connects through apps.connections.open, acks a slash-command envelope and opens the modal', async () => {
    const bot = await startTestBot({ env: { SLACK_APP_TOKEN: APP_TOKEN } });
    t = bot;
    // No Slack requests over HTTP in Socket Mode; PORT serves the health and metrics endpoints only.
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);
    const metrics = await fetch(`${bot.url}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await metrics.text()).toContain('alert_contact_nodejs_eventloop_lag_seconds');
    expect((await fetch(`${bot.url}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
    await bot.slack.socket.connected();
    expect(bot.slack.callsTo('apps.connections.open').some((call) => call.ok)).toBe(true);
    const trigger = bot.slack.mintTriggerId();
    const ack = await bot.slack.socket.send('slash_commands', {
      token: 'x',
      team_id: bot.slack.teamId,
      team_domain: 'acme',
      channel_id: 'C0ALERTS1',
      channel_name: 'alerts',
      user_id: REQUESTER,
      user_name: 'dana',
      command: COMMAND,
      text: '',
      api_app_id: bot.slack.appId,
      is_enterprise_install: 'false',
      response_url: bot.slack.mintResponseUrl(),
      trigger_id: trigger,
    });
    expect(ack === undefined || typeof ack === 'object').toBe(true);
    const opened = await bot.slack.waitFor(() =>
      bot.slack.callsTo('views.open').find((call) => call.args.trigger_id === trigger && call.ok),
    );
    expect(JSON.stringify(opened.args.view)).toContain('alert_contact_modal');
  });
});
