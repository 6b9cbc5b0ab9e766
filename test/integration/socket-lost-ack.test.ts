import { afterEach, describe, expect, it } from 'vitest';
import { BLOCK_ID, COMMAND } from '../../src/slack/ids.js';
import type { FakeView } from '../fakes/slack-web-api.js';
import { adminMessages, contactValues } from '../helpers/flow.js';
import { buildViewSubmission } from '../helpers/slack-driver.js';
import { APP_TOKEN, REQUESTER, startTestBot, type TestBot } from '../helpers/test-bot.js';

/** Runs the slash command over the socket and resolves with the modal once it holds the form. */
async function openModalOverSocket(bot: TestBot): Promise<FakeView> {
  await bot.slack.socket.connected();
  await bot.slack.socket.send('slash_commands', {
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
    trigger_id: bot.slack.mintTriggerId(),
  });
  return bot.slack.waitFor(() =>
    [...bot.slack.views.values()].find((candidate) =>
      JSON.stringify(candidate.blocks).includes(`"${BLOCK_ID.describe}"`),
    ),
  );
}

/**
 * Submits the contact form over the socket; the fake cuts the connection right after delivering the envelope, so
 * the bot's ack cannot reach Slack (the person sees Slack's error). Resolves with the epoch ms of the submission.
 */
async function submitAndDrop(bot: TestBot, view: FakeView): Promise<number> {
  const payload = buildViewSubmission({
    user: { id: REQUESTER },
    view,
    values: contactValues({
      contactName: 'Dana_Ops',
      describe: 'Dana Ops, DBA (via Slack)',
      mail: 'dana.ops@example.com',
      lang: 'en',
    }),
    triggerId: bot.slack.mintTriggerId(),
  });
  const submitted = Date.now();
  await expect(bot.slack.socket.send('interactive', payload, { dropConnection: true })).rejects.toThrow(
    /connection dropped/,
  );
  return submitted;
}

/** The DMs to the requester about Dana_Ops. */
function dmsAboutRequest(bot: TestBot) {
  return bot.slack.dms(REQUESTER).filter((message) => (message.text ?? '').includes('Dana_Ops'));
}

describe('Socket Mode: a submission whose ack is lost to a socket drop (issue 10)', () => {
  let t: TestBot | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('posts the stored request at once and DMs the person that it was received and sent to the admins', async () => {
    const bot = await startTestBot({ env: { SLACK_APP_TOKEN: APP_TOKEN } });
    t = bot;
    const view = await openModalOverSocket(bot);
    const submitted = await submitAndDrop(bot, view);

    const posted = await bot.slack.waitFor(() => adminMessages(bot)[0], 5_000);
    // Well within the sweeper's 30 s: the stored request was forwarded at once.
    expect(posted.history[0]?.at ?? Number.POSITIVE_INFINITY).toBeLessThan(submitted + 3_000);
    const dm = await bot.slack.waitFor(() => dmsAboutRequest(bot)[0], 5_000);
    expect(dm.history[0]?.at ?? Number.POSITIVE_INFINITY).toBeLessThan(submitted + 3_000);
    expect(dm.text).toContain('was received and sent to the alert-contact admins');
    expect(dm.text).toContain('No need to submit it again');

    // The client reconnects (after its reconnect delay); nothing else is posted or said.
    await bot.slack.socket.connected(15_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(adminMessages(bot)).toHaveLength(1);
    expect(dmsAboutRequest(bot)).toHaveLength(1);
  }, 30_000);

  it('when the admin post is slower than the ack: the DM still comes once the post went through', async () => {
    const bot = await startTestBot({ env: { SLACK_APP_TOKEN: APP_TOKEN } });
    t = bot;
    const view = await openModalOverSocket(bot);
    bot.slack.setLatency('chat.postMessage', 2_500);
    const submitted = await submitAndDrop(bot, view);

    const posted = await bot.slack.waitFor(() => adminMessages(bot)[0], 8_000);
    expect(posted.history[0]?.at ?? Number.POSITIVE_INFINITY).toBeLessThan(submitted + 5_000);
    const dm = await bot.slack.waitFor(() => dmsAboutRequest(bot)[0], 8_000);
    expect(dm.text).toContain('was received and sent to the alert-contact admins');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(adminMessages(bot)).toHaveLength(1);
    expect(dmsAboutRequest(bot)).toHaveLength(1);
    // The ack was lost: the modal is not updated behind the person's back with "sent" (the DM says it).
    expect(bot.slack.callsTo('views.update').filter((call) => call.args.view_id === view.id)).toHaveLength(0);
  }, 30_000);
});
