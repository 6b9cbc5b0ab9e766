/**
 * The reject-reason modal (src/blocks/reject-modal.ts): request id only in private_metadata (state travels as an id),
 * optional reason input bounded to what the DM shows (1000), within Block Kit limits.
 */
import { describe, expect, it } from 'vitest';
import { buildRejectModal } from '../../../src/blocks/reject-modal.js';
import { BLOCK_ID, CALLBACK_ID } from '../../../src/slack/ids.js';
import { validateView } from '../../fakes/block-kit-limits.js';
import { expectEscaped, mrkdwnTexts } from './mrkdwn-checks.js';
import { HOSTILE_CONTACT, MAXIMAL_CONTACT, REQUEST_ID, requestIn } from './request-fixtures.js';

describe('buildRejectModal', () => {
  it('carries only the request id in private_metadata', () => {
    const view = buildRejectModal(requestIn('pending'));
    expect(JSON.parse(view.private_metadata ?? 'null')).toEqual({ requestId: REQUEST_ID });
    expect(view.callback_id).toBe(CALLBACK_ID.rejectModal);
  });

  it('has an optional reason input of at most 1000 characters', () => {
    const view = buildRejectModal(requestIn('pending'));
    const input = view.blocks.find((block) => block.type === 'input' && block.block_id === BLOCK_ID.rejectReason);
    expect(input).toMatchObject({ optional: true, element: { max_length: 1000 } });
  });

  it('escapes the contact name and passes the validator', () => {
    for (const contact of [HOSTILE_CONTACT, MAXIMAL_CONTACT]) {
      const view = buildRejectModal(requestIn('pending', { contact }));
      expectEscaped(mrkdwnTexts(view.blocks));
      expect(validateView(view)).toEqual([]);
    }
  });
});
