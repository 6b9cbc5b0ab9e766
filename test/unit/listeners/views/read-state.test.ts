/**
 * readInput (src/listeners/views/read-state.ts): one input's value out of a view_submission's `view.state.values`,
 * whatever arrives (shapes: https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload, @slack/bolt
 * `ViewStateValue` in dist/types/view/index.d.ts): text of plain_text/email/url inputs, the selected option of a
 * select, undefined for anything else. Never throws, never reads inherited properties.
 */
import { describe, expect, it } from 'vitest';
import { readInput } from '../../../../src/listeners/views/read-state.js';
import { BLOCK_ID, INPUT_ACTION_ID } from '../../../../src/slack/ids.js';

const text = (type: string, value: string | null) => ({ [INPUT_ACTION_ID]: { type, value } });

const VALUES = {
  [BLOCK_ID.contactName]: text('plain_text_input', 'dana_ops'),
  [BLOCK_ID.mail]: text('email_text_input', 'dana@example.com'),
  [BLOCK_ID.dingWebHook]: text('url_text_input', 'https://oapi.dingtalk.com/robot/send?access_token=a'),
  [BLOCK_ID.sms]: text('plain_text_input', null),
  [BLOCK_ID.describe]: text('plain_text_input', ''),
  [BLOCK_ID.lang]: {
    [INPUT_ACTION_ID]: {
      type: 'static_select',
      selected_option: { text: { type: 'plain_text', text: 'English' }, value: 'en' },
    },
  },
  [BLOCK_ID.aliIm]: { [INPUT_ACTION_ID]: { type: 'static_select', selected_option: null } },
};

describe('readInput', () => {
  it('reads text inputs of every kind', () => {
    expect(readInput(VALUES, BLOCK_ID.contactName)).toBe('dana_ops');
    expect(readInput(VALUES, BLOCK_ID.mail)).toBe('dana@example.com');
    expect(readInput(VALUES, BLOCK_ID.dingWebHook)).toBe('https://oapi.dingtalk.com/robot/send?access_token=a');
  });

  it('keeps an empty string as typed (the schema decides what blank means)', () => {
    expect(readInput(VALUES, BLOCK_ID.describe)).toBe('');
  });

  it('an empty input (value: null) → undefined', () => {
    expect(readInput(VALUES, BLOCK_ID.sms)).toBeUndefined();
  });

  it('reads the selected option’s value; no selection → undefined', () => {
    expect(readInput(VALUES, BLOCK_ID.lang)).toBe('en');
    expect(readInput(VALUES, BLOCK_ID.aliIm)).toBeUndefined();
  });

  it('a missing block or element → undefined', () => {
    expect(readInput(VALUES, 'no_such_block')).toBeUndefined();
    expect(
      readInput({ [BLOCK_ID.mail]: { other_action: { type: 'email_text_input', value: 'x@y.z' } } }, BLOCK_ID.mail),
    ).toBeUndefined();
  });

  it('wrong shapes at any level → undefined, never a throw', () => {
    const shapes: unknown[] = [
      undefined,
      null,
      'values',
      42,
      [],
      { [BLOCK_ID.mail]: null },
      { [BLOCK_ID.mail]: [] },
      { [BLOCK_ID.mail]: { [INPUT_ACTION_ID]: 'x@y.z' } },
      { [BLOCK_ID.mail]: { [INPUT_ACTION_ID]: { value: 42 } } },
      { [BLOCK_ID.mail]: { [INPUT_ACTION_ID]: { value: { nested: 'x' } } } },
      { [BLOCK_ID.mail]: { [INPUT_ACTION_ID]: { selected_option: 'en' } } },
      { [BLOCK_ID.mail]: { [INPUT_ACTION_ID]: { selected_option: { value: 1 } } } },
      { [BLOCK_ID.mail]: { [INPUT_ACTION_ID]: [{ value: 'x@y.z' }] } },
    ];
    for (const values of shapes) expect(readInput(values, BLOCK_ID.mail), JSON.stringify(values)).toBeUndefined();
  });

  it('does not read inherited properties (prototype keys as block ids)', () => {
    expect(readInput({}, 'constructor')).toBeUndefined();
    expect(readInput({}, '__proto__')).toBeUndefined();
    const inherited = Object.create({ [BLOCK_ID.mail]: text('email_text_input', 'inherited@example.com') }) as object;
    expect(readInput(inherited, BLOCK_ID.mail)).toBeUndefined();
    const parsed = JSON.parse('{"__proto__": {"value": {"value": "polluted"}}}') as unknown;
    expect(readInput(parsed, '__proto__')).toBe('polluted'); // an own key named __proto__ is just a key
  });
});
