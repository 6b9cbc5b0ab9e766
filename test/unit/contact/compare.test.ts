/**
 * diffContacts (src/contact/compare.ts): what an edit changes, field by field. ContactName is the identity
 * (PutContact "Creates or modifies an alert contact" by name:
 * https://www.alibabacloud.com/help/en/cms/cloudmonitor-1-0/developer-reference/api-cms-2019-01-01-putcontact) and is never reported.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffContacts, type FieldChange } from '../../../src/contact/compare.js';
import type { Contact } from '../../../src/contact/schema.js';

const before: Contact = {
  ContactName: 'dana_ops',
  Describe: 'DBA',
  Channels: { Mail: 'dana@example.com', SMS: '13800001234' },
  Lang: 'en',
};

const byField = (changes: FieldChange[]) => Object.fromEntries(changes.map((change) => [change.field, change]));

describe('diffContacts', () => {
  it('is empty for the same contact, and for an equal copy', () => {
    expect(diffContacts(before, before)).toEqual([]);
    expect(diffContacts(before, structuredClone(before))).toEqual([]);
  });

  it('ignores ContactName (the identity)', () => {
    expect(diffContacts(before, { ...before, ContactName: 'other_name' })).toEqual([]);
  });

  it('reports a changed Describe with both values', () => {
    expect(diffContacts(before, { ...before, Describe: 'DBA lead' })).toEqual([
      { field: 'Describe', before: 'DBA', after: 'DBA lead' },
    ]);
  });

  it('reports added, removed and changed channels with undefined for the missing side', () => {
    const after: Contact = { ...before, Channels: { Mail: 'dana.ops@example.com', AliIM: 'dana' } };
    const changes = byField(diffContacts(before, after));
    expect(Object.keys(changes).sort()).toEqual(['Channels.AliIM', 'Channels.Mail', 'Channels.SMS']);
    expect(changes['Channels.Mail']).toEqual({
      field: 'Channels.Mail',
      before: 'dana@example.com',
      after: 'dana.ops@example.com',
    });
    expect(changes['Channels.SMS']).toEqual({ field: 'Channels.SMS', before: '13800001234', after: undefined });
    expect(changes['Channels.AliIM']).toEqual({ field: 'Channels.AliIM', before: undefined, after: 'dana' });
  });

  it('reports Lang going to and from automatic (absent)', () => {
    const { Lang: _omit, ...automatic } = before;
    expect(diffContacts(before, automatic)).toEqual([{ field: 'Lang', before: 'en', after: undefined }]);
    expect(diffContacts(automatic, before)).toEqual([{ field: 'Lang', before: undefined, after: 'en' }]);
  });

  it('treats an explicit undefined channel like an absent one', () => {
    expect(diffContacts(before, { ...before, Channels: { ...before.Channels, AliIM: undefined } })).toEqual([]);
  });

  it('property: one entry per differing field, each with the real before/after values', () => {
    const value = (values: string[]) => fc.option(fc.constantFrom(...values), { nil: undefined });
    const contact = fc.record({
      ContactName: fc.constantFrom('a_b', 'c_d'),
      Describe: fc.constantFrom('x', 'y'),
      Mail: value(['a@x.io', 'b@x.io']),
      SMS: value(['13800000000', '13900000000']),
      AliIM: value(['im1', 'im2']),
      DingWebHook: value(['https://oapi.dingtalk.com/robot/send?access_token=a']),
      Lang: value(['en', 'zh-cn']),
    });
    const toContact = (c: {
      ContactName: string;
      Describe: string;
      Mail?: string;
      SMS?: string;
      AliIM?: string;
      DingWebHook?: string;
      Lang?: string;
    }): Contact => {
      const out: Contact = { ContactName: c.ContactName, Describe: c.Describe, Channels: {} };
      for (const channel of ['Mail', 'SMS', 'AliIM', 'DingWebHook'] as const)
        if (c[channel] !== undefined) out.Channels[channel] = c[channel];
      if (c.Lang === 'en' || c.Lang === 'zh-cn') out.Lang = c.Lang;
      return out;
    };
    fc.assert(
      fc.property(contact, contact, (rawA, rawB) => {
        const a = toContact(rawA);
        const b = toContact(rawB);
        const changes = diffContacts(a, b);
        const fields = changes.map((change) => change.field);
        expect(new Set(fields).size).toBe(fields.length);
        const expected: string[] = [];
        if (a.Describe !== b.Describe) expected.push('Describe');
        for (const channel of ['Mail', 'SMS', 'AliIM', 'DingWebHook'] as const) {
          if (a.Channels[channel] !== b.Channels[channel]) expected.push(`Channels.${channel}`);
        }
        if (a.Lang !== b.Lang) expected.push('Lang');
        expect([...fields].sort()).toEqual([...expected].sort());
        const read = (c: Contact, field: FieldChange['field']) =>
          field === 'Describe'
            ? c.Describe
            : field === 'Lang'
              ? c.Lang
              : c.Channels[field.slice('Channels.'.length) as 'Mail'];
        for (const change of changes) {
          expect(change.before).toBe(read(a, change.field));
          expect(change.after).toBe(read(b, change.field));
        }
        // symmetric: the reverse edit touches the same fields
        expect(
          diffContacts(b, a)
            .map((change) => change.field)
            .sort(),
        ).toEqual([...fields].sort());
      }),
    );
  });
});
