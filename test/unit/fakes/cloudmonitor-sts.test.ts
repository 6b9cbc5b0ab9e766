/**
 * The CloudMonitor fake's STS security tokens and RAM refusals, driven by the real `@alicloud/pop-core` 1.8.0
 * RPCClient. Codes and messages: Alibaba Cloud's common (POP gateway) errors
 * (https://error-center.alibabacloud.com/status/product/Public): `MissingSecurityToken`,
 * `InvalidSecurityToken.Malformed` / `.MismatchWithAccessKey` / `.Expired` (HTTP 400), `Forbidden.RAM` (HTTP 403).
 */
import RPCClient from '@alicloud/pop-core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  type FakeCloudMonitor,
  type FakeCmsOptions,
  startFakeCloudMonitor,
} from '../../fakes/cloudmonitor.js';
import { buildSignedQuery } from '../../fakes/cms-signature.js';

const POST = { method: 'POST', timeout: 2000 };
const fakes: FakeCloudMonitor[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

async function start(options?: FakeCmsOptions): Promise<FakeCloudMonitor> {
  const fake = await startFakeCloudMonitor(options);
  fakes.push(fake);
  return fake;
}

function client(
  fake: FakeCloudMonitor,
  accessKeyId: string,
  accessKeySecret: string,
  securityToken?: string,
): RPCClient {
  return new RPCClient({
    endpoint: fake.url,
    apiVersion: '2019-01-01',
    accessKeyId,
    accessKeySecret,
    ...(securityToken ? { securityToken } : {}),
  });
}

/** What a call rejected with: CloudMonitor's code, HTTP status and message. */
async function refusal(call: Promise<unknown>): Promise<{ code: unknown; status: unknown; message: unknown }> {
  try {
    await call;
  } catch (error) {
    const e = error as {
      data?: { Code?: unknown; Message?: unknown };
      entry?: { response?: { statusCode?: unknown } };
    };
    return { code: e.data?.Code, status: e.entry?.response?.statusCode, message: e.data?.Message };
  }
  throw new Error('expected the call to be refused');
}

const list = (rpc: RPCClient) => rpc.request('DescribeContactList', {}, POST);

describe('fake CloudMonitor: STS security tokens', () => {
  it('accepts issued STS credentials with their token (signed like every other parameter), and records the token', async () => {
    const fake = await start();
    const sts = fake.issueStsCredentials();
    expect(sts.AccessKeyId).toMatch(/^STS\./);
    expect(sts.Expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    await expect(list(client(fake, sts.AccessKeyId, sts.AccessKeySecret, sts.SecurityToken))).resolves.toMatchObject({
      Success: true,
    });
    expect(fake.requests[0]?.params.SecurityToken).toBe(sts.SecurityToken);
  });

  it("refuses an STS AccessKey without its token, with another credential's token, with an unknown token, and once expired", async () => {
    const fake = await start();
    const one = fake.issueStsCredentials();
    const other = fake.issueStsCredentials();
    expect(await refusal(list(client(fake, one.AccessKeyId, one.AccessKeySecret)))).toEqual({
      code: 'MissingSecurityToken',
      status: 400,
      message: 'SecurityToken is mandatory for this action.',
    });
    expect(await refusal(list(client(fake, one.AccessKeyId, one.AccessKeySecret, other.SecurityToken)))).toEqual({
      code: 'InvalidSecurityToken.MismatchWithAccessKey',
      status: 400,
      message: 'Specified SecurityToken mismatch with the AccessKey.',
    });
    expect(await refusal(list(client(fake, one.AccessKeyId, one.AccessKeySecret, 'CAISnot-a-token')))).toEqual({
      code: 'InvalidSecurityToken.Malformed',
      status: 400,
      message: 'Specified SecurityToken is malformed.',
    });
    fake.expireSecurityToken(one.SecurityToken);
    expect(await refusal(list(client(fake, one.AccessKeyId, one.AccessKeySecret, one.SecurityToken)))).toEqual({
      code: 'InvalidSecurityToken.Expired',
      status: 400,
      message: 'Specified SecurityToken is expired.',
    });
    await expect(
      list(client(fake, other.AccessKeyId, other.AccessKeySecret, other.SecurityToken)),
    ).resolves.toMatchObject({ Success: true });
  });

  it("expires a token by the fake's clock at its Expiration", async () => {
    let clock = Date.now();
    const fake = await start({ now: () => clock });
    const sts = fake.issueStsCredentials(60_000);
    const rpc = client(fake, sts.AccessKeyId, sts.AccessKeySecret, sts.SecurityToken);
    await expect(list(rpc)).resolves.toMatchObject({ Success: true });
    clock += 61_000;
    expect((await refusal(list(rpc))).code).toBe('InvalidSecurityToken.Expired');
  });

  it('a permanent AccessKey with a token is a mismatch; with securityToken "required" it must carry one', async () => {
    const fake = await start();
    const sts = fake.issueStsCredentials();
    expect(
      (await refusal(list(client(fake, DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, sts.SecurityToken)))).code,
    ).toBe('InvalidSecurityToken.MismatchWithAccessKey');
    await expect(list(client(fake, DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET))).resolves.toMatchObject({
      Success: true,
    });

    const strict = await start({ securityToken: 'required' });
    expect((await refusal(list(client(strict, DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET)))).code).toBe(
      'MissingSecurityToken',
    );
    const ok = strict.issueStsCredentials();
    await expect(list(client(strict, ok.AccessKeyId, ok.AccessKeySecret, ok.SecurityToken))).resolves.toMatchObject({
      Success: true,
    });
  });

  it('SecurityToken is part of the string to sign: signed without it, a request carrying it does not match', async () => {
    const fake = await start();
    const sts = fake.issueStsCredentials();
    const params: Record<string, string> = {
      AccessKeyId: sts.AccessKeyId,
      Action: 'DescribeContactList',
      Format: 'JSON',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: 'f0e1d2c3b4a5968778695a4b3c2d1e0f',
      SignatureVersion: '1.0',
      Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      Version: '2019-01-01',
    };
    const post = (body: string) =>
      fetch(fake.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }).then(
        async (r) => (await r.json()) as { Code?: string },
      );
    const unsigned = `${buildSignedQuery('POST', params, sts.AccessKeySecret)}&SecurityToken=${encodeURIComponent(sts.SecurityToken)}`;
    expect((await post(unsigned)).Code).toBe('SignatureDoesNotMatch');
    const signed = buildSignedQuery(
      'POST',
      { ...params, SignatureNonce: '0f1e2d3c4b5a69788796a5b4c3d2e1f0', SecurityToken: sts.SecurityToken },
      sts.AccessKeySecret,
    );
    expect((await post(signed)).Code).toBe('200');
  });

  it('a wrong STS secret is still SignatureDoesNotMatch', async () => {
    const fake = await start();
    const sts = fake.issueStsCredentials();
    expect((await refusal(list(client(fake, sts.AccessKeyId, 'wrong-secret', sts.SecurityToken)))).code).toBe(
      'SignatureDoesNotMatch',
    );
  });
});

describe('fake CloudMonitor: RAM', () => {
  it('refuses denied actions with 403 Forbidden.RAM and serves the others', async () => {
    const fake = await start({ deniedActions: ['PutContact'] });
    const rpc = client(fake, DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET);
    expect(
      await refusal(
        rpc.request('PutContact', { ContactName: 'dana', Describe: 'd', 'Channels.Mail': 'd@example.com' }, POST),
      ),
    ).toEqual({
      code: 'Forbidden.RAM',
      status: 403,
      message: "User not authorized to operate on the specified resource, or this API doesn't support RAM.",
    });
    await expect(list(rpc)).resolves.toMatchObject({ Success: true });
    fake.denyActions(['DescribeContactList']);
    expect((await refusal(list(rpc))).code).toBe('Forbidden.RAM');
    expect(fake.contacts.size).toBe(0);
  });
});
