import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeCloudMonitor, startFakeCloudMonitor } from '../fakes/cloudmonitor.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack-web-api.js';
import { type BotProcess, startBotProcess } from '../helpers/bot-process.js';
import { adminMessages, findButton, messageText, openContactModal, submitContactModal } from '../helpers/flow.js';
import { freshRedisUrl, REDIS_URL } from '../helpers/redis.js';
import { buildBlockActions, sendInteraction } from '../helpers/slack-driver.js';
import { ADMIN, BOT_TOKEN, botEnv, OTHER_USER, REQUESTER, SECOND_ADMIN, SIGNING_SECRET } from '../helpers/test-bot.js';
import { waitUntilQuiet } from '../helpers/wait.js';

describe.skipIf(!REDIS_URL)('two replicas sharing one Redis', () => {
  let slack: FakeSlack;
  let cms: FakeCloudMonitor;
  let a: BotProcess;
  let b: BotProcess;

  beforeAll(async () => {
    slack = await startFakeSlack({
      botToken: BOT_TOKEN,
      users: [
        { id: REQUESTER, name: 'dana', realName: 'Dana Ops', email: 'dana.ops@example.com' },
        { id: OTHER_USER, name: 'li', realName: 'Li Wei' },
        { id: ADMIN, name: 'admin' },
        { id: SECOND_ADMIN, name: 'admin2' },
      ],
    });
    cms = await startFakeCloudMonitor();
    const env = botEnv({ slack, cms }, { STORE_URL: await freshRedisUrl(), REMINDER_DELAYS: '1500ms,3s' });
    [a, b] = await Promise.all([startBotProcess(env), startBotProcess(env)]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a?.kill(), b?.kill()]);
    await slack?.close();
    await cms?.close();
  });

  it('gives one PutContact, one message outcome and one DM for concurrent and replayed clicks across replicas; reminders go out once', async () => {
    // The modal is opened through one replica and submitted through the other.
    const { view } = await openContactModal({ url: a.url, slack }, REQUESTER);
    await submitContactModal({ url: b.url, slack }, REQUESTER, view, {
      contactName: 'dana_ops',
      describe: 'DBA',
      mail: 'dana.ops@example.com',
      sms: '13800001234',
    });
    const posted = structuredClone(await slack.waitFor(() => adminMessages({ url: a.url, slack })[0]));
    const approve = findButton(posted, 'approve_request');
    const reject = findButton(posted, 'reject_request');
    if (!approve || !reject) throw new Error('approval buttons missing');
    cms.setLatency(400, 'PutContact');

    const click = (user: string, button: typeof approve) =>
      buildBlockActions({
        user: { id: user },
        action: button,
        container: { type: 'message', channel_id: posted.channel, message_ts: posted.ts },
        message: posted,
        triggerId: slack.mintTriggerId(),
        responseUrl: slack.mintResponseUrl({ channel: posted.channel, messageTs: posted.ts }),
      });
    const first = click(ADMIN, approve);
    const responses = await Promise.all([
      sendInteraction(a.url, SIGNING_SECRET, first),
      sendInteraction(b.url, SIGNING_SECRET, first), // the same payload delivered twice
      sendInteraction(b.url, SIGNING_SECRET, click(SECOND_ADMIN, approve)),
      sendInteraction(a.url, SIGNING_SECRET, click(SECOND_ADMIN, approve)),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    await slack.waitFor(() => slack.dms(REQUESTER).find((m) => messageText(m).includes('is registered')), 10_000);
    // Reminders (1.5 s, 3 s) are swept by both replicas; each goes out once.
    await slack.waitFor(
      () => slack.dms(REQUESTER).filter((m) => messageText(m).includes('Reminder')).length >= 2 || undefined,
      10_000,
    );
    await waitUntilQuiet({ slack, cms }, { quietMs: 1_500, timeoutMs: 10_000 });

    expect(cms.requestsFor('PutContact')).toHaveLength(1);
    const dms = slack.dms(REQUESTER).map(messageText);
    expect(dms.filter((m) => m.includes('is registered'))).toHaveLength(1);
    expect(dms.filter((m) => m.includes('Reminder'))).toHaveLength(2);
    const message = adminMessages({ url: a.url, slack })[0];
    expect(messageText(message ?? {})).toContain('Registered in CloudMonitor');
    // One decision: the message went pending → approving → registered, whatever the number of clicks.
    // (plus, when the new name's lookup answered before the first click, the update that adds its finding).
    expect(message?.updates).toBeGreaterThanOrEqual(2);
    expect(message?.updates).toBeLessThanOrEqual(3);
  }, 60_000);
});
