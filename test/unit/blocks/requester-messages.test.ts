/**
 * DMs to the requester (src/blocks/requester-messages.ts): registered (with and without channels waiting for
 * activation), activation reminder, rejection with an escaped reason. Phones masked to the last 4 digits, user
 * text escaped, Block Kit limits respected.
 */
import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import {
  buildActivationConfirmed,
  buildActivationReminder,
  buildRegisteredDm,
  buildRejectedDm,
  buildStillPending,
} from '../../../src/blocks/requester-messages.js';
import { ACTION_ID } from '../../../src/slack/ids.js';
import { BLOCK_KIT_LIMITS, validateMessageBlocks } from '../../fakes/block-kit-limits.js';
import { escaped, expectEscaped, messageTexts } from './mrkdwn-checks.js';
import { CONTACT, HOSTILE, HOSTILE_CONTACT, MAXIMAL_CONTACT, PHONE, requestIn } from './request-fixtures.js';

interface Button {
  type: string;
  action_id: string;
  value?: string;
}

const buttons = (message: { blocks: types.KnownBlock[] }): Button[] =>
  message.blocks.flatMap((block) => (block.type === 'actions' ? (block.elements as unknown as Button[]) : []));

const all = (message: { text: string; blocks: types.KnownBlock[] }) => messageTexts(message).join('\n');

describe('buildRegisteredDm', () => {
  it('with nothing pending: says the contact is registered, no activation steps, no button', () => {
    const message = buildRegisteredDm('en', requestIn('registered'), []);
    expect(all(message)).toContain(CONTACT.ContactName);
    expect(buttons(message)).toEqual([]);
    expect(all(message)).not.toMatch(/activate/i);
  });

  it('with SMS and Mail pending: one line per channel, phone masked, and a check-now button with the ContactName', () => {
    const message = buildRegisteredDm('en', requestIn('registered'), ['SMS', 'Mail']);
    const text = all(message);
    expect(text).toMatch(/SMS/);
    expect(text).toMatch(/Email|Mail/);
    expect(text).toMatch(/\*{7}1234/);
    expect(JSON.stringify(message)).not.toContain(PHONE);
    expect(text).toContain('@example.com');
    expect(buttons(message)).toEqual([
      expect.objectContaining({ action_id: ACTION_ID.checkActivation, value: CONTACT.ContactName }),
    ]);
    expect(message.text).toMatch(/SMS/);
  });

  it('words a change differently from a new registration', () => {
    const created = buildRegisteredDm('en', requestIn('registered'), []);
    const changed = buildRegisteredDm('en', requestIn('registered', { kind: 'update', previous: CONTACT }), []);
    expect(changed.text).not.toBe(created.text);
  });

  it('escapes user text', () => {
    const message = buildRegisteredDm('en', requestIn('registered', { contact: HOSTILE_CONTACT }), ['SMS', 'Mail']);
    expectEscaped(messageTexts(message));
    expect(all(message)).toContain(escaped(HOSTILE_CONTACT.ContactName));
  });
});

describe('buildActivationReminder', () => {
  it('names the pending channels, masks the phone, and offers the check-now button', () => {
    const message = buildActivationReminder('en', CONTACT, ['SMS']);
    expect(message.text).toMatch(/SMS/);
    expect(all(message)).toMatch(/\*{7}1234/);
    expect(JSON.stringify(message)).not.toContain(PHONE);
    expect(buttons(message).map((button) => button.value)).toEqual([CONTACT.ContactName]);
  });

  it('escapes user text', () => {
    const message = buildActivationReminder('en', HOSTILE_CONTACT, ['Mail', 'SMS']);
    expectEscaped(messageTexts(message));
  });
});

describe('buildRejectedDm', () => {
  it('includes the reason, escaped, and who rejected', () => {
    const request = requestIn('rejected', { decision: { action: 'reject', by: 'U0ADMIN', at: 0, reason: HOSTILE } });
    const message = buildRejectedDm('en', request);
    expectEscaped(messageTexts(message));
    expect(all(message)).toContain(escaped(HOSTILE));
    expect(all(message)).toContain('<@U0ADMIN>');
    expect(message.text).toContain(CONTACT.ContactName);
  });

  it('a multi-line reason stays inside the quote, every line escaped', () => {
    const request = requestIn('rejected', {
      decision: { action: 'reject', by: 'U0ADMIN', at: 0, reason: 'line one\n<!channel> line two' },
    });
    const text = all(buildRejectedDm('en', request));
    expect(text).toContain('>line one\n>&lt;!channel&gt; line two');
  });

  it('without a reason: no quote line', () => {
    const request = requestIn('rejected', { decision: { action: 'reject', by: 'U0ADMIN', at: 0 } });
    expect(all(buildRejectedDm('en', request))).not.toMatch(/\n>/);
  });
});

describe('Block Kit limits (maximal inputs)', () => {
  it('every requester message passes the validator', () => {
    const maximal = requestIn('registered', { contact: MAXIMAL_CONTACT });
    const rejected = requestIn('rejected', {
      contact: MAXIMAL_CONTACT,
      decision: { action: 'reject', by: 'U0ADMIN', at: 0, reason: '&'.repeat(1000) },
    });
    const messages = [
      buildRegisteredDm('en', maximal, []),
      buildRegisteredDm('en', maximal, ['SMS', 'Mail']),
      buildRegisteredDm('en', requestIn('registered', { contact: HOSTILE_CONTACT }), ['SMS', 'Mail']),
      buildActivationReminder('en', MAXIMAL_CONTACT, ['SMS', 'Mail']),
      buildActivationConfirmed('en', MAXIMAL_CONTACT),
      buildStillPending('en', MAXIMAL_CONTACT, ['Mail']),
      buildRejectedDm('en', rejected),
    ];
    for (const message of messages) {
      expect(validateMessageBlocks(message.blocks)).toEqual([]);
      expect([...message.text].length).toBeLessThanOrEqual(BLOCK_KIT_LIMITS.messageText);
      expect(message.text.length).toBeGreaterThan(0);
    }
  });
});
