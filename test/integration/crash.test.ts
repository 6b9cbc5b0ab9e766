import { afterEach, describe, expect, it } from 'vitest';
import { type FakeCloudMonitor, startFakeCloudMonitor } from '../fakes/cloudmonitor.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack-web-api.js';
import { type BotProcess, startBotProcess } from '../helpers/bot-process.js';
import {
  adminMessages,
  clickButton,
  findButton,
  messageText,
  openContactModal,
  submitContactModal,
} from '../helpers/flow.js';
import { ADMIN, BOT_TOKEN, botEnv, REQUESTER } from '../helpers/test-bot.js';

describe('kill -9 in the middle of an approval', () => {
  let slack: FakeSlack | undefined;
  let cms: FakeCloudMonitor | undefined;
  const procs: BotProcess[] = [];
  afterEach(async () => {
    await Promise.all(procs.splice(0).map((p) => p.kill('SIGKILL')));
    await slack?.close();
    await cms?.close();
  });

  it.each([
    ['while PutContact is unanswered', 'PutContact'],
    ['after registering, before the requester is told', 'DescribeContactList'],
  ])(
    'ends with the request registered and the requester told after a restart (killed %s)',
    async (_when, slowAction) => {
      slack = await startFakeSlack({
        botToken: BOT_TOKEN,
        users: [
          { id: REQUESTER, name: 'dana', realName: 'Dana Ops' },
          { id: ADMIN, name: 'admin' },
        ],
      });
      const fakeCms = await startFakeCloudMonitor();
      cms = fakeCms;
      const env = botEnv({ slack, cms: fakeCms }, { RESUME_AFTER: '1s' });
      const first = await startBotProcess(env);
      procs.push(first);
      const target = { url: first.url, slack };
      const { view } = await openContactModal(target, REQUESTER);
      await submitContactModal(target, REQUESTER, view, {
        contactName: 'dana_ops',
        describe: 'DBA',
        mail: 'dana.ops@example.com',
      });
      const postedLive = await slack.waitFor(() => adminMessages(target)[0]);
      // The new name's lookup (after the post) has answered and updated the message before CloudMonitor slows down.
      const posted = structuredClone(
        await slack.waitFor(() => (postedLive.updates > 0 ? adminMessages(target)[0] : undefined)),
      );
      fakeCms.setLatency(5_000, slowAction);
      await clickButton(target, ADMIN, posted, 'approve_request');
      // The kill lands while the slow call is unanswered: PutContact itself, or the DescribeContactList that
      // builds the requester's DM (the admin message already says registered by then).
      await slack.waitFor(() =>
        slowAction === 'PutContact'
          ? fakeCms.requestsFor('PutContact').length > 0 || undefined
          : messageText(adminMessages(target)[0] ?? {}).includes('Registered in CloudMonitor') || undefined,
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await first.kill('SIGKILL')).toMatchObject({ signal: 'SIGKILL' });
      expect(slack.dms(REQUESTER).filter((m) => messageText(m).includes('is registered'))).toHaveLength(0);

      fakeCms.setLatency(0);
      const second = await startBotProcess(env);
      procs.push(second);
      const dm = await slack.waitFor(
        () => slack?.dms(REQUESTER).find((m) => messageText(m).includes('is registered')),
        15_000,
      );
      expect(dm).toBeDefined();
      const message = adminMessages(target)[0];
      expect(messageText(message ?? {})).toContain('Registered in CloudMonitor');
      expect(message && findButton(message, 'retry_request')).toBeUndefined();
      expect(fakeCms.contacts.get('dana_ops')?.Channels.Mail).toBe('dana.ops@example.com');
    },
    60_000,
  );
});
