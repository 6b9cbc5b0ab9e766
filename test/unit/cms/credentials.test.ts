/**
 * src/cms/credentials.ts: the credentials provider (the AccessKey settings, else `@alicloud/credentials`' default
 * chain) and the fix named for each credential or permission error code (Alibaba Cloud's common error codes,
 * https://error-center.alibabacloud.com/status/product/Public).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCredentialsProvider, credentialProblemFix } from '../../../src/cms/credentials.js';

describe('createCredentialsProvider', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  it('uses the configured AccessKey, with its STS token when given', async () => {
    await expect(
      createCredentialsProvider({ accessKeyId: 'id', accessKeySecret: 'secret' }).getCredentials(),
    ).resolves.toEqual({
      accessKeyId: 'id',
      accessKeySecret: 'secret',
      providerName: 'static_ak',
    });
    await expect(
      createCredentialsProvider({
        accessKeyId: 'STS.id',
        accessKeySecret: 'secret',
        securityToken: 'tok',
      }).getCredentials(),
    ).resolves.toEqual({
      accessKeyId: 'STS.id',
      accessKeySecret: 'secret',
      securityToken: 'tok',
      providerName: 'static_sts',
    });
  });

  it('without an AccessKey, reads the default chain: here a credentials file, and names that source', async () => {
    for (const key of Object.keys(process.env)) if (key.startsWith('ALIBABA_CLOUD_')) delete process.env[key];
    const dir = mkdtempSync(join(tmpdir(), 'alibabacloud-'));
    const file = join(dir, 'credentials');
    writeFileSync(file, '[default]\ntype = access_key\naccess_key_id = file-id\naccess_key_secret = file-secret\n');
    Object.assign(process.env, {
      HOME: dir,
      ALIBABA_CLOUD_CREDENTIALS_FILE: file,
      ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
      ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true',
    });
    await expect(createCredentialsProvider({}).getCredentials()).resolves.toEqual({
      accessKeyId: 'file-id',
      accessKeySecret: 'file-secret',
      providerName: 'default/profile',
    });
  });

  it('finds a source that appears after a failed search (the library alone would keep asking its last source)', async () => {
    for (const key of Object.keys(process.env)) if (key.startsWith('ALIBABA_CLOUD_')) delete process.env[key];
    const dir = mkdtempSync(join(tmpdir(), 'alibabacloud-late-'));
    const file = join(dir, 'credentials');
    Object.assign(process.env, {
      HOME: dir,
      ALIBABA_CLOUD_CREDENTIALS_FILE: file,
      ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
      ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true',
    });
    const provider = createCredentialsProvider();
    await expect(provider.getCredentials()).rejects.toThrow(/unable to get credentials/);
    writeFileSync(file, '[default]\ntype = access_key\naccess_key_id = late-id\naccess_key_secret = late-secret\n');
    await expect(provider.getCredentials()).resolves.toMatchObject({
      accessKeyId: 'late-id',
      providerName: 'default/profile',
    });
  });

  it('with no source at all, rejects saying so', async () => {
    for (const key of Object.keys(process.env)) if (key.startsWith('ALIBABA_CLOUD_')) delete process.env[key];
    Object.assign(process.env, {
      HOME: mkdtempSync(join(tmpdir(), 'empty-home-')),
      ALIBABA_CLOUD_CREDENTIALS_FILE: '/nonexistent/credentials',
      ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
      ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true',
    });
    await expect(createCredentialsProvider().getCredentials()).rejects.toThrow(/unable to get credentials/);
  });
});

describe('credentialProblemFix', () => {
  it.each([
    ['InvalidAccessKeyId.NotFound', /ALIBABA_CLOUD_ACCESS_KEY_ID/],
    ['InvalidAccessKeyId.Inactive', /disabled.*ALIBABA_CLOUD_ACCESS_KEY_ID/],
    ['SignatureDoesNotMatch', /ALIBABA_CLOUD_ACCESS_KEY_SECRET/],
    ['IncompleteSignature', /ALIBABA_CLOUD_ACCESS_KEY_SECRET/],
    ['InvalidSecurityToken.Expired', /ALIBABA_CLOUD_SECURITY_TOKEN.*expired/],
    ['InvalidSecurityToken.MismatchWithAccessKey', /ALIBABA_CLOUD_SECURITY_TOKEN/],
    ['InvalidSecurityToken.Malformed', /ALIBABA_CLOUD_SECURITY_TOKEN/],
    ['MissingSecurityToken', /ALIBABA_CLOUD_SECURITY_TOKEN/],
    ['Forbidden.RAM', /cms:PutContact.*manifests\/ram-policy\.json/],
    ['NoPermission', /cms:PutContact/],
    ['InvalidAuthorization', /cms:PutContact/],
  ])('%s (AccessKey settings) → %s', (code, fix) => {
    expect(credentialProblemFix(code, 'PutContact', 'static_ak')).toMatch(fix);
  });

  it('names the chain source instead of the AccessKey settings when the credentials came from it', () => {
    const fix = credentialProblemFix('InvalidSecurityToken.Expired', 'DescribeContactList', 'default/oidc_role_arn');
    expect(fix).toContain('default/oidc_role_arn');
    expect(fix).not.toContain('ALIBABA_CLOUD_SECURITY_TOKEN');
  });

  it('an unknown AccessKey also points at CMS_ENDPOINT / CMS_SITE (a key of the other site)', () => {
    expect(credentialProblemFix('InvalidAccessKeyId.NotFound', 'DescribeContactList')).toMatch(/CMS_ENDPOINT/);
  });

  it.each(['Throttling.User', 'InternalError', 'Timeout', 'NetworkError', 'InvalidParameterValue'])(
    '%s is not a credential problem',
    (code) => {
      expect(credentialProblemFix(code, 'PutContact')).toBeUndefined();
    },
  );
});
