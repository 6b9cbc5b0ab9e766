/**
 * The CloudMonitor fake driven by the REAL `@alicloud/pop-core` 1.8.0 RPCClient (and by raw `fetch` where a test
 * needs to craft or replay bytes). Expected behaviour, by the topics whose public sources test/fakes/cloudmonitor.ts
 * lists in its header: §2.4 (how pop-core surfaces each answer), §3 (signature), §4–§6 (actions), §7 (errors),
 * §8 (rate limit), §10 (the emulator's own choices).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import RPCClient from '@alicloud/pop-core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type FakeCloudMonitor,
  type FakeCmsOptions,
  type FaultKind,
  startFakeCloudMonitor,
} from '../../fakes/cloudmonitor.js';
import { buildSignedQuery, stringToSign } from '../../fakes/cms-signature.js';

const AK = 'test-access-key-id';
const SK = 'test-access-key-secret';
const POST = { method: 'POST', timeout: 2000 };
const GET = { method: 'GET', timeout: 2000 };
const UUID_V4_UPPER = /^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/;
const MINUTE = 60_000;

const fakes: FakeCloudMonitor[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function start(options?: FakeCmsOptions): Promise<FakeCloudMonitor> {
  const fake = await startFakeCloudMonitor(options);
  fakes.push(fake);
  return fake;
}

function clientFor(fake: FakeCloudMonitor, secret = SK, accessKeyId = AK, apiVersion = '2019-01-01'): RPCClient {
  return new RPCClient({ endpoint: fake.url, apiVersion, accessKeyId, accessKeySecret: secret });
}

/** Reads `o.k1.k2…` through unknown values (array indices as numbers). */
function at(o: unknown, ...keys: Array<string | number>): unknown {
  let cur: unknown = o;
  for (const k of keys) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

/** Awaits a promise that must reject and returns what it rejected with. */
async function rejectionOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to reject, but it resolved');
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Common parameters as pop-core would send them, for hand-made requests. */
function commonParams(action: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AccessKeyId: AK,
    Action: action,
    Format: 'JSON',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: randomUUID().replace(/-/g, ''),
    SignatureVersion: '1.0',
    Timestamp: isoSeconds(Date.now()),
    Version: '2019-01-01',
    ...extra,
  };
}

async function rawRequest(
  fake: FakeCloudMonitor,
  method: string,
  wire: string,
): Promise<{ status: number; contentType: string | null; json: unknown }> {
  const isPost = method === 'POST';
  const res = await fetch(isPost ? `${fake.url}/` : `${fake.url}/?${wire}`, {
    method,
    ...(isPost ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: wire } : {}),
  });
  const text = await res.text();
  const json: unknown = text === '' ? undefined : JSON.parse(text);
  return { status: res.status, contentType: res.headers.get('content-type'), json };
}

const DANA = {
  ContactName: 'dana_ops',
  Describe: 'On-call DBA (registered via Slack)',
  'Channels.SMS': '13800000000',
  'Channels.Mail': 'dana.ops+cms@example.com',
  'Channels.DingWebHook': 'https://oapi.dingtalk.com/robot/send?access_token=EXAMPLEONLY0000',
};

describe('PutContact / DescribeContactList / activation (§4, §5)', () => {
  it('stores the contact with PENDING SMS/Mail and OK DingWebHook; activate() flips PENDING to OK', async () => {
    const fake = await start();
    const cms = clientFor(fake);

    const put = await cms.request<unknown>('PutContact', DANA, POST);
    expect(at(put, 'Code')).toBe('200');
    expect(at(put, 'Success')).toBe(true);
    expect(String(at(put, 'RequestId'))).toMatch(UUID_V4_UPPER);

    const list = await cms.request<unknown>('DescribeContactList', { ContactName: 'dana_ops' }, POST);
    expect(at(list, 'Success')).toBe(true);
    expect(at(list, 'Total')).toBe(1);
    const contact = at(list, 'Contacts', 'Contact', 0);
    expect(at(contact, 'Name')).toBe('dana_ops');
    expect(at(contact, 'Desc')).toBe('On-call DBA (registered via Slack)');
    expect(at(contact, 'Lang')).toBe('zh-cn');
    expect(typeof at(contact, 'CreateTime')).toBe('number');
    expect(at(contact, 'UpdateTime')).toBe(at(contact, 'CreateTime'));
    expect({ ...(at(contact, 'Channels') as object) }).toEqual({
      SMS: '13800000000',
      Mail: 'dana.ops+cms@example.com',
      DingWebHook: DANA['Channels.DingWebHook'],
    });
    expect({ ...(at(contact, 'ChannelsState') as object) }).toEqual({
      SMS: 'PENDING',
      Mail: 'PENDING',
      DingWebHook: 'OK',
    });
    expect(at(contact, 'ContactGroups', 'ContactGroup')).toEqual([]);

    fake.activate('dana_ops', 'SMS');
    const after = await cms.request<unknown>('DescribeContactList', { ContactName: 'dana_ops' }, POST);
    expect({ ...(at(after, 'Contacts', 'Contact', 0, 'ChannelsState') as object) }).toEqual({
      SMS: 'OK',
      Mail: 'PENDING',
      DingWebHook: 'OK',
    });
    expect(fake.contacts.get('dana_ops')?.ChannelsState).toEqual({ SMS: 'OK', Mail: 'PENDING', DingWebHook: 'OK' });
  });

  it('activate() throws for an unknown contact or a channel the contact lacks', async () => {
    const fake = await start();
    await clientFor(fake).request<unknown>(
      'PutContact',
      { ContactName: 'mail_only', Describe: 'x', 'Channels.Mail': 'a@b.cn' },
      POST,
    );
    expect(() => fake.activate('nobody', 'SMS')).toThrow(/no contact/);
    expect(() => fake.activate('mail_only', 'SMS')).toThrow(/no SMS channel/);
  });

  it('accepts pop-core signatures over CJK names and awkward characters, and records decoded params without Signature', async () => {
    const fake = await start();
    const params = {
      ContactName: '李伟_ops',
      Describe: "on-call (DB) *primary* ~ it's 100% + more!",
      'Channels.Mail': 'dana.ops+cms@example.com',
      Lang: 'en',
    };
    await clientFor(fake).request<unknown>('PutContact', params, POST);
    const [recorded] = fake.requestsFor('PutContact');
    expect(recorded?.status).toBe(200);
    expect(recorded?.method).toBe('POST');
    expect(recorded?.params).toMatchObject({ ...params, Action: 'PutContact', Version: '2019-01-01', AccessKeyId: AK });
    expect(recorded?.params).not.toHaveProperty('Signature');
    expect(fake.contacts.get('李伟_ops')?.Desc).toBe(params.Describe);
    expect(fake.contacts.get('李伟_ops')?.Lang).toBe('en');
  });

  it('upserts by name: CreateTime kept, UpdateTime refreshed, unchanged SMS keeps OK, changed Mail goes PENDING, omitted Lang kept', async () => {
    let t = Date.now();
    const fake = await start({ now: () => t });
    const cms = clientFor(fake);
    await cms.request<unknown>('PutContact', { ...DANA, Lang: 'en' }, POST);
    fake.activate('dana_ops', 'SMS');
    fake.activate('dana_ops', 'Mail');
    const created = fake.contacts.get('dana_ops');

    t += 5_000;
    await cms.request<unknown>(
      'PutContact',
      { ...DANA, 'Channels.Mail': 'dana.new@example.com', Describe: 'v2' },
      POST,
    );
    const updated = fake.contacts.get('dana_ops');
    expect(updated?.CreateTime).toBe(created?.CreateTime);
    expect(updated?.UpdateTime).toBe((created?.UpdateTime ?? 0) + 5_000);
    expect(updated?.ChannelsState).toEqual({ SMS: 'OK', Mail: 'PENDING', DingWebHook: 'OK' });
    expect(updated?.Lang).toBe('en');
    expect(updated?.Desc).toBe('v2');
    expect(fake.contacts.size).toBe(1);
  });

  it('replace mode (default): a channel omitted on modify is removed', async () => {
    const fake = await start();
    const cms = clientFor(fake);
    await cms.request<unknown>('PutContact', DANA, POST);
    await cms.request<unknown>(
      'PutContact',
      { ContactName: 'dana_ops', Describe: 'd', 'Channels.Mail': DANA['Channels.Mail'] },
      POST,
    );
    const list = await cms.request<unknown>('DescribeContactList', { ContactName: 'dana_ops' }, POST);
    expect({ ...(at(list, 'Contacts', 'Contact', 0, 'Channels') as object) }).toEqual({ Mail: DANA['Channels.Mail'] });
    expect({ ...(at(list, 'Contacts', 'Contact', 0, 'ChannelsState') as object) }).toEqual({ Mail: 'PENDING' });
  });

  it('merge mode: a channel omitted on modify is kept', async () => {
    const fake = await start({ omittedChannels: 'merge' });
    const cms = clientFor(fake);
    await cms.request<unknown>('PutContact', DANA, POST);
    fake.activate('dana_ops', 'SMS');
    await cms.request<unknown>(
      'PutContact',
      { ContactName: 'dana_ops', Describe: 'd', 'Channels.Mail': 'other@example.com' },
      POST,
    );
    expect(fake.contacts.get('dana_ops')?.Channels).toEqual({
      SMS: '13800000000',
      Mail: 'other@example.com',
      DingWebHook: DANA['Channels.DingWebHook'],
    });
    expect(fake.contacts.get('dana_ops')?.ChannelsState).toEqual({ SMS: 'OK', Mail: 'PENDING', DingWebHook: 'OK' });
  });

  it("pendingValues 'hide' leaves PENDING values out of Channels but keeps their state", async () => {
    const fake = await start({ pendingValues: 'hide' });
    const cms = clientFor(fake);
    await cms.request<unknown>('PutContact', DANA, POST);
    const list = await cms.request<unknown>('DescribeContactList', { ContactName: 'dana_ops' }, POST);
    expect({ ...(at(list, 'Contacts', 'Contact', 0, 'Channels') as object) }).toEqual({
      DingWebHook: DANA['Channels.DingWebHook'],
    });
    expect(at(list, 'Contacts', 'Contact', 0, 'ChannelsState', 'SMS')).toBe('PENDING');
  });

  it('DescribeContactList: unknown name → Total 0 and an empty list; paging uses PageNumber/PageSize', async () => {
    const fake = await start();
    const cms = clientFor(fake);
    const none = await cms.request<unknown>('DescribeContactList', { ContactName: 'ghost' }, POST);
    expect(at(none, 'Success')).toBe(true);
    expect(at(none, 'Total')).toBe(0);
    expect(at(none, 'Contacts', 'Contact')).toEqual([]);

    for (const name of ['aa', 'bb', 'cc']) {
      await cms.request<unknown>('PutContact', { ContactName: name, Describe: name, 'Channels.AliIM': name }, POST);
    }
    const page2 = await cms.request<unknown>('DescribeContactList', { PageNumber: 2, PageSize: 2 }, POST);
    expect(at(page2, 'Total')).toBe(3);
    expect(at(page2, 'Contacts', 'Contact', 0, 'Name')).toBe('cc');
    expect(at(page2, 'Contacts', 'Contact', 1)).toBeUndefined();
    const all = await cms.request<unknown>('DescribeContactList', {}, POST);
    expect(at(all, 'Total')).toBe(3);

    const bad = await rejectionOf(cms.request<unknown>('DescribeContactList', { PageSize: 0 }, POST));
    expect(at(bad, 'code')).toBe('InvalidParameterValue');
  });

  it.each(['ContactNotExists', 'ResourceNotFound'] as const)(
    "unknownContactDescribe '%s' answers 404 with that code",
    async (code) => {
      const fake = await start({ unknownContactDescribe: code });
      const cms = clientFor(fake);
      const err = await rejectionOf(cms.request<unknown>('DescribeContactList', { ContactName: 'ghost' }, POST));
      expect(at(err, 'code')).toBe(code);
      expect(fake.requests.at(-1)?.status).toBe(404);
      // A name that exists is still listed.
      await cms.request<unknown>('PutContact', DANA, POST);
      expect(at(await cms.request<unknown>('DescribeContactList', { ContactName: 'dana_ops' }, POST), 'Total')).toBe(1);
    },
  );

  it('GET works too (params in the query string)', async () => {
    const fake = await start();
    const cms = clientFor(fake);
    const put = await cms.request<unknown>('PutContact', DANA, GET);
    expect(at(put, 'Success')).toBe(true);
    const list = await cms.request<unknown>('DescribeContactList', { ContactName: 'dana_ops' }, GET);
    expect(at(list, 'Total')).toBe(1);
    const recorded = fake.requests.at(-1);
    expect(recorded?.method).toBe('GET');
    expect(recorded?.rawBody).toBe('');
    expect(recorded?.rawQuery).toContain('Signature=');
    expect(recorded?.params.ContactName).toBe('dana_ops');
  });
});

describe('PutContact validation (§4.1, §10.6)', () => {
  const cases: Array<[string, Record<string, string>, string]> = [
    ['bad Lang (EN)', { ...DANA, Lang: 'EN' }, 'Lang'],
    ['bad Lang (zh_CN, the 2024 API spelling)', { ...DANA, Lang: 'zh_CN' }, 'Lang'],
    ['SMS with country code', { ...DANA, 'Channels.SMS': '+8613800000000' }, 'Channels.SMS'],
    ['SMS too short', { ...DANA, 'Channels.SMS': '1380000000' }, 'Channels.SMS'],
    ['SMS sent as "undefined" (pop-core gotcha §2.3)', { ...DANA, 'Channels.SMS': 'undefined' }, 'Channels.SMS'],
    ['no channel', { ContactName: 'dana_ops', Describe: 'd' }, 'Channels'],
    ['1-char name', { ...DANA, ContactName: 'd' }, 'ContactName'],
    ['41-char name', { ...DANA, ContactName: 'a'.repeat(41) }, 'ContactName'],
    ['name with a space', { ...DANA, ContactName: 'dana ops' }, 'ContactName'],
    ['mail without a dot in the domain', { ...DANA, 'Channels.Mail': 'dana@localhost' }, 'Channels.Mail'],
    ['mail with two @', { ...DANA, 'Channels.Mail': 'a@b@c.com' }, 'Channels.Mail'],
    ['webhook not http(s)', { ...DANA, 'Channels.DingWebHook': 'ftp://x' }, 'Channels.DingWebHook'],
    ['empty channel value', { ...DANA, 'Channels.AliIM': '' }, 'Channels.AliIM'],
  ];

  it.each(cases)('%s → 400 InvalidParameterValue naming %s', async (_label, params, field) => {
    const fake = await start();
    const err = await rejectionOf(clientFor(fake).request<unknown>('PutContact', params, POST));
    expect(err).toBeInstanceOf(Error);
    expect(at(err, 'code')).toBe('InvalidParameterValue');
    expect(at(err, 'name')).toBe('InvalidParameterValueError');
    expect(String(at(err, 'data', 'Message'))).toContain(`The value of ${field} is invalid`);
    expect(at(err, 'data', 'Success')).toBe(false);
    expect(String(at(err, 'data', 'RequestId'))).toMatch(UUID_V4_UPPER);
    expect(fake.requests.at(-1)?.status).toBe(400);
    expect(fake.contacts.size).toBe(0);
  });

  it('missing ContactName / Describe → MissingContactName / MissingDescribe', async () => {
    const fake = await start();
    const cms = clientFor(fake);
    const noName = await rejectionOf(
      cms.request<unknown>('PutContact', { Describe: 'd', 'Channels.AliIM': 'x' }, POST),
    );
    expect(at(noName, 'code')).toBe('MissingContactName');
    expect(at(noName, 'data', 'Message')).toBe('ContactName is mandatory for this action.');
    const noDescribe = await rejectionOf(
      cms.request<unknown>('PutContact', { ContactName: 'ab', 'Channels.AliIM': 'x' }, POST),
    );
    expect(at(noDescribe, 'code')).toBe('MissingDescribe');
  });

  it('accepts CJK, hyphen, dot and 2/40-char names, and non-mainland SMS only when strictSms is false', async () => {
    const strict = await start();
    const cms = clientFor(strict);
    for (const name of ['李伟', 'tf-testAcc1234567', 'a.b', 'x'.repeat(40)]) {
      await expect(cms.request<unknown>('PutContact', { ...DANA, ContactName: name }, POST)).resolves.toMatchObject({
        Success: true,
      });
    }
    const lenient = await start({ strictSms: false });
    await expect(
      clientFor(lenient).request<unknown>('PutContact', { ...DANA, 'Channels.SMS': '+85291234567' }, POST),
    ).resolves.toMatchObject({ Success: true });
  });
});

describe('DeleteContact and contact groups (§6)', () => {
  async function seedThree(cms: RPCClient): Promise<void> {
    for (const name of ['alice', 'bob', 'carol']) {
      await cms.request<unknown>(
        'PutContact',
        { ContactName: name, Describe: name, 'Channels.Mail': `${name}@example.com` },
        POST,
      );
    }
  }

  it('DeleteContact of an unknown name → 404 ContactNotExists (default)', async () => {
    const fake = await start();
    const err = await rejectionOf(clientFor(fake).request<unknown>('DeleteContact', { ContactName: 'ghost' }, POST));
    expect(at(err, 'code')).toBe('ContactNotExists');
    expect(at(err, 'data', 'Success')).toBe(false);
    expect(fake.requests.at(-1)?.status).toBe(404);
  });

  it("DeleteContact of an unknown name succeeds with unknownContactDelete 'success'", async () => {
    const fake = await start({ unknownContactDelete: 'success' });
    await expect(
      clientFor(fake).request<unknown>('DeleteContact', { ContactName: 'ghost' }, POST),
    ).resolves.toMatchObject({ Code: '200', Success: true });
  });

  it('PutContactGroup sets membership, replaces it on the next call, rejects unknown names; DeleteContact removes from groups', async () => {
    const fake = await start();
    const cms = clientFor(fake);
    await seedThree(cms);

    await cms.request<unknown>(
      'PutContactGroup',
      { ContactGroupName: 'dba', Describe: 'DBAs', EnableSubscribed: true, ContactNames: ['alice', 'bob'] },
      POST,
    );
    expect(fake.requestsFor('PutContactGroup')[0]?.params).toMatchObject({
      'ContactNames.1': 'alice',
      'ContactNames.2': 'bob',
    });
    let groups = await cms.request<unknown>('DescribeContactGroupList', {}, POST);
    expect(at(groups, 'Total')).toBe(1);
    expect(at(groups, 'ContactGroups', 'ContactGroup')).toEqual(['dba']);
    const g = at(groups, 'ContactGroupList', 'ContactGroup', 0);
    expect(at(g, 'Name')).toBe('dba');
    expect(at(g, 'Describe')).toBe('DBAs');
    expect(at(g, 'EnableSubscribed')).toBe(true);
    expect(typeof at(g, 'EnabledWeeklyReport')).toBe('boolean');
    expect(typeof at(g, 'CreateTime')).toBe('number');
    expect(at(g, 'Contacts', 'Contact')).toEqual(['alice', 'bob']);
    const alice = await cms.request<unknown>('DescribeContactList', { ContactName: 'alice' }, POST);
    expect(at(alice, 'Contacts', 'Contact', 0, 'ContactGroups', 'ContactGroup')).toEqual(['dba']);

    await cms.request<unknown>('PutContactGroup', { ContactGroupName: 'dba', ContactNames: ['carol', 'bob'] }, POST);
    expect(fake.groups.get('dba')?.ContactNames).toEqual(['carol', 'bob']);
    expect(fake.groups.get('dba')?.Describe).toBe('DBAs');

    const err = await rejectionOf(
      cms.request<unknown>('PutContactGroup', { ContactGroupName: 'dba', ContactNames: ['carol', 'ghost'] }, POST),
    );
    expect(at(err, 'code')).toBe('InvalidParameterValue');
    expect(String(at(err, 'data', 'Message'))).toContain('ContactNames.2');
    expect(fake.groups.get('dba')?.ContactNames).toEqual(['carol', 'bob']);

    const byGroup = await cms.request<unknown>('DescribeContactListByContactGroup', { ContactGroupName: 'dba' }, POST);
    expect(at(byGroup, 'Contacts', 'Contact', 0, 'Name')).toBe('carol');
    expect(at(byGroup, 'Contacts', 'Contact', 1, 'Channels', 'Mail')).toBe('bob@example.com');

    await cms.request<unknown>('DeleteContact', { ContactName: 'bob' }, POST);
    expect(fake.contacts.has('bob')).toBe(false);
    expect(fake.groups.get('dba')?.ContactNames).toEqual(['carol']);

    groups = await cms.request<unknown>('DescribeContactGroupList', { PageNumber: 2, PageSize: 1 }, POST);
    expect(at(groups, 'Total')).toBe(1);
    expect(at(groups, 'ContactGroups', 'ContactGroup')).toEqual([]);
  });

  it('PutContactGroup without ContactGroupName → MissingContactGroupName; unknown group → ContactGroup.NotExists', async () => {
    const fake = await start();
    const cms = clientFor(fake);
    expect(at(await rejectionOf(cms.request<unknown>('PutContactGroup', { Describe: 'x' }, POST)), 'code')).toBe(
      'MissingContactGroupName',
    );
    expect(
      at(
        await rejectionOf(
          cms.request<unknown>('DescribeContactListByContactGroup', { ContactGroupName: 'nope' }, POST),
        ),
        'code',
      ),
    ).toBe('ContactGroup.NotExists');
  });

  it('seedContact / seedGroup simulate data created outside the bot', async () => {
    const fake = await start();
    fake.seedContact({
      Name: 'legacy',
      Desc: 'made in console',
      Channels: { SMS: '13900000000' },
      ChannelsState: { SMS: 'OK' },
    });
    fake.seedContact({ Name: 'fresh', Channels: { Mail: 'f@example.com' } });
    fake.seedGroup({ Name: 'ops', ContactNames: ['legacy'] });
    expect(() => fake.seedGroup({ Name: 'bad', ContactNames: ['ghost'] })).toThrow(/ghost/);
    const list = await clientFor(fake).request<unknown>('DescribeContactList', {}, POST);
    expect(at(list, 'Total')).toBe(2);
    expect(at(list, 'Contacts', 'Contact', 0, 'ChannelsState', 'SMS')).toBe('OK');
    expect(at(list, 'Contacts', 'Contact', 0, 'ContactGroups', 'ContactGroup')).toEqual(['ops']);
    expect(at(list, 'Contacts', 'Contact', 1, 'ChannelsState', 'Mail')).toBe('PENDING');
  });
});

describe('gateway checks (§3, §7)', () => {
  it('wrong secret → SignatureDoesNotMatch (400) echoing the server string to sign', async () => {
    const fake = await start();
    const err = await rejectionOf(clientFor(fake, 'wrong-secret').request<unknown>('PutContact', DANA, POST));
    expect(err).toBeInstanceOf(Error);
    expect(at(err, 'code')).toBe('SignatureDoesNotMatch');
    const recorded = fake.requests.at(-1);
    expect(recorded?.status).toBe(400);
    expect(at(err, 'data', 'Message')).toBe(
      `Specified signature is not matched with our calculation. server string to sign is:${stringToSign('POST', recorded?.params ?? {})}`,
    );
    const body = at(err, 'data');
    expect(Object.keys(body as object).sort()).toEqual(['Code', 'HostId', 'Message', 'Recommend', 'RequestId']);
    expect(at(body, 'HostId')).toBe(fake.url.replace('http://', ''));
    expect(String(at(body, 'RequestId'))).toMatch(UUID_V4_UPPER);
    expect(fake.contacts.size).toBe(0);
  });

  it('unknown AccessKeyId → 404 InvalidAccessKeyId.NotFound', async () => {
    const fake = await start({ accessKeys: { 'other-id': 'other-secret' } });
    const err = await rejectionOf(clientFor(fake).request<unknown>('DescribeContactList', {}, POST));
    expect(at(err, 'code')).toBe('InvalidAccessKeyId.NotFound');
    expect(fake.requests.at(-1)?.status).toBe(404);
    await expect(
      clientFor(fake, 'other-secret', 'other-id').request<unknown>('DescribeContactList', {}, POST),
    ).resolves.toMatchObject({ Success: true });
  });

  it('unknown action → 404 InvalidApi.NotFound; other Version → 400 InvalidVersion', async () => {
    const fake = await start();
    const notFound = await rejectionOf(clientFor(fake).request<unknown>('DescribeRegions', {}, POST));
    expect(at(notFound, 'code')).toBe('InvalidApi.NotFound');
    expect(fake.requests.at(-1)?.status).toBe(404);
    const badVersion = await rejectionOf(
      clientFor(fake, SK, AK, '2018-03-08').request<unknown>('PutContact', DANA, POST),
    );
    expect(at(badVersion, 'code')).toBe('InvalidVersion');
    expect(fake.requests.at(-1)?.status).toBe(400);
  });

  it('a replayed request (same raw body re-sent) → SignatureNonceUsed', async () => {
    const fake = await start();
    await clientFor(fake).request<unknown>('PutContact', DANA, POST);
    const rawBody = fake.requests[0]?.rawBody ?? '';
    expect(rawBody).toMatch(/&Signature=[^&]+$/);
    const replay = await rawRequest(fake, 'POST', rawBody);
    expect(replay.status).toBe(400);
    expect(at(replay.json, 'Code')).toBe('SignatureNonceUsed');
    expect(at(replay.json, 'Message')).toBe('Specified signature nonce was used already.');
  });

  it('the nonce is recorded only after the signature passed', async () => {
    const fake = await start();
    const params = commonParams('DescribeContactList');
    const bad = await rawRequest(fake, 'POST', buildSignedQuery('POST', params, 'not-the-secret'));
    expect(at(bad.json, 'Code')).toBe('SignatureDoesNotMatch');
    const good = await rawRequest(fake, 'POST', buildSignedQuery('POST', params, SK));
    expect(good.status).toBe(200);
    expect(at(good.json, 'Success')).toBe(true);
    const again = await rawRequest(fake, 'POST', buildSignedQuery('POST', params, SK));
    expect(at(again.json, 'Code')).toBe('SignatureNonceUsed');
  });

  it('a request signed as POST but sent as GET fails: the method is part of the string to sign', async () => {
    const fake = await start();
    const res = await rawRequest(fake, 'GET', buildSignedQuery('POST', commonParams('DescribeContactList'), SK));
    expect(at(res.json, 'Code')).toBe('SignatureDoesNotMatch');
    expect(String(at(res.json, 'Message'))).toContain('server string to sign is:GET&%2F&');
  });

  it('timestamp outside ±15 min of the server clock → InvalidTimeStamp.Expired; inside is accepted', async () => {
    let offset = 16 * MINUTE;
    const fake = await start({ now: () => Date.now() + offset });
    const cms = clientFor(fake);
    const late = await rejectionOf(cms.request<unknown>('DescribeContactList', {}, POST));
    expect(at(late, 'code')).toBe('InvalidTimeStamp.Expired');
    expect(at(late, 'data', 'Message')).toBe('Specified time stamp or date value is expired.');
    offset = -16 * MINUTE;
    expect(at(await rejectionOf(cms.request<unknown>('DescribeContactList', {}, POST)), 'code')).toBe(
      'InvalidTimeStamp.Expired',
    );
    offset = 14 * MINUTE;
    await expect(cms.request<unknown>('DescribeContactList', {}, POST)).resolves.toMatchObject({ Success: true });
  });

  it('malformed Timestamp → InvalidTimeStamp.Format; missing common param → Missing…; other SignatureMethod → InvalidSignatureMethod', async () => {
    const fake = await start();
    const fmt = await rawRequest(
      fake,
      'POST',
      buildSignedQuery('POST', commonParams('DescribeContactList', { Timestamp: '2024-01-01 00:00:00' }), SK),
    );
    expect(at(fmt.json, 'Code')).toBe('InvalidTimeStamp.Format');

    const { SignatureNonce: _dropped, ...noNonce } = commonParams('DescribeContactList');
    const missingNonce = await rawRequest(fake, 'POST', buildSignedQuery('POST', noNonce, SK));
    expect(missingNonce.status).toBe(400);
    expect(at(missingNonce.json, 'Code')).toBe('MissingSignatureNonce');
    expect(at(missingNonce.json, 'Message')).toBe('SignatureNonce is mandatory for this action.');

    const sha256 = await rawRequest(
      fake,
      'POST',
      buildSignedQuery('POST', commonParams('DescribeContactList', { SignatureMethod: 'HMAC-SHA256' }), SK),
    );
    expect(at(sha256.json, 'Code')).toBe('InvalidSignatureMethod');

    const put = await fetch(`${fake.url}/`, { method: 'PUT' });
    expect(put.status).toBe(400);
    expect(at(await put.json(), 'Code')).toBe('UnsupportedHTTPMethod');
  });

  it('any path is accepted and query + form body are merged before verifying', async () => {
    const fake = await start();
    const params = commonParams('DescribeContactList', { ContactName: 'ghost' });
    const signature = buildSignedQuery('POST', params, SK);
    // common params in the query, API params + Signature in the body (how the official SDKs split them, §3 step 1)
    const query = signature
      .split('&')
      .filter((kv) => !kv.startsWith('ContactName=') && !kv.startsWith('Signature='))
      .join('&');
    const body = signature
      .split('&')
      .filter((kv) => kv.startsWith('ContactName=') || kv.startsWith('Signature='))
      .join('&');
    const res = await fetch(`${fake.url}/some/path?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(res.status).toBe(200);
    expect(at(await res.json(), 'Total')).toBe(0);
    expect(fake.requests.at(-1)?.path).toBe('/some/path');
    expect(fake.requests.at(-1)?.params.ContactName).toBe('ghost');
  });
});

describe('injected faults surface in pop-core as its lib/rpc.js handles them', () => {
  type Outcome =
    | { resolves: true; check: (body: unknown) => void }
    | { resolves: false; errorInstance: boolean; code?: string; name?: string };
  const table: Array<[FaultKind, number, Outcome]> = [
    [
      'Throttling.User',
      400,
      { resolves: false, errorInstance: true, code: 'Throttling.User', name: 'Throttling.UserError' },
    ],
    ['InternalError', 500, { resolves: false, errorInstance: true, code: 'InternalError', name: 'InternalErrorError' }],
    [
      'ServiceUnavailable',
      503,
      {
        resolves: true,
        check: (body) => {
          expect(at(body, 'Code')).toBeUndefined();
          expect(at(body, 'Success')).toBeUndefined();
          expect(at(body, 'Message')).toBe('Service Unavailable');
        },
      },
    ],
    ['html502', 502, { resolves: false, errorInstance: false, name: 'SyntaxError' }],
    ['empty', 200, { resolves: false, errorInstance: false, name: 'SyntaxError' }],
    [
      'successFalse',
      200,
      {
        resolves: true,
        check: (body) => {
          expect(at(body, 'Code')).toBe('200');
          expect(at(body, 'Success')).toBe(false);
        },
      },
    ],
    ['InvalidParameterValue', 400, { resolves: false, errorInstance: true, code: 'InvalidParameterValue' }],
    ['InvalidAuthorization', 403, { resolves: false, errorInstance: true, code: 'InvalidAuthorization' }],
  ];

  it.each(table)('%s → HTTP %i', async (fault, status, outcome) => {
    const fake = await start();
    const cms = clientFor(fake);
    fake.injectNext(fault);
    const call = cms.request<unknown>('PutContact', DANA, POST);
    if (outcome.resolves) {
      outcome.check(await call);
    } else {
      const err = await rejectionOf(call);
      expect(err instanceof Error).toBe(outcome.errorInstance);
      if (outcome.code !== undefined) expect(at(err, 'code')).toBe(outcome.code);
      if (outcome.name !== undefined) expect(at(err, 'name')).toBe(outcome.name);
      if (!outcome.errorInstance) expect(at(err, 'code')).toBeUndefined();
    }
    const recorded = fake.requests.at(-1);
    expect(recorded?.status).toBe(status);
    expect(recorded?.fault).toBe(fault);
    // the faulted request was not executed; the next one is
    expect(fake.contacts.size).toBe(0);
    await expect(cms.request<unknown>('PutContact', DANA, POST)).resolves.toMatchObject({ Success: true });
    expect(fake.contacts.has('dana_ops')).toBe(true);
    expect(fake.stats.injected).toBe(1);
  });

  it('html502 is served as text/html', async () => {
    const fake = await start();
    fake.injectNext('html502');
    const raw = await fetch(`${fake.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: buildSignedQuery('POST', commonParams('DescribeContactList'), SK),
    });
    expect(raw.status).toBe(502);
    expect(raw.headers.get('content-type')).toBe('text/html');
    expect(await raw.text()).toContain('502 Bad Gateway');
  });

  it('faults apply after the signature check, honour `action` and `times`', async () => {
    const fake = await start();
    const good = clientFor(fake);
    fake.injectNext('InternalError', { action: 'PutContact', times: 2 });

    const badSig = await rejectionOf(clientFor(fake, 'wrong').request<unknown>('PutContact', DANA, POST));
    expect(at(badSig, 'code')).toBe('SignatureDoesNotMatch');
    await expect(good.request<unknown>('DescribeContactList', {}, POST)).resolves.toMatchObject({ Success: true });

    for (let i = 0; i < 2; i++) {
      expect(at(await rejectionOf(good.request<unknown>('PutContact', DANA, POST)), 'code')).toBe('InternalError');
    }
    await expect(good.request<unknown>('PutContact', DANA, POST)).resolves.toMatchObject({ Success: true });
    expect(fake.requestsFor('PutContact').map((r) => r.code ?? r.status)).toEqual([
      'SignatureDoesNotMatch',
      'InternalError',
      'InternalError',
      200,
    ]);
  });
});

describe('rate limit (§8): 20 requests/s per AccessKeyId+Action', () => {
  it('25 PutContact calls in the same second → exactly 5 Throttling.User (frozen clock); the bucket refills', async () => {
    let t = Date.now();
    const fake = await start({ now: () => t });
    const cms = clientFor(fake);
    const results = await Promise.allSettled(
      Array.from({ length: 25 }, (_, i) =>
        cms.request<unknown>(
          'PutContact',
          { ContactName: `user_${i}`, Describe: 'd', 'Channels.AliIM': `im${i}` },
          POST,
        ),
      ),
    );
    const throttled = results.filter((r) => r.status === 'rejected' && at(r.reason, 'code') === 'Throttling.User');
    const ok = results.filter((r) => r.status === 'fulfilled');
    expect(throttled).toHaveLength(5);
    expect(ok).toHaveLength(20);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(at(rejected?.status === 'rejected' ? rejected.reason : undefined, 'data', 'Message')).toBe(
      'Request was denied due to user flow control.',
    );
    expect(fake.contacts.size).toBe(20);
    expect(fake.stats).toMatchObject({
      throttled: 5,
      byAction: { PutContact: 25 },
      throttledByAction: { PutContact: 5 },
    });
    expect(fake.requestsFor('PutContact').filter((r) => r.status === 400 && r.code === 'Throttling.User')).toHaveLength(
      5,
    );

    // another Action has its own bucket
    await expect(cms.request<unknown>('DescribeContactList', {}, POST)).resolves.toMatchObject({ Success: true });
    // half a second refills 10 tokens
    t += 500;
    const refill = await Promise.allSettled(
      Array.from({ length: 11 }, (_, i) =>
        cms.request<unknown>(
          'PutContact',
          { ContactName: `user_${i}`, Describe: 'd', 'Channels.AliIM': `im${i}` },
          POST,
        ),
      ),
    );
    expect(refill.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
  });

  it('25 quick PutContact calls on the real clock → some Throttling.User', async () => {
    const fake = await start();
    const cms = clientFor(fake);
    const results = await Promise.allSettled(
      Array.from({ length: 25 }, (_, i) =>
        cms.request<unknown>(
          'PutContact',
          { ContactName: `user_${i}`, Describe: 'd', 'Channels.AliIM': `im${i}` },
          POST,
        ),
      ),
    );
    const throttled = results.filter(
      (r) => r.status === 'rejected' && at(r.reason, 'code') === 'Throttling.User',
    ).length;
    expect(throttled).toBeGreaterThan(0);
    expect(fake.stats.throttled).toBe(throttled);
  });

  it('rateLimitPerSecond 0 disables the limit', async () => {
    const fake = await start({ rateLimitPerSecond: 0 });
    const cms = clientFor(fake);
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, () => cms.request<unknown>('DescribeContactList', {}, POST)),
    );
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(fake.stats.throttled).toBe(0);
  });
});

describe('latency, reset, admin routes, CLI', () => {
  it('setLatency delays answers: a pop-core timeout rejects while the write is still applied', async () => {
    const fake = await start();
    const cms = clientFor(fake);
    fake.setLatency(600, 'PutContact');
    const started = Date.now();
    const err = await rejectionOf(cms.request<unknown>('PutContact', DANA, { method: 'POST', timeout: 150 }));
    expect(at(err, 'name')).toBe('RequestTimeoutError');
    expect(Date.now() - started).toBeLessThan(550);
    expect(fake.contacts.has('dana_ops')).toBe(true);
    // other actions are not delayed
    await expect(
      cms.request<unknown>('DescribeContactList', {}, { method: 'POST', timeout: 300 }),
    ).resolves.toMatchObject({
      Total: 1,
    });
    fake.setLatency(0, 'PutContact');
    await expect(cms.request<unknown>('PutContact', DANA, { method: 'POST', timeout: 300 })).resolves.toMatchObject({
      Success: true,
    });
  });

  it('reset() forgets contacts, groups, requests, stats and queued faults', async () => {
    const fake = await start();
    const cms = clientFor(fake);
    await cms.request<unknown>('PutContact', DANA, POST);
    fake.seedGroup({ Name: 'g', ContactNames: ['dana_ops'] });
    fake.injectNext('InternalError');
    fake.reset();
    expect(fake.contacts.size).toBe(0);
    expect(fake.groups.size).toBe(0);
    expect(fake.requests).toHaveLength(0);
    expect(fake.stats).toEqual({ throttled: 0, byAction: {}, throttledByAction: {}, injected: 0 });
    await expect(cms.request<unknown>('DescribeContactList', {}, POST)).resolves.toMatchObject({ Total: 0 });
  });

  it('adminRoutes exposes /_fake/activate and /_fake/contacts (not Alibaba API); off by default', async () => {
    const plain = await start();
    const off = await fetch(`${plain.url}/_fake/contacts`);
    expect(at(await off.json(), 'Code')).toBe('MissingAction');

    const fake = await start({ adminRoutes: true });
    await clientFor(fake).request<unknown>('PutContact', DANA, POST);
    const act = await fetch(`${fake.url}/_fake/activate?name=dana_ops&channel=Mail`, { method: 'POST' });
    expect(act.status).toBe(200);
    expect(fake.contacts.get('dana_ops')?.ChannelsState.Mail).toBe('OK');
    const unknown = await fetch(`${fake.url}/_fake/activate?name=ghost&channel=SMS`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    const badChannel = await fetch(`${fake.url}/_fake/activate?name=dana_ops&channel=AliIM`, { method: 'POST' });
    expect(badChannel.status).toBe(400);
    const dump: unknown = await (await fetch(`${fake.url}/_fake/contacts`)).json();
    expect(at(dump, 'contacts', 0, 'Name')).toBe('dana_ops');
    expect(at(dump, 'contacts', 0, 'ChannelsState', 'Mail')).toBe('OK');
    expect(fake.requests).toHaveLength(1);
  });

  it('cloudmonitor-cli prints the endpoint and AccessKey (never an env-provided secret) and serves pop-core', async () => {
    const cli = fileURLToPath(new URL('../../fakes/cloudmonitor-cli.ts', import.meta.url));
    const secret = 'env-secret-must-not-be-printed';
    const child = spawn(process.execPath, ['--import', 'tsx', cli], {
      env: { ...process.env, FAKE_CMS_PORT: '0', FAKE_CMS_ACCESS_KEY_ID: 'cli-id', FAKE_CMS_ACCESS_KEY_SECRET: secret },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString('utf8');
          if (out.includes('\n')) resolve(out);
        });
        child.once('exit', (code) => reject(new Error(`cli exited early with ${String(code)}`)));
        setTimeout(() => reject(new Error('cli printed nothing within 10 s')), 10_000);
      });
      expect(line.trim().split('\n')).toHaveLength(1);
      expect(line).not.toContain(secret);
      expect(line).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID=cli-id');
      const endpoint = /CMS_ENDPOINT=(http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
      expect(endpoint).toBeDefined();
      const cms = new RPCClient({
        endpoint: endpoint ?? '',
        apiVersion: '2019-01-01',
        accessKeyId: 'cli-id',
        accessKeySecret: secret,
      });
      await cms.request<unknown>('PutContact', DANA, POST);
      const act = await fetch(`${endpoint ?? ''}/_fake/activate?name=dana_ops&channel=SMS`, { method: 'POST' });
      expect(act.status).toBe(200);
      const list = await cms.request<unknown>('DescribeContactList', { ContactName: 'dana_ops' }, POST);
      expect(at(list, 'Contacts', 'Contact', 0, 'ChannelsState', 'SMS')).toBe('OK');
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    }
  });
});

describe('behaviour switches (FakeCmsSwitches): set at start or with configure(), restored by reset()', () => {
  it("pendingValues 'mask' shows PENDING values masked (SMS first 7 digits + ****, Mail first letter + ****@domain); activated ones in clear", async () => {
    const fake = await start({ pendingValues: 'mask' });
    const cms = clientFor(fake);
    await cms.request<unknown>('PutContact', DANA, POST);
    fake.activate('dana_ops', 'Mail');
    const list = await cms.request<unknown>('DescribeContactList', { ContactName: 'dana_ops' }, POST);
    expect({ ...(at(list, 'Contacts', 'Contact', 0, 'Channels') as object) }).toEqual({
      SMS: '1380000****',
      Mail: DANA['Channels.Mail'],
      DingWebHook: DANA['Channels.DingWebHook'],
    });
    fake.seedGroup({ Name: 'g', ContactNames: ['dana_ops'] });
    const byGroup = await cms.request<unknown>('DescribeContactListByContactGroup', { ContactGroupName: 'g' }, POST);
    expect(at(byGroup, 'Contacts', 'Contact', 0, 'Channels', 'SMS')).toBe('1380000****');
    fake.configure({ pendingValues: 'show' });
    const shown = await cms.request<unknown>('DescribeContactList', { ContactName: 'dana_ops' }, POST);
    expect(at(shown, 'Contacts', 'Contact', 0, 'Channels', 'SMS')).toBe('13800000000');
    fake.configure({ pendingValues: 'mask' });
    fake.activate('dana_ops', 'SMS');
    fake.configure({});
    const active = await cms.request<unknown>('DescribeContactList', { ContactName: 'dana_ops' }, POST);
    expect(at(active, 'Contacts', 'Contact', 0, 'Channels', 'SMS')).toBe('13800000000');
  });

  it('pendingValues mask of a pending Mail keeps only its first letter and domain', async () => {
    const fake = await start({ pendingValues: 'mask' });
    fake.seedContact({ Name: 'li_wei', Channels: { Mail: 'li.wei@example.com' } });
    const list = await clientFor(fake).request<unknown>('DescribeContactList', { ContactName: 'li_wei' }, POST);
    expect(at(list, 'Contacts', 'Contact', 0, 'Channels', 'Mail')).toBe('l****@example.com');
  });

  it('configure() changes unknownContactDescribe while running; reset() restores the start value', async () => {
    const fake = await start();
    const cms = clientFor(fake);
    fake.configure({ unknownContactDescribe: 'ResourceNotFound' });
    expect(
      at(await rejectionOf(cms.request<unknown>('DescribeContactList', { ContactName: 'ghost' }, POST)), 'code'),
    ).toBe('ResourceNotFound');
    fake.reset();
    expect(at(await cms.request<unknown>('DescribeContactList', { ContactName: 'ghost' }, POST), 'Total')).toBe(0);
  });

  it('pageSizeCap cuts every page of DescribeContactGroupList and DescribeContactList; Total counts all', async () => {
    const fake = await start({ pageSizeCap: 2 });
    for (const name of ['aa', 'bb', 'cc', 'dd', 'ee']) {
      fake.seedContact({ Name: name, Channels: { AliIM: name } });
      fake.seedGroup({ Name: `g-${name}` });
    }
    const cms = clientFor(fake);
    const groups = await cms.request<unknown>('DescribeContactGroupList', { PageNumber: 1, PageSize: 100 }, POST);
    expect(at(groups, 'Total')).toBe(5);
    expect(at(groups, 'ContactGroupList', 'ContactGroup')).toHaveLength(2);
    expect(at(groups, 'ContactGroups', 'ContactGroup')).toEqual(['g-aa', 'g-bb']);
    const third = await cms.request<unknown>('DescribeContactGroupList', { PageNumber: 3, PageSize: 100 }, POST);
    expect(at(third, 'ContactGroups', 'ContactGroup')).toEqual(['g-ee']);
    const contacts = await cms.request<unknown>('DescribeContactList', { PageNumber: 2, PageSize: 100 }, POST);
    expect(at(contacts, 'Total')).toBe(5);
    expect((at(contacts, 'Contacts', 'Contact') as unknown[]).map((c) => at(c, 'Name'))).toEqual(['cc', 'dd']);
    // A smaller PageSize than the cap is honoured.
    const one = await cms.request<unknown>('DescribeContactList', { PageNumber: 1, PageSize: 1 }, POST);
    expect(at(one, 'Contacts', 'Contact')).toHaveLength(1);
  });

  it("contactNameMatch 'contains' lists every contact whose name contains the filter; 'exact' (default) only the name", async () => {
    const fake = await start({ contactNameMatch: 'contains' });
    for (const name of ['dana_ops', 'dana_ops_2', 'li_wei'])
      fake.seedContact({ Name: name, Channels: { AliIM: name } });
    const cms = clientFor(fake);
    const contains = await cms.request<unknown>('DescribeContactList', { ContactName: 'dana_ops' }, POST);
    expect(at(contains, 'Total')).toBe(2);
    expect((at(contains, 'Contacts', 'Contact') as unknown[]).map((c) => at(c, 'Name'))).toEqual([
      'dana_ops',
      'dana_ops_2',
    ]);
    fake.configure({ contactNameMatch: 'exact' });
    expect(at(await cms.request<unknown>('DescribeContactList', { ContactName: 'dana_ops' }, POST), 'Total')).toBe(1);
  });

  it("emptyGroupPage 'ResourceNotFound' answers a DescribeContactGroupList page without groups with 404 ResourceNotFound", async () => {
    const fake = await start({ emptyGroupPage: 'ResourceNotFound' });
    const cms = clientFor(fake);
    expect(at(await rejectionOf(cms.request<unknown>('DescribeContactGroupList', {}, POST)), 'code')).toBe(
      'ResourceNotFound',
    );
    expect(fake.requests.at(-1)?.status).toBe(404);
    fake.seedGroup({ Name: 'g' });
    expect(at(await cms.request<unknown>('DescribeContactGroupList', {}, POST), 'Total')).toBe(1);
    expect(
      at(await rejectionOf(cms.request<unknown>('DescribeContactGroupList', { PageNumber: 2 }, POST)), 'code'),
    ).toBe('ResourceNotFound');
  });

  it('keyRevoked: every call answers 404 InvalidAccessKeyId.NotFound and changes nothing; configure({ keyRevoked: false }) restores it', async () => {
    const fake = await start();
    const cms = clientFor(fake);
    await cms.request<unknown>('PutContact', DANA, POST);
    fake.configure({ keyRevoked: true });
    for (const [action, params] of [
      ['DescribeContactList', { ContactName: 'dana_ops' }],
      ['DeleteContact', { ContactName: 'dana_ops' }],
      ['PutContactGroup', { ContactGroupName: 'g', 'ContactNames.1': 'dana_ops' }],
      ['DescribeContactGroupList', {}],
      ['PutContact', DANA],
    ] as const) {
      const err = await rejectionOf(cms.request<unknown>(action, params, POST));
      expect(at(err, 'code'), action).toBe('InvalidAccessKeyId.NotFound');
      expect(fake.requests.at(-1)?.status).toBe(404);
    }
    expect(fake.contacts.has('dana_ops')).toBe(true);
    expect(fake.groups.size).toBe(0);
    fake.configure({ keyRevoked: false });
    await expect(cms.request<unknown>('DeleteContact', { ContactName: 'dana_ops' }, POST)).resolves.toMatchObject({
      Success: true,
    });
  });

  it('PutContactGroup keeps what it is not sent: no ContactNames.N keeps the members, no Describe / EnableSubscribed keep theirs', async () => {
    const fake = await start();
    fake.seedContact({ Name: 'alice', Channels: { Mail: 'alice@example.com' } });
    fake.seedGroup({ Name: 'dba', Describe: 'DBAs', EnableSubscribed: true, ContactNames: ['alice'] });
    const cms = clientFor(fake);
    await cms.request<unknown>('PutContactGroup', { ContactGroupName: 'dba' }, POST);
    expect(fake.groups.get('dba')).toMatchObject({ ContactNames: ['alice'], Describe: 'DBAs', EnableSubscribed: true });
    await cms.request<unknown>('PutContactGroup', { ContactGroupName: 'dba', EnableSubscribed: 'false' }, POST);
    expect(fake.groups.get('dba')).toMatchObject({
      ContactNames: ['alice'],
      Describe: 'DBAs',
      EnableSubscribed: false,
    });
    // A new group without members has none.
    await cms.request<unknown>('PutContactGroup', { ContactGroupName: 'empty', Describe: 'x' }, POST);
    expect(fake.groups.get('empty')?.ContactNames).toEqual([]);
  });
});
