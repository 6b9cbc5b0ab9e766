/**
 * readSelectedOptions (src/listeners/views/read-state.ts): a multi-select's chosen values out of
 * `view.state.values` (`selected_options: [{text, value}]`:
 * https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload), whatever arrives. undefined
 * means the form had no such block (groups left alone); [] means nothing chosen.
 */
import { describe, expect, it } from 'vitest';
import { readSelectedOptions } from '../../../../src/listeners/views/read-state.js';
import { BLOCK_ID, INPUT_ACTION_ID } from '../../../../src/slack/ids.js';

const option = (value: unknown) => ({ text: { type: 'plain_text', text: String(value) }, value });
const state = (element: unknown) => ({ [BLOCK_ID.groups]: { [INPUT_ACTION_ID]: element } });

describe('readSelectedOptions', () => {
  it('reads the chosen values in order, each once', () => {
    const values = state({
      type: 'multi_static_select',
      selected_options: [option('web-oncall'), option('db-oncall'), option('web-oncall')],
    });
    expect(readSelectedOptions(values, BLOCK_ID.groups)).toEqual(['web-oncall', 'db-oncall']);
  });

  it('nothing chosen: [] for an empty, null or missing selected_options', () => {
    expect(readSelectedOptions(state({ type: 'multi_static_select', selected_options: [] }), BLOCK_ID.groups)).toEqual(
      [],
    );
    expect(
      readSelectedOptions(state({ type: 'multi_static_select', selected_options: null }), BLOCK_ID.groups),
    ).toEqual([]);
    expect(readSelectedOptions(state({ type: 'multi_static_select' }), BLOCK_ID.groups)).toEqual([]);
  });

  it('no block, or not a multi-select shape: undefined', () => {
    expect(readSelectedOptions({}, BLOCK_ID.groups)).toBeUndefined();
    expect(readSelectedOptions(undefined, BLOCK_ID.groups)).toBeUndefined();
    expect(readSelectedOptions({ [BLOCK_ID.groups]: 'x' }, BLOCK_ID.groups)).toBeUndefined();
    expect(readSelectedOptions(state(null), BLOCK_ID.groups)).toBeUndefined();
    expect(readSelectedOptions(state(['db-oncall']), BLOCK_ID.groups)).toBeUndefined();
    expect(readSelectedOptions(state({ selected_options: 'db-oncall' }), BLOCK_ID.groups)).toBeUndefined();
  });

  it('skips entries without a string value', () => {
    const values = state({
      selected_options: [option(7), null, 'db-oncall', { text: 'x' }, option('finance'), [option('a')]],
    });
    expect(readSelectedOptions(values, BLOCK_ID.groups)).toEqual(['finance']);
  });

  it('never reads inherited properties', () => {
    const inherited = Object.create({
      [BLOCK_ID.groups]: { [INPUT_ACTION_ID]: { selected_options: [option('db-oncall')] } },
    }) as object;
    expect(readSelectedOptions(inherited, BLOCK_ID.groups)).toBeUndefined();
    expect(readSelectedOptions({}, '__proto__')).toBeUndefined();
  });
});
