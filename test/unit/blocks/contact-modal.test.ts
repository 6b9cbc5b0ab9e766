/**
 * The register/edit modal (src/blocks/contact-modal.ts): a pure builder. block_ids come from BLOCK_ID so inline
 * errors land on the right input (one constants module for Slack ids); update mode has no ContactName input (the
 * name is the identity); private_metadata is JSON with no personal data (state travels as an id); the view passes the Block Kit limits of the
 * fake Slack (test/fakes/block-kit-limits.ts).
 */
import type { types } from '@slack/bolt';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  buildContactModal,
  buildLoadingModal,
  buildNoticeModal,
  type ContactPrefill,
} from '../../../src/blocks/contact-modal.js';
import { en } from '../../../src/i18n/en.js';
import { zhCn } from '../../../src/i18n/zh-cn.js';
import { BLOCK_ID, CALLBACK_ID, INPUT_ACTION_ID } from '../../../src/slack/ids.js';
import { BLOCK_KIT_LIMITS, validateView, viewSizeBytes } from '../../fakes/block-kit-limits.js';
import { expectEscaped, mrkdwnTexts } from './mrkdwn-checks.js';

const FULL: ContactPrefill = {
  ContactName: 'dana_ops',
  Describe: 'On-call DBA',
  Mail: 'dana@example.com',
  SMS: '13800001234',
  AliIM: 'dana_im',
  DingWebHook: 'https://oapi.dingtalk.com/robot/send?access_token=abc123',
  Lang: 'zh-cn',
};

type AnyBlock = types.ModalView['blocks'][number];
type Input = types.InputBlock;

const inputs = (view: types.ModalView): Input[] =>
  view.blocks.filter((block: AnyBlock): block is Input => block.type === 'input');
const inputById = (view: types.ModalView, blockId: string): Input | undefined =>
  inputs(view).find((block) => block.block_id === blockId);
/** The element of an input as plain JSON (the union type of elements is not needed here). */
const elementOf = (view: types.ModalView, blockId: string): Record<string, unknown> =>
  (inputById(view, blockId)?.element ?? {}) as unknown as Record<string, unknown>;

const CONTACT_INPUTS = [
  BLOCK_ID.describe,
  BLOCK_ID.mail,
  BLOCK_ID.sms,
  BLOCK_ID.aliIm,
  BLOCK_ID.dingWebHook,
  BLOCK_ID.lang,
];

describe('buildContactModal', () => {
  it('returns a ModalView (type-level)', () => {
    expectTypeOf(buildContactModal).returns.toEqualTypeOf<types.ModalView>();
  });

  it('create mode: one input per PutContact field, block_ids from BLOCK_ID, one action_id each', () => {
    const view = buildContactModal('en', {}, { kind: 'create' });
    expect(inputs(view).map((block) => block.block_id)).toEqual([BLOCK_ID.contactName, ...CONTACT_INPUTS]);
    for (const block of inputs(view)) expect(elementOf(view, block.block_id ?? '').action_id).toBe(INPUT_ACTION_ID);
    expect(view.callback_id).toBe(CALLBACK_ID.contactModal);
  });

  it('update mode: no ContactName input, the fixed name is shown (escaped) instead', () => {
    const view = buildContactModal('en', FULL, { kind: 'update', contactName: 'dana<!channel>&' });
    expect(inputById(view, BLOCK_ID.contactName)).toBeUndefined();
    expect(inputs(view).map((block) => block.block_id)).toEqual(CONTACT_INPUTS);
    const texts = mrkdwnTexts(view.blocks);
    expect(texts.join('\n')).toContain('dana&lt;!channel&gt;&amp;');
    expectEscaped(texts);
  });

  it('required vs optional inputs: name and description required, every channel and Lang optional', () => {
    const view = buildContactModal('en', {}, { kind: 'create' });
    expect(inputById(view, BLOCK_ID.contactName)?.optional).toBe(false);
    expect(inputById(view, BLOCK_ID.describe)?.optional).toBe(false);
    for (const id of [BLOCK_ID.mail, BLOCK_ID.sms, BLOCK_ID.aliIm, BLOCK_ID.dingWebHook, BLOCK_ID.lang])
      expect(inputById(view, id)?.optional, id).toBe(true);
  });

  it('shows prefill values as initial values, and the chosen Lang as the initial option', () => {
    const view = buildContactModal('en', FULL, { kind: 'create' });
    expect(elementOf(view, BLOCK_ID.contactName).initial_value).toBe(FULL.ContactName);
    expect(elementOf(view, BLOCK_ID.describe).initial_value).toBe(FULL.Describe);
    expect(elementOf(view, BLOCK_ID.mail).initial_value).toBe(FULL.Mail);
    expect(elementOf(view, BLOCK_ID.sms).initial_value).toBe(FULL.SMS);
    expect(elementOf(view, BLOCK_ID.aliIm).initial_value).toBe(FULL.AliIM);
    expect(elementOf(view, BLOCK_ID.dingWebHook).initial_value).toBe(FULL.DingWebHook);
    expect(elementOf(view, BLOCK_ID.lang).initial_option).toMatchObject({ value: 'zh-cn' });
  });

  it('no prefill: no initial values; Lang starts on automatic; its options are auto, en, zh-cn', () => {
    const view = buildContactModal('en', {}, { kind: 'create' });
    for (const id of [
      BLOCK_ID.contactName,
      BLOCK_ID.describe,
      BLOCK_ID.mail,
      BLOCK_ID.sms,
      BLOCK_ID.aliIm,
      BLOCK_ID.dingWebHook,
    ]) {
      expect(elementOf(view, id), id).not.toHaveProperty('initial_value');
    }
    const lang = elementOf(view, BLOCK_ID.lang);
    expect(lang.initial_option).toMatchObject({ value: 'auto' });
    expect((lang.options as Array<{ value: string }>).map((option) => option.value)).toEqual(['auto', 'en', 'zh-cn']);
  });

  it('input lengths match the schema bounds (ContactName 40, Describe 256)', () => {
    const view = buildContactModal('en', {}, { kind: 'create' });
    expect(elementOf(view, BLOCK_ID.contactName).max_length).toBe(40);
    expect(elementOf(view, BLOCK_ID.describe).max_length).toBe(256);
    expect(elementOf(view, BLOCK_ID.mail).type).toBe('email_text_input');
    expect(elementOf(view, BLOCK_ID.dingWebHook).type).toBe('url_text_input');
  });

  it('title ≤ 24 characters, submit and close present', () => {
    for (const view of [
      buildContactModal('en', {}, { kind: 'create' }),
      buildContactModal('en', FULL, { kind: 'update', contactName: 'dana_ops' }),
    ]) {
      expect([...view.title.text].length).toBeGreaterThan(0);
      expect([...view.title.text].length).toBeLessThanOrEqual(24);
      expect(view.submit?.text).toEqual(expect.any(String));
      expect(view.close?.text).toEqual(expect.any(String));
    }
  });

  it('carries no personal data in private_metadata', () => {
    for (const mode of [{ kind: 'create' as const }, { kind: 'update' as const, contactName: 'dana_ops' }]) {
      const view = buildContactModal('en', FULL, mode);
      for (const value of Object.values(FULL)) expect(view.private_metadata ?? '').not.toContain(String(value));
    }
  });

  it("notes appear as context lines at the top, in the reader's language", () => {
    const view = buildContactModal('en', {}, { kind: 'create' }, ['earlierPending', 'groupsUnread']);
    const contexts = view.blocks.filter((block: AnyBlock) => block.type === 'context');
    expect(mrkdwnTexts(contexts)).toEqual([en.form.notes.earlierPending, en.form.notes.groupsUnread]);
    const chinese = buildContactModal('zh-cn', {}, { kind: 'create' }, ['earlierPending']);
    expect(mrkdwnTexts(chinese.blocks.filter((block: AnyBlock) => block.type === 'context'))).toEqual([
      zhCn.form.notes.earlierPending,
    ]);
    expect(chinese.title.text).toBe(zhCn.form.title);
    expect(view.blocks.findIndex((block: AnyBlock) => block.type === 'context')).toBeLessThan(
      view.blocks.findIndex((block: AnyBlock) => block.type === 'input'),
    );
  });

  it('is pure: same arguments, same view; arguments untouched', () => {
    const prefill = structuredClone(FULL);
    const first = buildContactModal('en', prefill, { kind: 'create' }, ['contactGone']);
    const second = buildContactModal('en', prefill, { kind: 'create' }, ['contactGone']);
    expect(second).toEqual(first);
    expect(prefill).toEqual(FULL);
  });

  it('passes the Block Kit validator for typical and maximal inputs, both modes', () => {
    const maximal: ContactPrefill = {
      ContactName: '李'.repeat(40),
      Describe: `${'<&>'.repeat(85)}x`,
      Mail: `${'a'.repeat(64)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(6)}`,
      SMS: '13800001234',
      AliIM: 'i'.repeat(64),
      DingWebHook: `https://oapi.dingtalk.com/robot/send?access_token=${'t'.repeat(970)}`,
      Lang: 'en',
    };
    expect(maximal.Mail).toHaveLength(254);
    expect(maximal.Describe).toHaveLength(256);
    const views = [
      buildContactModal('en', {}, { kind: 'create' }),
      buildContactModal('en', FULL, { kind: 'create' }, ['profileUnread']),
      buildContactModal('en', maximal, { kind: 'create' }, ['earlierFailed', 'groupsUnlisted']),
      buildContactModal('en', maximal, { kind: 'update', contactName: '<'.repeat(40) }),
      buildContactModal('zh-cn', maximal, { kind: 'create' }, ['earlierFailed', 'groupsUnlisted']),
      buildContactModal('zh-cn', maximal, { kind: 'update', contactName: '<'.repeat(40) }),
    ];
    for (const view of views) {
      expect(validateView(view)).toEqual([]);
      expect(viewSizeBytes(view)).toBeLessThanOrEqual(BLOCK_KIT_LIMITS.viewBytes);
    }
  });
});

describe('buildLoadingModal / buildNoticeModal', () => {
  it('pass the validator; the notice cuts a long title to 24 characters', () => {
    expect(validateView(buildLoadingModal('en'))).toEqual([]);
    const notice = buildNoticeModal('A very long title that Slack would refuse', 'y'.repeat(5000), 'Close');
    expect(validateView(notice)).toEqual([]);
    expect([...notice.title.text].length).toBeLessThanOrEqual(24);
  });
});

// Issues 12 and 13: the "at least one channel" rule sits with the channels; the DingTalk hint names the security
// settings CloudMonitor can post to.
describe('buildContactModal: channel guidance', () => {
  const hintOf = (view: types.ModalView, blockId: string) => inputById(view, blockId)?.hint?.text ?? '';

  it.each([
    ['en', en],
    ['zh-cn', zhCn],
  ] as const)(
    '%s: a channels section right before the first channel states the rule; the Lang hint only speaks of the language',
    (locale, catalogue) => {
      for (const mode of [{ kind: 'create' as const }, { kind: 'update' as const, contactName: 'dana_ops' }]) {
        const view = buildContactModal(locale, FULL, mode);
        const mailAt = view.blocks.findIndex((block: AnyBlock) => block.block_id === BLOCK_ID.mail);
        expect(view.blocks[mailAt - 1]).toEqual({
          type: 'section',
          text: { type: 'mrkdwn', text: catalogue.form.channelsIntro },
        });
        expect(hintOf(view, BLOCK_ID.lang)).toBe(catalogue.form.langHint);
      }
    },
  );

  it('the rule names all four channels, and the Lang hint none of them', () => {
    expect(en.form.channelsIntro).toMatch(/at least one/i);
    for (const channel of ['email', 'mobile', 'TradeManager', 'DingTalk'])
      expect(en.form.channelsIntro).toContain(channel);
    expect(en.form.langHint).not.toMatch(/at least|email|phone|TradeManager|DingTalk/i);
    expect(zhCn.form.channelsIntro).toContain('至少');
    for (const channel of ['邮箱', '手机', '旺旺', '钉钉']) expect(zhCn.form.channelsIntro).toContain(channel);
    expect(zhCn.form.langHint).not.toMatch(/至少|邮箱|手机|旺旺|钉钉/);
  });

  it.each([
    ['en', en, /custom keywords/i, /IP address/i, /sign/i],
    ['zh-cn', zhCn, /自定义关键词/, /IP 地址/, /加签/],
  ] as const)(
    '%s: the DingTalk hint says keywords or an IP range, not signing',
    (locale, catalogue, keywords, ip, sign) => {
      const hint = hintOf(buildContactModal(locale, {}, { kind: 'create' }), BLOCK_ID.dingWebHook);
      expect(hint).toBe(catalogue.form.dingWebHookHint);
      for (const pattern of [keywords, ip, sign]) expect(hint).toMatch(pattern);
      expect([...hint].length).toBeLessThanOrEqual(2000);
    },
  );
});
