/**
 * The site rule of the contact schema (src/contact/schema.ts, CMS_SITE): on Alibaba Cloud's international site SMS
 * and TradeManager (AliIM) are China-site-only channels, so a contact needs an email or a DingTalk webhook, and
 * SMS / AliIM never reach PutContact even when a crafted submission carries them. The China site keeps every channel.
 */
import { describe, expect, it } from 'vitest';
import { parseContact, SITE_CHANNELS } from '../../../src/contact/schema.js';

const BASE = { ContactName: 'dana_ops', Describe: 'On-call DBA' };
const WEBHOOK = 'https://oapi.dingtalk.com/robot/send?access_token=abc123';

describe('contact channels by site', () => {
  it('the international site offers email and DingTalk only; the China site all four', () => {
    expect(SITE_CHANNELS.international).toEqual(['Mail', 'DingWebHook']);
    expect(SITE_CHANNELS.china).toEqual(['Mail', 'SMS', 'AliIM', 'DingWebHook']);
  });

  it.each([
    ['SMS only', { SMS: '13800001234' }],
    ['TradeManager only', { AliIM: 'dana_im' }],
    ['SMS and TradeManager', { SMS: '13800001234', AliIM: 'dana_im' }],
    ['nothing', {}],
  ])('international, %s → the international "email or DingTalk" error on the email input', (_, channels) => {
    expect(parseContact({ ...BASE, Channels: channels }, 'international')).toEqual({
      ok: false,
      errors: { 'Channels.Mail': 'channels.atLeastOneInternational' },
    });
  });

  it('the China site still accepts SMS only or TradeManager only, and keeps its own error for no channel', () => {
    expect(parseContact({ ...BASE, Channels: { SMS: '13800001234' } }, 'china')).toMatchObject({
      ok: true,
      contact: { Channels: { SMS: '13800001234' } },
    });
    expect(parseContact({ ...BASE, Channels: { AliIM: 'dana_im' } })).toMatchObject({
      ok: true,
      contact: { Channels: { AliIM: 'dana_im' } },
    });
    expect(parseContact({ ...BASE, Channels: {} })).toEqual({
      ok: false,
      errors: { 'Channels.Mail': 'channels.atLeastOne' },
    });
  });

  it('international: email or DingTalk is enough, and SMS / AliIM sent along are dropped, not passed on', () => {
    const parsed = parseContact(
      { ...BASE, Channels: { Mail: 'dana@example.com', SMS: '13800001234', AliIM: 'dana_im', DingWebHook: WEBHOOK } },
      'international',
    );
    expect(parsed).toEqual({
      ok: true,
      contact: { ...BASE, Channels: { Mail: 'dana@example.com', DingWebHook: WEBHOOK } },
    });
    expect(parseContact({ ...BASE, Channels: { DingWebHook: WEBHOOK } }, 'international')).toMatchObject({ ok: true });
  });

  it('international: an invalid SMS value is no error there (the channel is not offered at all)', () => {
    expect(
      parseContact({ ...BASE, Channels: { Mail: 'dana@example.com', SMS: '+1 555 0100' } }, 'international'),
    ).toMatchObject({ ok: true });
    expect(
      parseContact({ ...BASE, Channels: { Mail: 'dana@example.com', SMS: '+1 555 0100' } }, 'china'),
    ).toMatchObject({ ok: false });
  });
});
