/**
 * The command path for a person the bot has seen (issue: "a known person costs no users.info on the way to
 * views.open"): the Slack profile the form is prefilled from is kept in the store, refreshed by `user_change`
 * events (https://docs.slack.dev/reference/events/user_change), with a time-to-live fallback. Driven over signed
 * HTTP against the fake Slack, which records every Web API call.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BLOCK_ID } from '../../src/slack/ids.js';
import { openContactModal } from '../helpers/flow.js';
import { sendEvent } from '../helpers/slack-driver.js';
import { REQUESTER, SIGNING_SECRET, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { waitUntil } from '../helpers/wait.js';

let t: TestBot | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

function initial(view: { blocks?: unknown[] }, blockId: string): string | undefined {
  const block = (view.blocks as Array<{ block_id?: string; element?: { initial_value?: string } }>).find(
    (candidate) => candidate.block_id === blockId,
  );
  return block?.element?.initial_value;
}

const usersInfoFor = (bot: TestBot, userId: string) =>
  bot.slack.callsTo('users.info').filter((call) => call.args.user === userId).length;

describe('Slack profiles kept in the store', () => {
  it('a second /alert-contact costs no users.info; a user_change event refreshes the prefill without one', async () => {
    const bot = await startTestBot();
    t = bot;
    const first = await openContactModal(bot, REQUESTER);
    expect(initial(first.view, BLOCK_ID.mail)).toBe('dana.ops@example.com');
    const afterFirst = usersInfoFor(bot, REQUESTER);
    expect(afterFirst).toBeGreaterThanOrEqual(1);

    const second = await openContactModal(bot, REQUESTER);
    expect(initial(second.view, BLOCK_ID.mail)).toBe('dana.ops@example.com');
    expect(usersInfoFor(bot, REQUESTER)).toBe(afterFirst);

    const changed = {
      type: 'user_change',
      user: {
        id: REQUESTER,
        name: 'dana',
        real_name: 'Dana Ops',
        deleted: false,
        profile: { real_name: 'Dana Ops', email: 'dana.new@example.com', phone: '', title: 'DBA' },
      },
      event_ts: '1700000000.000400',
    };
    await sendEvent(bot.url, SIGNING_SECRET, changed, { eventId: 'EvPROFILE0001' });
    const third = await waitUntil(
      async () => {
        const opened = await openContactModal(bot, REQUESTER);
        return initial(opened.view, BLOCK_ID.mail) === 'dana.new@example.com' ? opened : undefined;
      },
      { timeoutMs: 5_000, what: 'the form prefilled with the changed e-mail' },
    );
    expect(initial(third.view, BLOCK_ID.mail)).toBe('dana.new@example.com');
    expect(usersInfoFor(bot, REQUESTER)).toBe(afterFirst);
  });
});
