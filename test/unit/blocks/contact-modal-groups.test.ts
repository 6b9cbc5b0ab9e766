/**
 * The contact-groups block of the register/edit modal (src/blocks/contact-modal.ts): an optional
 * multi_static_select (block_id BLOCK_ID.groups) of the offered self-service groups, the user's current ones as
 * initial_options; left out when no group is offered; within Slack's option limits (text ≤ 75, ≤ 100 options:
 * @slack/types 3.2.0 dist/block-kit/*.d.ts, python-slack-sdk slack_sdk/models/blocks) and the fake's Block Kit validator.
 */
import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { buildContactModal, type ContactPrefill } from '../../../src/blocks/contact-modal.js';
import { BLOCK_ID, INPUT_ACTION_ID } from '../../../src/slack/ids.js';
import { validateView } from '../../fakes/block-kit-limits.js';

interface Option {
  text: { type: string; text: string; emoji?: boolean };
  value: string;
}
interface MultiSelect {
  type: string;
  action_id: string;
  options: Option[];
  initial_options?: Option[];
  placeholder?: { text: string };
}

const groupsInput = (view: types.ModalView): types.InputBlock | undefined =>
  view.blocks.find((block): block is types.InputBlock => block.type === 'input' && block.block_id === BLOCK_ID.groups);
const element = (view: types.ModalView): MultiSelect => groupsInput(view)?.element as unknown as MultiSelect;
const values = (options: Option[] | undefined) => (options ?? []).map((option) => option.value);

const OFFERED = ['db-oncall', 'finance', 'web-oncall'];

describe('buildContactModal: contact groups', () => {
  it('no offered groups (the default): no groups block, whatever the prefill says', () => {
    expect(groupsInput(buildContactModal('en', { groups: ['db-oncall'] }, { kind: 'create' }))).toBeUndefined();
    expect(
      groupsInput(buildContactModal('en', {}, { kind: 'update', contactName: 'dana_ops' }, [], [])),
    ).toBeUndefined();
  });

  it('offered groups: an optional multi_static_select, last, with one option per group (value = text = the name)', () => {
    const view = buildContactModal('en', {}, { kind: 'create' }, [], OFFERED);
    const block = groupsInput(view);
    expect(block?.optional).toBe(true);
    expect(view.blocks.at(-1)).toBe(block);
    const select = element(view);
    expect(select.type).toBe('multi_static_select');
    expect(select.action_id).toBe(INPUT_ACTION_ID);
    expect(values(select.options)).toEqual(OFFERED);
    for (const option of select.options) expect(option.text).toMatchObject({ type: 'plain_text', text: option.value });
    expect(select).not.toHaveProperty('initial_options');
  });

  it("preselects the user's current groups that are offered, in the offered order; others are ignored", () => {
    const prefill: ContactPrefill = { groups: ['web-oncall', 'not-offered', 'db-oncall'] };
    const view = buildContactModal('en', prefill, { kind: 'update', contactName: 'dana_ops' }, [], OFFERED);
    const select = element(view);
    expect(values(select.initial_options)).toEqual(['db-oncall', 'web-oncall']);
    // Slack requires each initial option to equal one of the options.
    for (const initial of select.initial_options ?? []) expect(select.options).toContainEqual(initial);
  });

  it('an empty preselection sends no initial_options at all', () => {
    expect(element(buildContactModal('en', { groups: [] }, { kind: 'create' }, [], OFFERED))).not.toHaveProperty(
      'initial_options',
    );
    expect(element(buildContactModal('en', { groups: ['other'] }, { kind: 'create' }, [], OFFERED))).not.toHaveProperty(
      'initial_options',
    );
  });

  it('keeps within Slack limits: names over 75 characters skipped, duplicates once; 100 usable names stay a static select', () => {
    const hundred = Array.from({ length: 99 }, (_, i) => `group-${String(i).padStart(2, '0')}`);
    const long = 'x'.repeat(76);
    const view = buildContactModal(
      'en',
      { groups: ['group-00', long] },
      { kind: 'create' },
      [],
      [long, 'g'.repeat(75), ...hundred, 'group-00'],
    );
    const select = element(view);
    expect(select.type).toBe('multi_static_select');
    expect(select.options).toHaveLength(100);
    expect(values(select.options)).not.toContain(long);
    expect(values(select.options)[0]).toBe('g'.repeat(75));
    expect(values(select.initial_options)).toEqual(['group-00']);
    expect(validateView(view)).toEqual([]);
  });

  it('past 100 usable groups: a multi_external_select (typeahead) with the current groups as initial_options, no options; passes the validator', () => {
    const many = Array.from({ length: 130 }, (_, i) => `hg_${String(i).padStart(3, '0')}`);
    const view = buildContactModal('en', { groups: ['hg_125', 'hg_003', 'not-offered'] }, { kind: 'create' }, [], many);
    const select = element(view) as ReturnType<typeof element> & { min_query_length?: number };
    expect(select.type).toBe('multi_external_select');
    expect(select).not.toHaveProperty('options');
    expect(values(select.initial_options)).toEqual(['hg_003', 'hg_125']);
    expect(select.min_query_length).toBe(0);
    expect(validateView(view)).toEqual([]);
    // The validator catches an external select that carries static options.
    const forged = structuredClone(view) as unknown as {
      blocks: Array<{ block_id?: string; element?: Record<string, unknown> }>;
    };
    const block = forged.blocks.find((b) => b.block_id === BLOCK_ID.groups);
    if (block?.element) block.element.options = [{ text: { type: 'plain_text', text: 'a' }, value: 'a' }];
    expect(validateView(forged)).not.toEqual([]);
  });

  it('only unusable names: no block', () => {
    expect(groupsInput(buildContactModal('en', {}, { kind: 'create' }, [], ['', 'y'.repeat(80)]))).toBeUndefined();
  });

  it('the view with groups passes the Block Kit validator in both modes; private_metadata carries no group', () => {
    for (const mode of [{ kind: 'create' as const }, { kind: 'update' as const, contactName: 'dana_ops' }]) {
      const view = buildContactModal('en', { groups: ['finance'] }, mode, ['groupsUnread'], OFFERED);
      expect(validateView(view)).toEqual([]);
      expect(view.private_metadata ?? '').not.toContain('finance');
    }
  });

  it('is pure: the offered list and the prefill are untouched', () => {
    const offered = [...OFFERED, 'db-oncall'];
    const prefill: ContactPrefill = { groups: ['finance'] };
    buildContactModal('en', prefill, { kind: 'create' }, [], offered);
    expect(offered).toEqual([...OFFERED, 'db-oncall']);
    expect(prefill).toEqual({ groups: ['finance'] });
  });
});
