import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPutContactParams } from '../../src/cms/client.js';
import { parseContact } from '../../src/contact/schema.js';
import { BLOCK_ID, INPUT_ACTION_ID } from '../../src/slack/ids.js';
import type { FakeView } from '../fakes/slack-web-api.js';
import { openContactModal } from '../helpers/flow.js';
import { buildViewSubmission, sendInteraction } from '../helpers/slack-driver.js';
import { REQUESTER, SIGNING_SECRET, startTestBot, type TestBot } from '../helpers/test-bot.js';

const INPUT_BLOCKS = [
  BLOCK_ID.contactName,
  BLOCK_ID.describe,
  BLOCK_ID.mail,
  BLOCK_ID.sms,
  BLOCK_ID.aliIm,
  BLOCK_ID.dingWebHook,
  BLOCK_ID.lang,
];

/** Strings people (or attackers) may paste: controls, lone surrogates, RTL marks, zero-width spaces, full-width digits, emoji, huge. */
const nastyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({
    unit: fc.constantFrom(
      '\u202E',
      '\u200B',
      '\u200D',
      '\uD83D',
      '\uDE00',
      '１',
      '３',
      '８',
      '０',
      '😀',
      '李',
      'a',
      '@',
      '.',
      '-',
      '_',
      ' ',
      '<',
      '>',
      '&',
      '\n',
    ),
    maxLength: 50,
  }),
  fc.constantFrom(
    '13800001234',
    '+86 138 0000 1234',
    '１３８００００１２３４',
    'dana@example.com',
    'https://oapi.dingtalk.com/robot/send?access_token=abc',
    'dana_ops',
    'en',
    'zh-cn',
    '<!channel>',
  ),
  fc.string({ minLength: 3000, maxLength: 5000 }),
);
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.constant(null),
  fc.integer(),
  fc.boolean(),
  fc.array(nastyString, { maxLength: 3 }),
  fc.object({ maxDepth: 2 }),
);
const element = fc.oneof(
  fc.record(
    { type: fc.constantFrom('plain_text_input', 'email_text_input', 'url_text_input'), value: anyValue },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      type: fc.constant('static_select'),
      selected_option: fc.oneof(fc.constant(null), fc.record({ value: anyValue }, { requiredKeys: [] }), anyValue),
    },
    { requiredKeys: [] },
  ),
  anyValue,
);
const block = fc.oneof(
  fc.dictionary(fc.oneof(fc.constant(INPUT_ACTION_ID), fc.string({ maxLength: 5 })), element, { maxKeys: 2 }),
  anyValue,
);
const randomValues = fc.dictionary(fc.oneof(fc.constantFrom(...INPUT_BLOCKS), fc.string({ maxLength: 8 })), block, {
  maxKeys: 9,
});
/** A plausible form where each field is either a valid value or something nasty: reaches both answers. */
const text = (valid: string) =>
  fc.record({
    type: fc.constant('plain_text_input'),
    value: fc.oneof(fc.constant(valid), fc.constant(valid), nastyString, fc.constant(null)),
  });
const nearlyValid = fc.record(
  {
    [BLOCK_ID.contactName]: fc.dictionary(fc.constant(INPUT_ACTION_ID), text('dana_ops'), { minKeys: 1 }),
    [BLOCK_ID.describe]: fc.dictionary(fc.constant(INPUT_ACTION_ID), text('DBA on call 😀'), { minKeys: 1 }),
    [BLOCK_ID.mail]: fc.dictionary(fc.constant(INPUT_ACTION_ID), text('Dana+cms@Example.COM'), { minKeys: 1 }),
    [BLOCK_ID.sms]: fc.dictionary(fc.constant(INPUT_ACTION_ID), text('１３８ ００００ １２３４'), { minKeys: 1 }),
    [BLOCK_ID.aliIm]: fc.dictionary(fc.constant(INPUT_ACTION_ID), text('dana_im'), { minKeys: 1 }),
    [BLOCK_ID.dingWebHook]: fc.dictionary(
      fc.constant(INPUT_ACTION_ID),
      text('https://oapi.dingtalk.com/robot/send?access_token=abc'),
      { minKeys: 1 },
    ),
    [BLOCK_ID.lang]: fc.dictionary(
      fc.constant(INPUT_ACTION_ID),
      fc.record({
        type: fc.constant('static_select'),
        selected_option: fc.oneof(
          fc.constant({ value: 'en' }),
          fc.constant({ value: 'zh-cn' }),
          fc.constant(null),
          fc.record({ value: anyValue }),
        ),
      }),
      { minKeys: 1 },
    ),
  },
  { requiredKeys: [BLOCK_ID.describe] },
);
const stateValues = fc.oneof(randomValues, nearlyValid);

describe('hostile view.state.values on the submission path (fast-check, through the real app)', () => {
  let t: TestBot;
  let view: FakeView;
  beforeAll(async () => {
    t = await startTestBot({ env: { SUBMISSION_LIMIT: '100000/1s', LOG_LEVEL: 'warn' } });
    ({ view } = await openContactModal(t, REQUESTER));
  });
  afterAll(async () => {
    await t.close();
  });

  it('always answers 200 with inline errors on input blocks, or stores a request whose contact passes the schema', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(stateValues, async (values) => {
        const payload = buildViewSubmission({
          user: { id: REQUESTER },
          view,
          values: values as never,
          triggerId: t.slack.mintTriggerId(),
        });
        const response = await sendInteraction(t.url, SIGNING_SECRET, payload);
        expect(response.status).toBe(200);
        const json = response.json as { response_action?: string; errors?: Record<string, unknown> } | undefined;
        if (json?.response_action === 'errors') {
          const keys = Object.keys(json.errors ?? {});
          expect(keys.length).toBeGreaterThan(0);
          for (const key of keys) expect(INPUT_BLOCKS).toContain(key);
          for (const message of Object.values(json.errors ?? {})) expect(typeof message).toBe('string');
          return;
        }
        expect(json?.response_action).toBe('update');
        accepted += 1;
        const open = await t.deps.requests.openRequestOf(REQUESTER);
        expect(open).toBeDefined();
        // What PutContact would be sent is the stored contact: it must validate again, unchanged.
        const contact = open?.contact;
        if (!contact) return;
        const again = parseContact({ ...contact, Channels: { ...contact.Channels } });
        expect(again).toEqual({ ok: true, contact });
        const params = toPutContactParams(contact);
        for (const value of Object.values(params)) {
          expect(value).not.toMatch(/^(undefined|null|\[object Object\])$/);
          expect(/[\uD800-\uDFFF]/u.test(value)).toBe(false);
        }
      }),
      { numRuns: 250 },
    );
    // The generator must reach the accepting branch sometimes, or the property says little.
    expect(accepted).toBeGreaterThan(0);
  }, 120_000);
});
