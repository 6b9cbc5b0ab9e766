import { afterEach, describe, expect, it } from 'vitest';
import { adminMessages, clickButton, messageText, openContactModal, submitContactModal } from '../../helpers/flow.js';
import { freshRedisUrl, REDIS_URL } from '../../helpers/redis.js';
import { ADMIN, REQUESTER, startTestBot, type TestBot } from '../../helpers/test-bot.js';

describe.skipIf(!REDIS_URL)('the whole flow with STORE_URL=redis://', () => {
  let t: TestBot | undefined;
  afterEach(async () => {
    await t?.close();
  });

  it('registers a contact with state in Redis', async () => {
    const bot = await startTestBot({ env: { STORE_URL: await freshRedisUrl(), REMINDER_DELAYS: '1s' } });
    t = bot;
    const { view } = await openContactModal(bot, REQUESTER);
    await submitContactModal(bot, REQUESTER, view, {
      contactName: 'dana_ops',
      describe: 'DBA',
      mail: 'dana.ops@example.com',
    });
    const posted = structuredClone(await bot.slack.waitFor(() => adminMessages(bot).at(-1)));
    await clickButton(bot, ADMIN, posted, 'approve_request');
    await bot.slack.waitFor(() => bot.slack.dms(REQUESTER).find((m) => messageText(m).includes('is registered')));
    await bot.slack.waitFor(() => bot.slack.dms(REQUESTER).find((m) => messageText(m).includes('Reminder')), 6_000);
    expect(bot.cms.requestsFor('PutContact')).toHaveLength(1);
    expect((await bot.deps.requests.registeredContactOf(REQUESTER))?.contact.ContactName).toBe('dana_ops');
  });
});
