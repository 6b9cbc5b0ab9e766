/**
 * Tests of the Block Kit limit validator (test/fakes/block-kit-limits.ts).
 * Each limit is checked at the boundary (accepted) and one past it (rejected with the pointer),
 * per Slack's documented limits (ref §3 and §4; sources listed in test/fakes/slack-web-api.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  BLOCK_KIT_LIMITS,
  validateMessageBlocks,
  validateView,
  viewSizeBytes,
  withoutSeverity,
} from '../../fakes/block-kit-limits.js';

const plain = (text: string): { type: 'plain_text'; text: string } => ({ type: 'plain_text', text });
const mrkdwn = (text: string): { type: 'mrkdwn'; text: string } => ({ type: 'mrkdwn', text });
const option = (text: string, value: string): { text: { type: 'plain_text'; text: string }; value: string } => ({
  text: plain(text),
  value,
});
const options = (n: number): Array<ReturnType<typeof option>> =>
  Array.from({ length: n }, (_, i) => option(`o${i}`, `v${i}`));

function modal(blocks: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'modal',
    title: plain('Alert contact'),
    submit: plain('Submit'),
    close: plain('Cancel'),
    blocks,
    ...extra,
  };
}

function input(element: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'input', block_id: 'b', label: plain('Label'), element: { action_id: 'a', ...element }, ...extra };
}

function section(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'section', text: mrkdwn(text), ...extra };
}

/** Errors for a single block placed in a modal (first block → pointer /view/blocks/0). */
function modalErrors(block: unknown): string[] {
  return validateView(modal([block]));
}

const err = (message: string, pointer: string): string => `[ERROR] ${message} [json-pointer:${pointer}]`;

describe('validateView: view-level rules (§3, §4)', () => {
  it('accepts a realistic modal', () => {
    const view = modal(
      [
        { type: 'header', text: plain('Register') },
        input(
          { type: 'plain_text_input', max_length: 3000, placeholder: plain('Your name') },
          { hint: plain('As in HR') },
        ),
        { ...input({ type: 'email_text_input' }), block_id: 'email' },
        { ...input({ type: 'number_input', is_decimal_allowed: false }), block_id: 'count' },
        { ...input({ type: 'static_select', options: options(100) }), block_id: 'team' },
        { ...input({ type: 'checkboxes', options: options(10) }), block_id: 'flags', optional: true },
        { type: 'context', block_id: 'ctx', elements: [mrkdwn('_note_')] },
      ],
      { private_metadata: 'm'.repeat(3000), callback_id: 'c'.repeat(255) },
    );
    expect(validateView(view)).toEqual([]);
  });

  it('title: 1–24 characters, plain_text, required', () => {
    expect(validateView(modal([section('x')], { title: plain('t'.repeat(24)) }))).toEqual([]);
    expect(validateView(modal([section('x')], { title: plain('t'.repeat(25)) }))).toEqual([
      '[ERROR] must be less than 25 characters [json-pointer:/view/title/text]',
    ]);
    expect(validateView(modal([section('x')], { title: plain('') }))).toEqual([
      err('must be more than 0 characters', '/view/title/text'),
    ]);
    expect(validateView(modal([section('x')], { title: mrkdwn('T') }))).toEqual([
      err('must be a valid enum value (plain_text)', '/view/title/type'),
    ]);
    const noTitle = modal([section('x')]);
    delete noTitle.title;
    expect(validateView(noTitle)).toEqual([err('missing required field: title', '/view')]);
  });

  it('submit and close: ≤ 24 characters; submit required with an input block', () => {
    expect(
      validateView(modal([section('x')], { submit: plain('s'.repeat(25)), close: plain('c'.repeat(25)) })),
    ).toEqual([
      err('must be less than 25 characters', '/view/submit/text'),
      err('must be less than 25 characters', '/view/close/text'),
    ]);
    const noSubmit = modal([input({ type: 'plain_text_input' })]);
    delete noSubmit.submit;
    expect(validateView(noSubmit)).toEqual([err('missing required field: submit', '/view')]);
    const sectionOnly = modal([section('x')]);
    delete sectionOnly.submit;
    expect(validateView(sectionOnly)).toEqual([]);
  });

  it('type must be modal; blocks 1–100', () => {
    expect(validateView({ ...modal([section('x')]), type: 'home' })).toEqual([
      err('must be a valid enum value (modal)', '/view/type'),
    ]);
    expect(validateView(modal([]))).toEqual([err('must provide at least 1 items', '/view/blocks')]);
    const hundred = Array.from({ length: 100 }, () => ({ type: 'divider' }));
    expect(validateView(modal(hundred))).toEqual([]);
    expect(validateView(modal([...hundred, { type: 'divider' }]))).toEqual([
      err('no more than 100 items allowed', '/view/blocks'),
    ]);
    expect(validateView('not a view')).toEqual([err('must be an object', '/view')]);
  });

  it('private_metadata ≤ 3000, callback_id ≤ 255, external_id ≤ 255', () => {
    expect(
      validateView(
        modal([section('x')], {
          private_metadata: 'm'.repeat(3001),
          callback_id: 'c'.repeat(256),
          external_id: 'e'.repeat(256),
        }),
      ),
    ).toEqual([
      err('must be less than 3001 characters', '/view/private_metadata'),
      err('must be less than 256 characters', '/view/callback_id'),
      err('must be less than 256 characters', '/view/external_id'),
    ]);
  });

  it('block_id ≤ 255 and unique; action_id ≤ 255', () => {
    expect(modalErrors(section('x', { block_id: 'b'.repeat(255) }))).toEqual([]);
    expect(modalErrors(section('x', { block_id: 'b'.repeat(256) }))).toEqual([
      err('must be less than 256 characters', '/view/blocks/0/block_id'),
    ]);
    expect(validateView(modal([section('x', { block_id: 'same' }), section('y', { block_id: 'same' })]))).toEqual([
      err('duplicate block_id (must be unique within the modal)', '/view/blocks/1/block_id'),
    ]);
    expect(modalErrors(input({ type: 'plain_text_input', action_id: 'a'.repeat(256) }))).toEqual([
      err('must be less than 256 characters', '/view/blocks/0/element/action_id'),
    ]);
  });
});

describe('validateView: block limits (§4)', () => {
  it('section text 1–3000, fields ≤ 10 each ≤ 2000', () => {
    expect(modalErrors(section('s'.repeat(3000)))).toEqual([]);
    expect(modalErrors(section('s'.repeat(3001)))).toEqual([
      err('must be less than 3001 characters', '/view/blocks/0/text/text'),
    ]);
    expect(modalErrors(section(''))).toEqual([err('must be more than 0 characters', '/view/blocks/0/text/text')]);
    const fields = (n: number, len = 5): unknown[] => Array.from({ length: n }, () => mrkdwn('f'.repeat(len)));
    expect(modalErrors({ type: 'section', fields: fields(10, 2000) })).toEqual([]);
    expect(modalErrors({ type: 'section', fields: fields(11) })).toEqual([
      err('no more than 10 items allowed', '/view/blocks/0/fields'),
    ]);
    expect(modalErrors({ type: 'section', fields: [mrkdwn('f'.repeat(2001))] })).toEqual([
      err('must be less than 2001 characters', '/view/blocks/0/fields/0/text'),
    ]);
    expect(modalErrors({ type: 'section' })).toEqual([err('must provide either text or fields', '/view/blocks/0')]);
  });

  it('header ≤ 150 plain_text, with the header wording', () => {
    expect(modalErrors({ type: 'header', text: plain('h'.repeat(150)) })).toEqual([]);
    expect(modalErrors({ type: 'header', text: plain('h'.repeat(151)) })).toEqual([
      '[ERROR] must be no longer than 150 characters [json-pointer:/view/blocks/0/text/text]',
    ]);
  });

  it('input label ≤ 2000, hint ≤ 2000, placeholder ≤ 150, element required', () => {
    expect(
      modalErrors(
        input({ type: 'plain_text_input' }, { label: plain('l'.repeat(2001)), hint: plain('h'.repeat(2001)) }),
      ),
    ).toEqual([
      err('must be less than 2001 characters', '/view/blocks/0/label/text'),
      err('must be less than 2001 characters', '/view/blocks/0/hint/text'),
    ]);
    expect(modalErrors(input({ type: 'plain_text_input', placeholder: plain('p'.repeat(150)) }))).toEqual([]);
    expect(modalErrors(input({ type: 'plain_text_input', placeholder: plain('p'.repeat(151)) }))).toEqual([
      err('must be less than 151 characters', '/view/blocks/0/element/placeholder/text'),
    ]);
    expect(modalErrors({ type: 'input', label: plain('L') })).toEqual([
      err('missing required field: element', '/view/blocks/0'),
    ]);
    expect(modalErrors(input({ type: 'button', text: plain('B') }))).toHaveLength(1);
  });

  it('plain_text_input max_length 1–3000', () => {
    expect(modalErrors(input({ type: 'plain_text_input', max_length: 3001 }))).toEqual([
      err('must be less than or equal to 3000', '/view/blocks/0/element/max_length'),
    ]);
    expect(modalErrors(input({ type: 'plain_text_input', max_length: 0 }))).toEqual([
      err('must be greater than or equal to 1', '/view/blocks/0/element/max_length'),
    ]);
  });

  it('options: text ≤ 75, value ≤ 150; static_select ≤ 100; radio and checkboxes ≤ 10; overflow ≤ 5', () => {
    expect(modalErrors(input({ type: 'static_select', options: [option('t'.repeat(75), 'v'.repeat(150))] }))).toEqual(
      [],
    );
    expect(modalErrors(input({ type: 'static_select', options: [option('t'.repeat(76), 'v'.repeat(151))] }))).toEqual([
      err('must be less than 76 characters', '/view/blocks/0/element/options/0/text/text'),
      err('must be less than 151 characters', '/view/blocks/0/element/options/0/value'),
    ]);
    expect(modalErrors(input({ type: 'static_select', options: options(101) }))).toEqual([
      err('no more than 100 items allowed', '/view/blocks/0/element/options'),
    ]);
    expect(modalErrors(input({ type: 'static_select', options: [] }))).toEqual([
      err('must provide at least 1 items', '/view/blocks/0/element/options'),
    ]);
    expect(modalErrors(input({ type: 'radio_buttons', options: options(11) }))).toEqual([
      err('no more than 10 items allowed', '/view/blocks/0/element/options'),
    ]);
    expect(modalErrors(input({ type: 'checkboxes', options: options(11) }))).toEqual([
      err('no more than 10 items allowed', '/view/blocks/0/element/options'),
    ]);
    expect(modalErrors(section('x', { accessory: { type: 'overflow', action_id: 'o', options: options(6) } }))).toEqual(
      [err('no more than 5 items allowed', '/view/blocks/0/accessory/options')],
    );
  });

  it('buttons: text ≤ 75, value ≤ 2000; confirm object limits', () => {
    const button = (extra: Record<string, unknown>): Record<string, unknown> => ({
      type: 'button',
      action_id: 'go',
      text: plain('Go'),
      ...extra,
    });
    expect(modalErrors({ type: 'actions', elements: [button({ value: 'v'.repeat(2000) })] })).toEqual([]);
    expect(
      modalErrors({ type: 'actions', elements: [button({ text: plain('t'.repeat(76)), value: 'v'.repeat(2001) })] }),
    ).toEqual([
      err('must be less than 76 characters', '/view/blocks/0/elements/0/text/text'),
      err('must be less than 2001 characters', '/view/blocks/0/elements/0/value'),
    ]);
    const confirm = {
      title: plain('t'.repeat(101)),
      text: mrkdwn('x'.repeat(301)),
      confirm: plain('c'.repeat(31)),
      deny: plain('d'.repeat(31)),
    };
    expect(modalErrors({ type: 'actions', elements: [button({ confirm })] })).toEqual([
      err('must be less than 101 characters', '/view/blocks/0/elements/0/confirm/title/text'),
      err('must be less than 301 characters', '/view/blocks/0/elements/0/confirm/text/text'),
      err('must be less than 31 characters', '/view/blocks/0/elements/0/confirm/confirm/text'),
      err('must be less than 31 characters', '/view/blocks/0/elements/0/confirm/deny/text'),
    ]);
  });

  it('context elements ≤ 10, actions elements ≤ 25', () => {
    expect(modalErrors({ type: 'context', elements: Array.from({ length: 10 }, () => mrkdwn('c')) })).toEqual([]);
    expect(modalErrors({ type: 'context', elements: Array.from({ length: 11 }, () => mrkdwn('c')) })).toEqual([
      err('no more than 10 items allowed', '/view/blocks/0/elements'),
    ]);
    const buttons = (n: number): unknown[] =>
      Array.from({ length: n }, (_, i) => ({ type: 'button', action_id: `b${i}`, text: plain('B') }));
    expect(modalErrors({ type: 'actions', elements: buttons(25) })).toEqual([]);
    expect(modalErrors({ type: 'actions', elements: buttons(26) })).toEqual([
      err('no more than 25 items allowed', '/view/blocks/0/elements'),
    ]);
  });
});

describe('validateMessageBlocks (§4)', () => {
  it('allows up to 50 blocks, rejects 51 at /blocks', () => {
    const blocks = (n: number): unknown[] => Array.from({ length: n }, () => ({ type: 'divider' }));
    expect(validateMessageBlocks(blocks(50))).toEqual([]);
    expect(validateMessageBlocks(blocks(51))).toEqual(['[ERROR] no more than 50 items allowed [json-pointer:/blocks]']);
    expect(validateMessageBlocks(undefined)).toEqual([]);
  });

  it('applies the same element limits with /blocks pointers and unique block_ids', () => {
    expect(validateMessageBlocks([section('s'.repeat(3001))])).toEqual([
      err('must be less than 3001 characters', '/blocks/0/text/text'),
    ]);
    expect(
      validateMessageBlocks([
        { type: 'divider', block_id: 'x' },
        { type: 'divider', block_id: 'x' },
      ]),
    ).toEqual([err('duplicate block_id (must be unique within the message)', '/blocks/1/block_id')]);
    expect(validateMessageBlocks([{ type: 'sparkle' }])).toEqual([
      err('failed to match all allowed schemas (unknown block type sparkle)', '/blocks/0'),
    ]);
  });
});

describe('helpers', () => {
  it('viewSizeBytes counts UTF-8 bytes of the JSON', () => {
    expect(viewSizeBytes({ a: 'é' })).toBe(Buffer.byteLength('{"a":"é"}'));
    expect(BLOCK_KIT_LIMITS.viewBytes).toBe(250_000);
  });

  it('withoutSeverity turns a messages line into an errors entry', () => {
    expect(withoutSeverity('[ERROR] no more than 50 items allowed [json-pointer:/blocks]')).toBe(
      'no more than 50 items allowed [json-pointer:/blocks]',
    );
  });
});
