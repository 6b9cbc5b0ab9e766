import { describe, expect, it } from 'vitest';
import type { RemoteContact } from '../../../src/cms/client.js';
import type { Contact } from '../../../src/contact/schema.js';
import { alreadyAsRequested } from '../../../src/requests/carry-out.js';

const wanted: Contact = {
  ContactName: 'dana_ops',
  Describe: 'DBA',
  Channels: { Mail: 'dana@example.com', SMS: '13800001234' },
};
const remote = (patch: Partial<RemoteContact> = {}): RemoteContact => ({
  ContactName: 'dana_ops',
  Describe: 'DBA',
  Lang: 'zh-cn',
  Channels: { Mail: 'dana@example.com', SMS: '13800001234' },
  ChannelsState: { Mail: 'PENDING', SMS: 'PENDING' },
  ContactGroups: [],
  ...patch,
});

describe('alreadyAsRequested (skip a repeated PutContact)', () => {
  it('is true when CloudMonitor shows exactly the requested contact; a Lang left unset is not compared', () => {
    expect(alreadyAsRequested(remote(), wanted)).toBe(true);
  });

  it('is false when a field differs or a channel is missing or extra', () => {
    expect(alreadyAsRequested(remote({ Describe: 'SRE' }), wanted)).toBe(false);
    expect(
      alreadyAsRequested(
        remote({ Channels: { Mail: 'dana@example.com' }, ChannelsState: { Mail: 'PENDING' } }),
        wanted,
      ),
    ).toBe(false);
    expect(
      alreadyAsRequested(
        remote({
          Channels: { ...wanted.Channels, AliIM: 'dana' },
          ChannelsState: { Mail: 'OK', SMS: 'OK', AliIM: 'OK' },
        }),
        wanted,
      ),
    ).toBe(false);
    expect(alreadyAsRequested(remote(), { ...wanted, Lang: 'en' })).toBe(false);
  });

  it('counts a pending channel listed without its value as written, unless the request changes that value', () => {
    const hidden = remote({ Channels: { Mail: 'dana@example.com' } });
    expect(alreadyAsRequested(hidden, wanted)).toBe(true);
    const previous: Contact = { ...wanted, Channels: { ...wanted.Channels, SMS: '13900001234' } };
    expect(alreadyAsRequested(hidden, wanted, previous)).toBe(false);
  });
});
