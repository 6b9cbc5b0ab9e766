/**
 * The `/alert-contact audit` answer (src/blocks/audit-entries.ts): one section per entry with when (a Slack date),
 * who, what, the request, and the CloudMonitor action, RequestId and outcome; every stored string escaped; within
 * Block Kit limits even for 21 maximal, hostile entries.
 */
import { describe, expect, it } from 'vitest';
import { AUDIT_ENTRIES_SHOWN, buildAuditEntries, describeAuditEntry } from '../../../src/blocks/audit-entries.js';
import { en } from '../../../src/i18n/en.js';
import { zhCn } from '../../../src/i18n/zh-cn.js';
import type { AuditEntry } from '../../../src/store/audit.js';
import { BLOCK_KIT_LIMITS, validateMessageBlocks } from '../../fakes/block-kit-limits.js';
import { escaped, expectEscaped, messageTexts, mrkdwnTexts } from './mrkdwn-checks.js';

const AT = Date.UTC(2026, 0, 15, 9, 30, 0);
const CMS_REQUEST_ID = 'F7FA82F0-8627-441B-9B2B-8663617F36B9';

const SUBMITTED: AuditEntry = {
  at: AT,
  actor: 'U0DANA',
  subject: 'U0DANA',
  action: 'request-submitted',
  requestId: 'req_0123456789abcdef',
  contactName: 'dana_ops',
  detail: 'create',
};
const APPROVED: AuditEntry = {
  at: AT + 60_000,
  actor: 'U0ADMIN',
  subject: 'U0DANA',
  action: 'decision-approve',
  requestId: 'req_0123456789abcdef',
  contactName: 'dana_ops',
};
const PUT: AuditEntry = {
  at: AT + 61_000,
  actor: 'bot',
  subject: 'U0DANA',
  action: 'putcontact',
  requestId: 'req_0123456789abcdef',
  contactName: 'dana_ops',
  cmsAction: 'PutContact',
  cmsRequestId: CMS_REQUEST_ID,
  outcome: 'ok',
};

const HOSTILE = '<!channel> <https://evil.example|click> & `code` *bold*';
/** Every stored string hostile (and not a user ID, so none becomes a mention). */
const HOSTILE_ENTRY: AuditEntry = {
  at: AT,
  actor: `bot ${HOSTILE}`,
  subject: `<@U0EVIL> ${HOSTILE}`,
  action: `made-up ${HOSTILE}`,
  requestId: `req ${HOSTILE}`,
  contactName: `name ${HOSTILE}`,
  cmsAction: `Put ${HOSTILE}`,
  cmsRequestId: `id ${HOSTILE}`,
  outcome: `Bad ${HOSTILE}`,
  detail: `Reason: ${HOSTILE}\n<!here> and more`,
};
/** As long as anything could be, made of characters that grow most when escaped. */
const MAXIMAL_ENTRY: AuditEntry = {
  at: AT,
  actor: '&'.repeat(500),
  subject: '<'.repeat(500),
  action: '>'.repeat(500),
  requestId: '&'.repeat(500),
  contactName: '李'.repeat(500),
  cmsAction: '&'.repeat(500),
  cmsRequestId: '<'.repeat(500),
  outcome: '&'.repeat(500),
  detail: '<&>'.repeat(2000),
};

describe('describeAuditEntry', () => {
  it('a submission: Slack date, the requester mentioned, what they did, the request and contact', () => {
    const text = describeAuditEntry('en', SUBMITTED);
    expect(text).toContain(`<!date^${AT / 1000}^{date_short_pretty} {time}|2026-01-15 09:30 UTC>`);
    expect(text).toContain('<@U0DANA> submitted a request');
    expect(text).toContain('`req_0123456789abcdef`');
    expect(text).toContain('*dana_ops*');
    // The subject is the actor: not named twice.
    expect(text.match(/<@U0DANA>/g)).toHaveLength(1);
  });

  it('a decision names the admin and whom it is about', () => {
    const text = describeAuditEntry('en', APPROVED);
    expect(text).toContain('<@U0ADMIN> approved');
    expect(text).toContain('of <@U0DANA>');
    expect(describeAuditEntry('en', { ...APPROVED, action: 'decision-reject', detail: 'Use the team alias' })).toMatch(
      /rejected[\s\S]*> Use the team alias/,
    );
  });

  it('a CloudMonitor call shows the action, the RequestId and the outcome', () => {
    const text = describeAuditEntry('en', PUT);
    expect(text).toContain('The bot called PutContact');
    expect(text).toContain('CloudMonitor *PutContact*');
    expect(text).toContain(`RequestId \`${CMS_REQUEST_ID}\``);
    expect(text).toContain(':white_check_mark: succeeded');
    expect(text).not.toContain('`ok`');
    const failed = describeAuditEntry('en', { ...PUT, outcome: 'InvalidParameterValue' });
    expect(failed).toContain('`InvalidParameterValue`');
    expect(failed).not.toContain(':white_check_mark:');
  });

  it('actors that are not people read as such; unknown actions are shown as they are', () => {
    expect(describeAuditEntry('en', { at: AT, actor: 'auto', action: 'decision-approve' })).toContain(
      'Auto-approval approved',
    );
    expect(describeAuditEntry('en', { at: AT, actor: 'slack', action: 'removal-requested' })).toContain(
      'Slack (user deactivated) asked to remove',
    );
    expect(describeAuditEntry('en', { at: AT, actor: 'bot', action: 'something-new' })).toContain(
      'The bot `something-new`',
    );
    // Names of Object.prototype members are not actions or actors.
    expect(describeAuditEntry('en', { at: AT, actor: 'constructor', action: 'toString' })).toContain(
      'constructor `toString`',
    );
  });

  it('escapes every stored string and keeps it readable; backticks cannot end a code span', () => {
    const text = describeAuditEntry('en', HOSTILE_ENTRY);
    expectEscaped([text]);
    expect(text).toContain(escaped('name <!channel> <https://evil.example|click> & `code` *bold*'));
    expect(text).toContain(escaped('Reason: <!channel>'));
    expect(text).not.toContain('<@U0EVIL>');
    // Inside code spans the only backticks are the span's own.
    for (const span of text.match(/`[^`]*`/g) ?? []) expect(span).not.toMatch(/^`.*`.*`$/);
    expect(text).toContain("&amp; 'code'");
    // The detail stays on one quoted line.
    expect(text.split('\n').filter((line) => line.startsWith('>'))).toHaveLength(1);
  });

  it('bounds each field so the section stays within 3000 characters without cutting an entity', () => {
    const text = describeAuditEntry('en', MAXIMAL_ENTRY);
    expect([...text].length).toBeLessThanOrEqual(BLOCK_KIT_LIMITS.sectionText);
    expectEscaped([text]);
    expect(text).toContain('…');
  });
});

describe('buildAuditEntries', () => {
  it('lists the entries in the order given (newest first), one section each, after a title', () => {
    const message = buildAuditEntries('en', [PUT, APPROVED, SUBMITTED]);
    const sections = message.blocks.filter((block) => block.type === 'section');
    expect(sections).toHaveLength(4);
    const texts = mrkdwnTexts(message.blocks);
    expect(texts[0]).toContain('Audit log');
    expect(texts[0]).toContain('3 latest entries');
    expect(texts.slice(1)).toEqual([
      describeAuditEntry('en', PUT),
      describeAuditEntry('en', APPROVED),
      describeAuditEntry('en', SUBMITTED),
    ]);
    expect(message.text).toBe('Audit log: 3 latest entries.');
    expect(validateMessageBlocks(message.blocks)).toEqual([]);
  });

  it('says whom a filtered list is about, and when there is nothing', () => {
    expect(mrkdwnTexts(buildAuditEntries('en', [SUBMITTED], 'U0DANA').blocks)[0]).toContain(
      '*Audit log about <@U0DANA>*: the latest entry',
    );
    const empty = buildAuditEntries('en', [], 'U0DANA');
    expect(empty.text).toBe('No audit entries about <@U0DANA> yet.');
    expect(validateMessageBlocks(empty.blocks)).toEqual([]);
    expect(buildAuditEntries('en', []).text).toBe('No audit entries yet.');
    // A subject is a user ID from a parsed mention; anything else in it is dropped, never rendered.
    expect(buildAuditEntries('en', [], 'U0X> <!channel').text).not.toContain('<!channel');
  });

  it(`shows at most ${AUDIT_ENTRIES_SHOWN} and notes that older entries exist`, () => {
    const many = Array.from({ length: AUDIT_ENTRIES_SHOWN + 1 }, (_, i) => ({ ...PUT, at: AT - i * 1000 }));
    const message = buildAuditEntries('en', many);
    expect(mrkdwnTexts(message.blocks).filter((text) => text.includes('PutContact'))).toHaveLength(AUDIT_ENTRIES_SHOWN);
    expect(message.blocks.at(-1)?.type).toBe('context');
    expect(JSON.stringify(message.blocks.at(-1))).toMatch(/npm run audit/);
    const exact = buildAuditEntries('en', many.slice(0, AUDIT_ENTRIES_SHOWN));
    expect(exact.blocks.some((block) => block.type === 'context')).toBe(false);
  });

  it('stays within Block Kit limits and escaped for a full page of maximal and hostile entries', () => {
    for (const entry of [MAXIMAL_ENTRY, HOSTILE_ENTRY]) {
      const message = buildAuditEntries(
        'en',
        Array.from({ length: AUDIT_ENTRIES_SHOWN + 1 }, () => entry),
        'U0DANA',
      );
      expect(validateMessageBlocks(message.blocks)).toEqual([]);
      expect(message.blocks.length).toBeLessThanOrEqual(BLOCK_KIT_LIMITS.messageBlocks);
      expectEscaped(messageTexts(message));
    }
  });

  it('is pure: same entries, same message; the entries are not modified', () => {
    const entries = [PUT, HOSTILE_ENTRY];
    const copy = structuredClone(entries);
    expect(buildAuditEntries('en', entries)).toEqual(buildAuditEntries('en', entries));
    expect(entries).toEqual(copy);
  });
});

describe('in Simplified Chinese', () => {
  it('describes entries with the Chinese catalogue: actors, actions, request, contact, CloudMonitor', () => {
    const put = describeAuditEntry('zh-cn', PUT);
    expect(put).toContain(`${zhCn.audit.actors.bot} ${zhCn.audit.actions.putcontact}`);
    expect(put).toContain(zhCn.audit.request('`req_0123456789abcdef`'));
    expect(put).toContain(zhCn.audit.contact('dana_ops'));
    expect(put).toContain(zhCn.audit.about('<@U0DANA>'));
    expect(put).toContain(zhCn.audit.cloudMonitor('PutContact'));
    expect(put).toContain(`RequestId \`${CMS_REQUEST_ID}\``);
    expect(describeAuditEntry('zh-cn', APPROVED)).toContain(`<@U0ADMIN> ${zhCn.audit.actions['decision-approve']}`);
    expect(describeAuditEntry('zh-cn', { at: AT, actor: 'bot', action: 'something-new' })).toContain(
      '机器人 `something-new`',
    );
  });

  it('the list: title, fallback text, empty list and older-entries note in Chinese', () => {
    const message = buildAuditEntries('zh-cn', [SUBMITTED], 'U0DANA');
    expect(mrkdwnTexts(message.blocks)[0]).toBe(zhCn.audit.titleAbout('<@U0DANA>', 1));
    expect(message.text).toBe(zhCn.audit.textAbout('<@U0DANA>', 1));
    expect(buildAuditEntries('zh-cn', [PUT, APPROVED]).text).toBe(zhCn.audit.text(2));
    expect(buildAuditEntries('zh-cn', []).text).toBe(zhCn.audit.none);
    expect(buildAuditEntries('zh-cn', [], 'U0DANA').text).toBe(zhCn.audit.noneAbout('<@U0DANA>'));
    const many = buildAuditEntries(
      'zh-cn',
      Array.from({ length: AUDIT_ENTRIES_SHOWN + 1 }, () => PUT),
    );
    expect(JSON.stringify(many.blocks.at(-1))).toContain('npm run audit');
    expect(JSON.stringify(many.blocks.at(-1))).toContain('更早的记录未显示');
  });

  it('escaped and within Block Kit limits for a full page of maximal and hostile entries', () => {
    for (const entry of [MAXIMAL_ENTRY, HOSTILE_ENTRY]) {
      const message = buildAuditEntries(
        'zh-cn',
        Array.from({ length: AUDIT_ENTRIES_SHOWN + 1 }, () => entry),
        'U0DANA',
      );
      expect(validateMessageBlocks(message.blocks)).toEqual([]);
      expectEscaped(messageTexts(message));
      expect([...describeAuditEntry('zh-cn', entry)].length).toBeLessThanOrEqual(BLOCK_KIT_LIMITS.sectionText);
    }
  });
});

// Issue 13: the Slack view showed stored codes ("create", "SMS,Mail", "requester", "ok", "found") as they are.
describe('stored codes read as words, in both languages', () => {
  const REMINDER: AuditEntry = {
    at: AT,
    actor: 'bot',
    subject: 'U0DANA',
    action: 'activation-reminder',
    requestId: 'req_1',
    contactName: 'dana_ops',
    detail: 'SMS,Mail',
  };
  const CHECK: AuditEntry = {
    at: AT,
    actor: 'bot',
    subject: 'U0DANA',
    action: 'activation-check',
    cmsAction: 'DescribeContactList',
    outcome: 'found',
  };

  it.each([
    ['en', en],
    ['zh-cn', zhCn],
  ] as const)('%s: request kinds, removal origins, reminder channels and outcomes', (locale, catalogue) => {
    const detailLine = (entry: AuditEntry) =>
      describeAuditEntry(locale, entry)
        .split('\n')
        .find((line) => line.startsWith('> '));
    for (const kind of ['create', 'update', 'remove'] as const) {
      expect(detailLine({ ...SUBMITTED, detail: kind })).toBe(`> ${catalogue.audit.kinds[kind]}`);
    }
    for (const origin of ['requester', 'offboarding'] as const) {
      expect(detailLine({ at: AT, actor: 'U0DANA', action: 'removal-requested', detail: origin })).toBe(
        `> ${catalogue.audit.origins[origin]}`,
      );
    }
    const channels = [catalogue.fields['Channels.SMS'], catalogue.fields['Channels.Mail']].join(
      catalogue.status.separator,
    );
    expect(detailLine(REMINDER)).toBe(`> ${catalogue.audit.stillToActivate(channels)}`);
    expect(detailLine({ ...REMINDER, detail: 'Mail' })).toBe(
      `> ${catalogue.audit.stillToActivate(catalogue.fields['Channels.Mail'])}`,
    );
    expect(describeAuditEntry(locale, CHECK)).toContain(`:information_source: ${catalogue.audit.outcomes.found}`);
    expect(describeAuditEntry(locale, { ...CHECK, outcome: 'not-found' })).toContain(
      catalogue.audit.outcomes['not-found'],
    );
    expect(describeAuditEntry(locale, PUT)).toContain(`:white_check_mark: ${catalogue.audit.outcomes.ok}`);
    for (const entry of [SUBMITTED, REMINDER, CHECK, PUT]) {
      const text = describeAuditEntry(locale, entry);
      for (const raw of ['create', 'SMS,Mail', '`ok`', '`found`']) expect(text, raw).not.toContain(raw);
    }
  });

  it('CloudMonitor error codes, unknown codes and free text stay as written (escaped)', () => {
    expect(describeAuditEntry('zh-cn', { ...PUT, outcome: 'InvalidParameterValue' })).toContain(
      '`InvalidParameterValue`',
    );
    expect(describeAuditEntry('en', { ...SUBMITTED, detail: 'something-else' })).toContain('> something-else');
    expect(describeAuditEntry('en', { ...REMINDER, detail: 'SMS,Pager' })).toContain('> SMS,Pager');
    expect(describeAuditEntry('en', { ...APPROVED, action: 'decision-reject', detail: 'create <!channel>' })).toContain(
      '> create &lt;!channel&gt;',
    );
    // A known word under another action is not translated (a rejection reason "remove" stays "remove").
    expect(describeAuditEntry('en', { ...APPROVED, action: 'decision-reject', detail: 'remove' })).toContain(
      '> remove',
    );
  });
});
