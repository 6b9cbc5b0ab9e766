/**
 * The contact modal on each Alibaba Cloud site (CMS_SITE): the international site's form has no SMS and no
 * TradeManager input (China-site-only channels), keeps email and DingTalk, and still passes the fake Slack's Block Kit
 * limits; the China site's form has all four channels.
 */
import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { buildContactModal } from '../../../src/blocks/contact-modal.js';
import { BLOCK_ID } from '../../../src/slack/ids.js';
import { validateView } from '../../fakes/block-kit-limits.js';

const blockIds = (view: types.ModalView) => view.blocks.map((block) => block.block_id);

describe('buildContactModal by site', () => {
  it.each(['en', 'zh-cn'] as const)(
    'international (%s): no SMS or TradeManager input; email and DingTalk stay',
    (locale) => {
      const view = buildContactModal(
        locale,
        { SMS: '13800001234', AliIM: 'dana_im', Mail: 'dana@example.com' },
        { kind: 'create' },
        [],
        [],
        'international',
      );
      expect(blockIds(view)).not.toContain(BLOCK_ID.sms);
      expect(blockIds(view)).not.toContain(BLOCK_ID.aliIm);
      expect(blockIds(view)).toEqual(
        expect.arrayContaining([
          BLOCK_ID.contactName,
          BLOCK_ID.describe,
          BLOCK_ID.mail,
          BLOCK_ID.dingWebHook,
          BLOCK_ID.lang,
        ]),
      );
      expect(JSON.stringify(view)).not.toContain('13800001234');
      expect(validateView(view)).toEqual([]);
    },
  );

  it('china (the default): all four channel inputs', () => {
    for (const view of [
      buildContactModal('en', {}, { kind: 'create' }),
      buildContactModal('en', {}, { kind: 'create' }, [], [], 'china'),
    ]) {
      expect(blockIds(view)).toEqual(
        expect.arrayContaining([BLOCK_ID.mail, BLOCK_ID.sms, BLOCK_ID.aliIm, BLOCK_ID.dingWebHook]),
      );
    }
  });
});
