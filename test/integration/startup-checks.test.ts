import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../fakes/slack-web-api.js';
import { ADMIN, ADMIN_CHANNEL, BOT_TOKEN, SECOND_ADMIN, startTestBot, type TestBot } from '../helpers/test-bot.js';

/** Warn lines (pino level 40) logged so far, parsed. */
const warnings = (t: TestBot) =>
  t.logs.map((line) => JSON.parse(line) as { level: number; msg: string }).filter((line) => line.level === 40);

describe('start-up checks of the Slack setup (issue 10)', () => {
  let t: TestBot | undefined;
  let slack: FakeSlack | undefined;
  afterEach(async () => {
    await t?.close();
    await slack?.close();
    t = undefined;
    slack = undefined;
  });

  it('warns, naming the setting and the fix, when the bot is not in the admin channel and an admin is gone or deactivated', async () => {
    slack = await startFakeSlack({
      botToken: BOT_TOKEN,
      users: [{ id: SECOND_ADMIN, name: 'admin2', deleted: true }],
      channels: [{ id: ADMIN_CHANNEL, name: 'alert-admins', isMember: false }],
    });
    t = await startTestBot({ slack });
    await slack.waitFor(
      () => warnings(t as TestBot).filter((line) => /SLACK_ADMIN/.test(line.msg)).length >= 3 || undefined,
    );
    const lines = warnings(t).map((line) => line.msg);
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(`not a member of SLACK_ADMIN_CHANNEL_ID ${ADMIN_CHANNEL} \\(#alert-admins\\).*/invite`),
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`SLACK_ADMIN_USER_IDS lists ${ADMIN}, which Slack does not know`)),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`SLACK_ADMIN_USER_IDS lists ${SECOND_ADMIN}, who is deactivated`)),
    );
    expect(slack.callsTo('conversations.info')[0]?.args.channel).toBe(ADMIN_CHANNEL);
  });

  it('warns when the admin channel is private and the bot is not in it (Slack answers channel_not_found)', async () => {
    slack = await startFakeSlack({
      botToken: BOT_TOKEN,
      users: [{ id: ADMIN }, { id: SECOND_ADMIN }],
      channels: [{ id: ADMIN_CHANNEL, isPrivate: true, isMember: false }],
    });
    t = await startTestBot({ slack });
    const line = await slack.waitFor(() =>
      warnings(t as TestBot).find((candidate) => candidate.msg.includes('SLACK_ADMIN_CHANNEL_ID')),
    );
    expect(line.msg).toMatch(/was not found, or is a private channel the bot is not in.*\/invite/);
  });

  it('says nothing when the bot is in the channel and the admins are active', async () => {
    t = await startTestBot();
    await t.slack.waitFor(() => t?.slack.callsTo('users.info').filter((call) => call.args.user === SECOND_ADMIN)[0]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(warnings(t).filter((line) => /SLACK_ADMIN/.test(line.msg))).toEqual([]);
  });
});
