/**
 * The status builders (src/blocks/status-view.ts) and the remove confirmation (src/blocks/remove-modal.ts): what a
 * user sees about their contact (channels masked, activation states, groups, live or not, the next reminder, the
 * open request), the App Home buttons, the admins' pending list within Slack's 50-block message limit, and
 * escaping of every user and CloudMonitor text. Checked against the fake's Block Kit validators.
 */
import type { types } from '@slack/bolt';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { buildRemoveModal, buildRemoveOutcome, type RemoveOutcome } from '../../../src/blocks/remove-modal.js';
import {
  buildHomeErrorView,
  buildHomeView,
  buildPendingList,
  buildStatusBlocks,
  buildStatusMessage,
} from '../../../src/blocks/status-view.js';
import { LOCALES } from '../../../src/i18n/index.js';
import { zhCn } from '../../../src/i18n/zh-cn.js';
import { ACTION_ID, BLOCK_ID, CALLBACK_ID } from '../../../src/slack/ids.js';
import type { ContactStatus } from '../../../src/status/contact-status.js';
import { BLOCK_KIT_LIMITS, validateBlocks, validateMessageBlocks, validateView } from '../../fakes/block-kit-limits.js';
import { escaped, expectEscaped, messageTexts, mrkdwnTexts } from './mrkdwn-checks.js';
import { CONTACT, HOSTILE, HOSTILE_CONTACT, MAXIMAL_CONTACT, PHONE, requestIn } from './request-fixtures.js';

const NOW = Date.UTC(2024, 0, 2, 9, 0, 0);
const HOUR = 3_600_000;

/** A registered contact as the store has it (SMS/Mail not checked yet), optionally with live CloudMonitor state. */
function statusOf(overrides: Partial<ContactStatus> = {}): ContactStatus {
  return {
    userId: 'U0DANA',
    contact: {
      name: CONTACT.ContactName,
      describe: CONTACT.Describe,
      lang: 'en',
      registeredAt: NOW - HOUR,
      requestId: 'req_0123456789abcdef',
      channels: [
        { channel: 'Mail', value: 'dana@example.com', activation: 'unknown' },
        { channel: 'SMS', value: PHONE, activation: 'unknown' },
      ],
    },
    live: { kind: 'not_asked' },
    readAt: NOW,
    ...overrides,
  };
}

const LIVE: ContactStatus = statusOf({
  contact: {
    ...statusOf().contact!,
    channels: [
      { channel: 'Mail', value: 'dana@example.com', activation: 'active' },
      { channel: 'SMS', value: PHONE, activation: 'pending' },
    ],
  },
  live: { kind: 'found', groups: ['dba-oncall', 'ops'] },
  nextReminder: { dueAt: NOW + 23 * HOUR, index: 1, count: 3 },
});

/** The longest values the schema accepts: every channel pending, 300 escaped group names, a reminder due. */
function maximalStatus(overrides: Partial<ContactStatus>): ContactStatus {
  return statusOf({
    contact: {
      name: MAXIMAL_CONTACT.ContactName,
      describe: MAXIMAL_CONTACT.Describe,
      registeredAt: NOW,
      requestId: 'req_1',
      channels: (['Mail', 'SMS', 'AliIM', 'DingWebHook'] as const).map((channel) => ({
        channel,
        value: MAXIMAL_CONTACT.Channels[channel] ?? '',
        activation: 'pending' as const,
      })),
    },
    live: { kind: 'found', groups: Array.from({ length: 300 }, (_, i) => `group-${'&'.repeat(20)}-${i}`) },
    nextReminder: { dueAt: NOW + HOUR, index: 0, count: 3 },
    ...overrides,
  });
}

const NO_CONTACT: ContactStatus = { userId: 'U0LI', live: { kind: 'not_asked' }, readAt: NOW };

const text = (blocks: unknown[]) => mrkdwnTexts(blocks).join('\n');
interface Button {
  action_id?: string;
  value?: string;
  style?: string;
  text?: { text: string };
}
const buttons = (blocks: unknown[]): Button[] =>
  (blocks as Array<{ type: string; elements?: Button[] }>).flatMap((block) =>
    block.type === 'actions' ? (block.elements ?? []) : [],
  );
const channelLine = (blocks: unknown[], label: string) =>
  text(blocks)
    .split('\n')
    .find((line) => line.includes(`*${label}*`)) ?? '';

describe('buildStatusBlocks / buildStatusMessage', () => {
  it('with no contact: says so and how to register', () => {
    const message = buildStatusMessage('en', NO_CONTACT);
    expect(message.text).toMatch(/don't have an alert contact/);
    expect(text(message.blocks)).toContain('`/alert-contact`');
    expect(text(message.blocks)).not.toMatch(/Channels|Contact groups/);
    expect(validateMessageBlocks(message.blocks)).toEqual([]);
  });

  it('with live state: each channel masked with its activation, the groups, and that it is live', () => {
    const message = buildStatusMessage('en', LIVE);
    const body = text(message.blocks);
    expect(channelLine(message.blocks, 'Mobile (SMS)')).toMatch(/\*{7}1234: .*waiting for activation.*text message/);
    expect(channelLine(message.blocks, 'Email')).toMatch(/d\*\*\*@example\.com: :white_check_mark: active$/);
    expect(JSON.stringify(message)).not.toContain(PHONE);
    expect(JSON.stringify(message)).not.toContain('dana@example.com');
    expect(body).toContain('*Contact groups*: dba-oncall, ops');
    expect(body).toMatch(/Live from CloudMonitor, <!date\^\d+\^/);
    expect(body).toContain(CONTACT.Describe);
    expect(body).toContain('Alert language: English');
    expect(message.text).toBe('Your alert contact dana_ops: Email active, Mobile (SMS) pending.');
    expect(text(message.blocks)).toContain('`/alert-contact remove`');
    expect(validateMessageBlocks(message.blocks)).toEqual([]);
  });

  it('from the store only: activation not checked yet, and CloudMonitor being asked', () => {
    const blocks = buildStatusBlocks('en', statusOf());
    expect(channelLine(blocks, 'Mobile (SMS)')).toMatch(/activation not checked/);
    expect(text(blocks)).toMatch(/Asking CloudMonitor/);
    expect(text(blocks)).toMatch(/Contact groups\*: _unknown/);
  });

  it('when CloudMonitor cannot be reached: the stored state, and that the live state is unavailable, with the code', () => {
    const blocks = buildStatusBlocks('en', statusOf({ live: { kind: 'unavailable', code: 'Timeout' } }));
    expect(text(blocks)).toMatch(/couldn't reach CloudMonitor \(`Timeout`\).*live activation state is unavailable/);
    expect(channelLine(blocks, 'Email')).toMatch(/d\*\*\*@example\.com/);
    expect(text(blocks)).not.toMatch(/Asking CloudMonitor|Live from/);
  });

  it('when CloudMonitor no longer has the contact: says so instead of channel states', () => {
    const blocks = buildStatusBlocks('en', statusOf({ live: { kind: 'missing' } }));
    expect(text(blocks)).toMatch(/no longer has a contact named \*dana_ops\*/);
    expect(text(blocks)).not.toContain('*Channels*');
  });

  it('the next reminder: when and which, only while a channel is not active', () => {
    expect(text(buildStatusBlocks('en', LIVE))).toMatch(
      /Next activation check and reminder: <!date\^\d+\^[^>]+> \(2 of 3\)/,
    );
    const due = statusOf({ nextReminder: { dueAt: NOW - 1000, index: 0, count: 3 } });
    expect(text(buildStatusBlocks('en', due))).toContain('reminder: due now (1 of 3)');
    const allActive = statusOf({
      contact: {
        ...LIVE.contact!,
        channels: LIVE.contact!.channels.map((entry) => ({ ...entry, activation: 'active' as const })),
      },
      live: { kind: 'found', groups: [] },
      nextReminder: { dueAt: NOW + HOUR, index: 1, count: 3 },
    });
    expect(text(buildStatusBlocks('en', allActive))).not.toMatch(/reminder/i);
    expect(text(buildStatusBlocks('en', allActive))).toContain('*Contact groups*: none');
  });

  it('the open request: pending, approving and failed, each with when', () => {
    const base = { id: 'req_1', contactName: 'dana_ops', createdAt: NOW - 2 * HOUR, updatedAt: NOW - HOUR };
    const pending = text(
      buildStatusBlocks('en', { ...NO_CONTACT, openRequest: { ...base, kind: 'create', status: 'pending' } }),
    );
    expect(pending).toMatch(/request to register \*dana_ops\* is waiting for an admin \(sent <!date\^\d+/);
    expect(pending).not.toContain('Register with');
    const approving = text(
      buildStatusBlocks(
        'en',
        statusOf({ openRequest: { ...base, kind: 'update', status: 'approving', decidedAt: NOW - HOUR } }),
      ),
    );
    expect(approving).toMatch(/request to change \*dana_ops\* was approved <!date\^\d+.* being carried out/);
    const failed = text(
      buildStatusBlocks(
        'en',
        statusOf({
          openRequest: { ...base, kind: 'remove', status: 'failed', failure: { code: 'InternalError', message: 'x' } },
        }),
      ),
    );
    expect(failed).toMatch(/request to remove \*dana_ops\*.*refused it \(`InternalError`/);
    expect(
      buildStatusMessage('en', { ...NO_CONTACT, openRequest: { ...base, kind: 'create', status: 'pending' } }).text,
    ).toContain('Open request: waiting for approval.');
  });

  it('escapes user text and CloudMonitor text everywhere, and masks hostile channels', () => {
    const hostile: ContactStatus = {
      userId: 'U0DANA',
      contact: {
        name: HOSTILE_CONTACT.ContactName,
        describe: HOSTILE,
        lang: '<!channel>',
        registeredAt: NOW,
        requestId: 'req_1',
        channels: (['Mail', 'SMS', 'AliIM', 'DingWebHook'] as const).map((channel) => ({
          channel,
          value: HOSTILE_CONTACT.Channels[channel] ?? '',
          activation: 'pending' as const,
        })),
      },
      live: { kind: 'found', groups: ['<!here> & co'] },
      openRequest: {
        id: 'req_2',
        kind: 'update',
        status: 'failed',
        contactName: HOSTILE_CONTACT.ContactName,
        createdAt: NOW,
        updatedAt: NOW,
        failure: { code: '<!channel>&', message: '' },
      },
      readAt: NOW,
    };
    const message = buildStatusMessage('en', hostile);
    expectEscaped(messageTexts(message));
    expect(text(message.blocks)).toContain(escaped(HOSTILE));
    expect(text(message.blocks)).toContain(escaped('<!here> & co'));
    expect(JSON.stringify(message)).not.toContain('access_token=abcdef');
    expectEscaped(
      messageTexts({
        text: '',
        blocks: buildStatusBlocks('en', { ...hostile, live: { kind: 'unavailable', code: '<!channel>' } }),
      }),
    );
    expect(validateMessageBlocks(message.blocks)).toEqual([]);
  });

  it('stays within Block Kit limits with the longest values the schema accepts', () => {
    const maximal = maximalStatus({
      openRequest: {
        id: 'req_2',
        kind: 'update',
        status: 'failed',
        contactName: MAXIMAL_CONTACT.ContactName,
        createdAt: NOW,
        updatedAt: NOW,
        failure: { code: 'X'.repeat(500), message: '' },
      },
    });
    const message = buildStatusMessage('en', maximal);
    expect(validateMessageBlocks(message.blocks)).toEqual([]);
    expect(
      validateBlocks(buildHomeView('en', maximal, { notice: 'n'.repeat(5000) }).blocks, '/view/blocks', 'modal'),
    ).toEqual([]);
    expectEscaped(messageTexts(message));
  });
});

describe('buildHomeView', () => {
  const home = (view: types.HomeView) => ({ ...view, type: 'modal', title: { type: 'plain_text', text: 'Home' } });

  it('with a contact: Edit, Remove (danger) and Refresh status; a Home view within the 100-block limit', () => {
    const view = buildHomeView('en', LIVE);
    expectTypeOf(view).toEqualTypeOf<types.HomeView>();
    expect(view.type).toBe('home');
    expect(buttons(view.blocks).map((button) => button.action_id)).toEqual([
      ACTION_ID.homeEdit,
      ACTION_ID.homeRemove,
      ACTION_ID.homeRefresh,
    ]);
    expect(buttons(view.blocks).find((button) => button.action_id === ACTION_ID.homeRemove)?.style).toBe('danger');
    expect(view.blocks.find((block) => block.type === 'actions')?.block_id).toBe(BLOCK_ID.homeActions);
    expect(text(view.blocks)).toContain('*Contact groups*: dba-oncall, ops');
    // The same limits as a modal (1–100 blocks, every element), checked by the fake's validator.
    expect(validateView(home(view))).toEqual([]);
  });

  it('without a contact: Register and Refresh status; with a waiting request the button says so', () => {
    expect(
      buttons(buildHomeView('en', NO_CONTACT).blocks).map((button) => [button.action_id, button.text?.text]),
    ).toEqual([
      [ACTION_ID.homeRegister, 'Register'],
      [ACTION_ID.homeRefresh, 'Refresh status'],
    ]);
    const waiting = buildHomeView('en', {
      ...NO_CONTACT,
      openRequest: { id: 'r', kind: 'create', status: 'pending', contactName: 'x', createdAt: NOW, updatedAt: NOW },
    });
    expect(buttons(waiting.blocks)[0]).toMatchObject({
      action_id: ACTION_ID.homeRegister,
      text: { text: 'Change my request' },
    });
  });

  it('shows a notice at the top, below the header', () => {
    const view = buildHomeView('en', LIVE, { notice: ':warning: the form did not open' });
    expect(view.blocks[0]?.type).toBe('header');
    expect(text([view.blocks[1]])).toBe(':warning: the form did not open');
  });

  it('the error view says the status could not be read and still offers Refresh status, in either language', () => {
    const view = buildHomeErrorView('en');
    expect(buttons(view.blocks).map((button) => button.action_id)).toEqual([ACTION_ID.homeRefresh]);
    expect(text(view.blocks)).toContain("couldn't read your alert contact just now. Please click *Refresh status*");
    expect(validateView(home(view))).toEqual([]);
    const chinese = buildHomeErrorView('zh-cn');
    expect(buttons(chinese.blocks).map((button) => button.text?.text)).toEqual([zhCn.status.home.refresh]);
    expect(text(chinese.blocks)).toBe(zhCn.status.home.readFailed(zhCn.status.home.refresh));
    expect(validateView(home(chinese))).toEqual([]);
  });
});

describe('buildPendingList', () => {
  const actionsOf = (message: { blocks: types.KnownBlock[] }) =>
    message.blocks.flatMap((block) =>
      block.type === 'actions'
        ? [{ block_id: block.block_id, ids: buttons([block]).map((b) => `${b.action_id}=${b.value}`) }]
        : [],
    );

  it('with nothing open: says so', () => {
    const message = buildPendingList('en', []);
    expect(message.text).toBe('No open alert-contact requests.');
    expect(validateMessageBlocks(message.blocks)).toEqual([]);
  });

  it("each request with the approval message's summary and buttons (same action_ids, value = request id), in order", () => {
    const first = requestIn('pending', { id: 'req_aaaaaaaaaaaaaaaa' });
    const second = requestIn('failed', { id: 'req_bbbbbbbbbbbbbbbb', contact: { ...CONTACT, ContactName: 'li_wei' } });
    const message = buildPendingList('en', [first, second]);
    expect(actionsOf(message)).toEqual([
      {
        block_id: `${BLOCK_ID.approvalActions}.req_aaaaaaaaaaaaaaaa`,
        ids: [`${ACTION_ID.approve}=req_aaaaaaaaaaaaaaaa`, `${ACTION_ID.reject}=req_aaaaaaaaaaaaaaaa`],
      },
      {
        block_id: `${BLOCK_ID.approvalActions}.req_bbbbbbbbbbbbbbbb`,
        ids: [`${ACTION_ID.retry}=req_bbbbbbbbbbbbbbbb`, `${ACTION_ID.reject}=req_bbbbbbbbbbbbbbbb`],
      },
    ]);
    const all = text(message.blocks);
    expect(all.indexOf('dana_ops')).toBeLessThan(all.indexOf('li_wei'));
    expect(all).toContain('InvalidParameterValue');
    expect(all).toContain('2 open requests, oldest first');
    expect(message.text).toBe('2 open alert-contact requests, oldest first.');
    expect(validateMessageBlocks(message.blocks)).toEqual([]);
  });

  it('keeps within 50 blocks with many long requests, and counts the ones left out', () => {
    const requests = Array.from({ length: 30 }, (_, i) =>
      requestIn(i % 2 ? 'failed' : 'pending', {
        id: `req_${String(i).padStart(16, '0')}`,
        kind: 'update',
        contact: MAXIMAL_CONTACT,
        previous: HOSTILE_CONTACT,
        groups: ['a', 'b'],
        previousGroups: ['c'],
        existenceUnknown: true,
      }),
    );
    const message = buildPendingList('en', requests);
    expect(message.blocks.length).toBeLessThanOrEqual(BLOCK_KIT_LIMITS.messageBlocks);
    expect(validateMessageBlocks(message.blocks)).toEqual([]);
    const shown = actionsOf(message).length;
    expect(shown).toBeGreaterThan(2);
    expect(shown).toBeLessThan(30);
    expect(actionsOf(message).map((a) => a.ids[0]?.split('=')[1])).toEqual(requests.slice(0, shown).map((r) => r.id));
    expect(text(message.blocks)).toContain(`Showing the oldest ${shown} of 30 open requests`);
    expectEscaped(messageTexts(message));
    expect(buildPendingList('en', requests.slice(0, 1), { more: true }).text).toBe(
      '1+ open alert-contact requests, oldest first.',
    );
  });
});

describe('buildRemoveModal / buildRemoveOutcome', () => {
  it('asks to confirm the removal of the contact, escaped; the origin in private_metadata, never the user', () => {
    const modal = buildRemoveModal('en', HOSTILE_CONTACT.ContactName, { origin: 'home' });
    expectTypeOf(modal).toEqualTypeOf<types.ModalView>();
    expect(modal.callback_id).toBe(CALLBACK_ID.removeModal);
    expect(JSON.parse(modal.private_metadata ?? '')).toEqual({ origin: 'home' });
    expect(text(modal.blocks)).toContain(
      `Remove your alert contact *${escaped(HOSTILE_CONTACT.ContactName)}*? Admins approve; then CloudMonitor stops alerting you there`,
    );
    expectEscaped(mrkdwnTexts(modal.blocks));
    expect(validateView(modal)).toEqual([]);
    expect(modal.submit?.text).toBe('Ask to remove');
  });

  it('every outcome is a valid close-only modal that says what happened', () => {
    const outcomes: Array<[RemoveOutcome, RegExp]> = [
      [{ kind: 'sent', contactName: 'dana_ops' }, /remove \*dana_ops\* was sent to the alert-contact admins/],
      [{ kind: 'sending', contactName: 'dana_ops' }, /Sending/],
      [{ kind: 'no_contact' }, /nothing to remove/],
      [{ kind: 'in_progress', contactName: 'dana_ops' }, /being carried out/],
      [
        { kind: 'already_requested', contactName: 'dana_ops', since: NOW },
        /already asked to remove \*dana_ops\* \(<!date/,
      ],
      [{ kind: 'error', detail: '<!channel>' }, /nothing was sent \(&lt;!channel&gt;\)/],
    ];
    for (const [outcome, expected] of outcomes) {
      const modal = buildRemoveOutcome('en', outcome);
      expect(validateView(modal), outcome.kind).toEqual([]);
      expect(modal.submit, outcome.kind).toBeUndefined();
      expect(text(modal.blocks), outcome.kind).toMatch(expected);
    }
    expect(text(buildRemoveOutcome('en', { kind: 'sent', contactName: MAXIMAL_CONTACT.ContactName }).blocks)).toContain(
      MAXIMAL_CONTACT.ContactName,
    );
  });
});

describe('in Simplified Chinese', () => {
  const home = (view: types.HomeView) => ({ ...view, type: 'modal', title: { type: 'plain_text', text: 'Home' } });
  const ENGLISH = /Your alert contact|Channels|Contact groups|waiting for|activation|CloudMonitor|Register|request/;

  it('the status: every text from the Chinese catalogue, values and escaping as in English', () => {
    const message = buildStatusMessage('zh-cn', LIVE);
    const body = text(message.blocks);
    const m = zhCn.status;
    expect(body).toContain(m.contactHeading('dana_ops'));
    expect(body).toContain(m.languageLine(zhCn.langs.en, ''));
    expect(channelLine(message.blocks, zhCn.fields['Channels.SMS'])).toBe(
      m.channelLine(zhCn.fields['Channels.SMS'], '*******1234', m.withHint(m.activation.pending, m.activationHint.SMS)),
    );
    expect(channelLine(message.blocks, zhCn.fields['Channels.Mail'])).toBe(
      m.channelLine(zhCn.fields['Channels.Mail'], 'd***@example.com', m.activation.active),
    );
    expect(body).toContain(m.groups('dba-oncall、ops'));
    expect(body).toContain(m.howChange('/alert-contact'));
    expect(body).toMatch(/第 2 次，共 3 次/);
    expect(message.text).toBe(
      m.fallback.contact('dana_ops', `${zhCn.fields['Channels.Mail']}已激活、${zhCn.fields['Channels.SMS']}待激活`),
    );
    expect(`${message.text}\n${body}`).not.toMatch(ENGLISH);
    expect(validateMessageBlocks(message.blocks)).toEqual([]);

    const waiting = buildStatusMessage('zh-cn', {
      ...NO_CONTACT,
      openRequest: {
        id: 'r',
        kind: 'create',
        status: 'pending',
        contactName: 'dana_ops',
        createdAt: NOW,
        updatedAt: NOW,
      },
    });
    expect(text(waiting.blocks)).toContain('你注册 *dana_ops* 的申请正在等待管理员审批');
    expect(waiting.text).toContain(zhCn.approval.statusWord.pending);
    expect(text(buildStatusBlocks('zh-cn', NO_CONTACT))).toBe(`${m.noContact}${m.registerHint('/alert-contact')}`);
  });

  it("the Contact's alert language is named, not changed: automatic when unset", () => {
    const { lang: _lang, ...contact } = statusOf().contact!;
    expect(text(buildStatusBlocks('zh-cn', statusOf({ contact })))).toContain('报警语言：自动');
    expect(text(buildStatusBlocks('zh-cn', statusOf({ contact: { ...contact, lang: 'zh-cn' } })))).toContain(
      '报警语言：简体中文',
    );
  });

  it('escapes and stays within Block Kit limits with hostile and maximal values, in both languages', () => {
    for (const locale of LOCALES) {
      const hostile = statusOf({
        contact: { ...statusOf().contact!, name: HOSTILE_CONTACT.ContactName, describe: HOSTILE, lang: '<!channel>' },
        live: { kind: 'found', groups: ['<!here> & co'] },
        openRequest: {
          id: 'r',
          kind: 'update',
          status: 'failed',
          contactName: HOSTILE,
          createdAt: NOW,
          updatedAt: NOW,
          failure: { code: '<!channel>&', message: '' },
        },
      });
      const message = buildStatusMessage(locale, hostile);
      expectEscaped(messageTexts(message));
      expect(text(message.blocks), locale).toContain(escaped('<!here> & co'));
      const maximal = maximalStatus({
        openRequest: {
          id: 'r',
          kind: 'remove',
          status: 'approving',
          contactName: MAXIMAL_CONTACT.ContactName,
          createdAt: NOW,
          updatedAt: NOW,
          decidedAt: NOW,
        },
      });
      expect(validateMessageBlocks(buildStatusMessage(locale, maximal).blocks), locale).toEqual([]);
      for (const status of [maximal, NO_CONTACT, { ...NO_CONTACT, openRequest: maximal.openRequest }]) {
        expect(validateView(home(buildHomeView(locale, status, { notice: 'n'.repeat(5000) }))), locale).toEqual([]);
      }
    }
  });

  it('the App Home: header and buttons in Chinese', () => {
    const view = buildHomeView('zh-cn', LIVE);
    expect(view.blocks[0]).toMatchObject({ type: 'header', text: { text: zhCn.status.home.header } });
    expect(buttons(view.blocks).map((button) => button.text?.text)).toEqual([
      zhCn.status.home.edit,
      zhCn.status.home.remove,
      zhCn.status.home.refresh,
    ]);
    expect(buttons(buildHomeView('zh-cn', NO_CONTACT).blocks)[0]?.text?.text).toBe(zhCn.status.home.register);
    expect(text(view.blocks)).toContain(zhCn.status.home.footer('/alert-contact'));
  });

  it("the pending list: the summaries, buttons and counts in the admin's language", () => {
    const message = buildPendingList('zh-cn', [
      requestIn('pending', { id: 'req_aaaaaaaaaaaaaaaa' }),
      requestIn('failed', { id: 'req_bbbbbbbbbbbbbbbb' }),
    ]);
    expect(message.text).toBe(zhCn.pending.text(2, ''));
    expect(text(message.blocks)).toContain(zhCn.pending.all(2));
    expect(buttons(message.blocks).map((button) => button.text?.text)).toEqual([
      zhCn.approval.approve,
      zhCn.approval.reject,
      zhCn.approval.retry,
      zhCn.approval.reject,
    ]);
    expect(validateMessageBlocks(message.blocks)).toEqual([]);
    expect(buildPendingList('zh-cn', []).text).toBe(zhCn.pending.none);
    expect(buildPendingList('zh-cn', [requestIn('pending')], { more: true }).text).toBe(
      '1+ 个待处理的报警联系人申请，最早的在前。',
    );
  });

  it('the remove confirmation and every outcome: valid modals (title ≤ 24 characters) in Chinese, escaped', () => {
    const modal = buildRemoveModal('zh-cn', HOSTILE_CONTACT.ContactName, { origin: 'command' });
    expect(validateView(modal)).toEqual([]);
    expect(modal.title.text).toBe(zhCn.remove.title);
    expect(modal.submit?.text).toBe(zhCn.remove.submit);
    expect(text(modal.blocks)).toContain(zhCn.remove.question(escaped(HOSTILE_CONTACT.ContactName)));
    expectEscaped(mrkdwnTexts(modal.blocks));
    const outcomes: RemoveOutcome[] = [
      { kind: 'sent', contactName: MAXIMAL_CONTACT.ContactName },
      { kind: 'sending', contactName: HOSTILE },
      { kind: 'no_contact' },
      { kind: 'in_progress', contactName: HOSTILE },
      { kind: 'already_requested', contactName: HOSTILE, since: NOW },
      { kind: 'error', detail: zhCn.remove.storeFailed },
    ];
    for (const outcome of outcomes) {
      const view = buildRemoveOutcome('zh-cn', outcome);
      expect(validateView(view), outcome.kind).toEqual([]);
      expect(view.close?.text).toBe(zhCn.remove.close);
      expectEscaped(mrkdwnTexts(view.blocks));
      expect(text(view.blocks), outcome.kind).not.toMatch(/request|admins|nothing/);
    }
    expect(buildRemoveOutcome('zh-cn', { kind: 'no_contact' }).title.text).toBe(zhCn.remove.outcome.noContact.title);
  });
});
