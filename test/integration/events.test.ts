import { afterEach, describe, expect, it } from 'vitest';
import { freshRedisUrl, REDIS_URL } from '../helpers/redis.js';
import { sendEvent } from '../helpers/slack-driver.js';
import { REQUESTER, SIGNING_SECRET, startTestBot, type TestBot } from '../helpers/test-bot.js';

const mention = {
  type: 'app_mention',
  user: REQUESTER,
  text: '<@U0BOTUSR1> hi',
  ts: '1700000000.000200',
  channel: 'C0ALERTS1',
  event_ts: '1700000000.000200',
};

describe('Events API redeliveries', () => {
  const bots: TestBot[] = [];
  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.close();
  });

  /** Counts deliveries that reach a listener on the real app (registered here only to observe the middleware). */
  function countDeliveries(bot: TestBot, seen: string[]) {
    bot.bot.app.event('app_mention', async ({ body }) => {
      seen.push((body as { event_id: string }).event_id);
    });
  }

  it('handles an event once, whatever the retries (X-Slack-Retry-Num)', async () => {
    const bot = await startTestBot();
    bots.push(bot);
    const seen: string[] = [];
    countDeliveries(bot, seen);
    const first = await sendEvent(bot.url, SIGNING_SECRET, mention, { eventId: 'Ev0000000001' });
    const retry1 = await sendEvent(bot.url, SIGNING_SECRET, mention, {
      eventId: 'Ev0000000001',
      retryNum: 1,
      retryReason: 'http_timeout',
    });
    const retry2 = await sendEvent(bot.url, SIGNING_SECRET, mention, {
      eventId: 'Ev0000000001',
      retryNum: 2,
      retryReason: 'http_error',
    });
    const other = await sendEvent(bot.url, SIGNING_SECRET, mention, { eventId: 'Ev0000000002' });
    expect([first, retry1, retry2, other].map((r) => r.status)).toEqual([200, 200, 200, 200]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen).toEqual(['Ev0000000001', 'Ev0000000002']);
  });

  it.skipIf(!REDIS_URL)('handles an event once across two replicas sharing Redis', async () => {
    const storeUrl = await freshRedisUrl();
    const a = await startTestBot({ env: { STORE_URL: storeUrl } });
    bots.push(a);
    const b = await startTestBot({ env: { STORE_URL: storeUrl }, slack: a.slack, cms: a.cms });
    bots.push(b);
    const seen: string[] = [];
    countDeliveries(a, seen);
    countDeliveries(b, seen);
    await Promise.all([
      sendEvent(a.url, SIGNING_SECRET, mention, { eventId: 'Ev0000000003' }),
      sendEvent(b.url, SIGNING_SECRET, mention, { eventId: 'Ev0000000003', retryNum: 1, retryReason: 'http_timeout' }),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen).toEqual(['Ev0000000003']);
  });
});
