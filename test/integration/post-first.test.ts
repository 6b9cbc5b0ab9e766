/**
 * A new contact's approval message is posted first and its name looked up in CloudMonitor afterwards (the finding is
 * added to the message), so the admins never wait for the CloudMonitor queue. An Approve that comes before the
 * lookup never overwrites a contact nobody registered through the bot: carrying it out looks itself and stops with
 * the comparison shown, and Retry then overwrites knowingly. Real app over signed HTTP, fake CloudMonitor answering
 * DescribeContactList slowly.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION_ID } from '../../src/slack/ids.js';
import {
  adminMessages,
  clickButton,
  findButton,
  messageText,
  requestIdOf,
  submitForApproval,
} from '../helpers/flow.js';
import { ADMIN, REQUESTER, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { waitUntil } from '../helpers/wait.js';

const FORM = { contactName: 'dana_ops', describe: 'DBA on call', mail: 'dana.ops@example.com' };
const CHECKING = 'Checking whether this name already exists in CloudMonitor';

let t: TestBot | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const currentMessage = (bot: TestBot, ts: string): { text?: string; blocks?: unknown[] } =>
  adminMessages(bot).find((message) => message.ts === ts) ?? {};

describe('post first, then look the name up', () => {
  it('posts a new contact before DescribeContactList answers, then adds the finding to the message', async () => {
    const bot = await startTestBot();
    t = bot;
    bot.cms.setLatency(1_500, 'DescribeContactList');
    const posted = await submitForApproval(bot, REQUESTER, FORM);
    // Posted while the lookup was still waiting for CloudMonitor's answer.
    expect(messageText(posted)).toContain(CHECKING);
    expect(bot.cms.requestsFor('DescribeContactList').filter((r) => r.params.ContactName === 'dana_ops')).toHaveLength(
      0,
    );
    await bot.slack.waitFor(
      () => (messageText(currentMessage(bot, posted.ts)).includes(CHECKING) ? undefined : true),
      5_000,
    );
    expect(messageText(currentMessage(bot, posted.ts))).not.toContain('already exists in CloudMonitor and was not');
    expect(findButton(currentMessage(bot, posted.ts), ACTION_ID.approve)).toBeDefined();
  });

  it('an Approve before the lookup never overwrites an unowned contact unseen; Retry then overwrites it once', async () => {
    const bot = await startTestBot();
    t = bot;
    bot.cms.seedContact({
      Name: 'dana_ops',
      Desc: 'made in the console',
      Channels: { Mail: 'someone.else@example.com' },
    });
    bot.cms.setLatency(1_500, 'DescribeContactList');
    const posted = await submitForApproval(bot, REQUESTER, FORM);
    expect(messageText(posted)).toContain(CHECKING);
    const requestId = requestIdOf(posted);
    await clickButton(bot, ADMIN, posted, ACTION_ID.approve);
    const failed = await waitUntil(
      async () => {
        const request = await bot.deps.requests.get(requestId);
        return request?.status === 'failed' ? request : undefined;
      },
      { timeoutMs: 10_000, what: 'the approval stopped before overwriting' },
    );
    expect(failed.result?.code).toBe('ContactExistsUnowned');
    expect(failed.overwritesUnowned).toBe(true);
    expect(bot.cms.requestsFor('PutContact')).toHaveLength(0);
    expect(bot.cms.contacts.get('dana_ops')?.Channels.Mail).toBe('someone.else@example.com');
    const shown = await bot.slack.waitFor(() => {
      const message = adminMessages(bot).find((candidate) => candidate.ts === posted.ts);
      return message && findButton(message, ACTION_ID.retry) ? message : undefined;
    });
    expect(messageText(shown)).toContain('was not registered through this bot');

    await clickButton(bot, ADMIN, structuredClone(shown), ACTION_ID.retry);
    await waitUntil(async () => (await bot.deps.requests.get(requestId))?.status === 'registered', {
      timeoutMs: 10_000,
      what: 'registered after Retry',
    });
    expect(bot.cms.requestsFor('PutContact').filter((r) => r.status === 200)).toHaveLength(1);
    expect(bot.cms.contacts.get('dana_ops')?.Channels.Mail).toBe('dana.ops@example.com');
  });
});
