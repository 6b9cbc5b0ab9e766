/**
 * The start-up check (src/cms/startup-check.ts) against the fake CloudMonitor: a credential or permission error is
 * logged right after start naming the setting or the RAM permission to fix, with CloudMonitor's code, and never a
 * secret or token; a healthy start says which source the credentials came from.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeCloudMonitor, startFakeCloudMonitor } from '../fakes/cloudmonitor.js';
import { startTestBot, type TestBot } from '../helpers/test-bot.js';

let bot: TestBot | undefined;
let cms: FakeCloudMonitor | undefined;
afterEach(async () => {
  await bot?.close();
  await cms?.close();
  bot = undefined;
  cms = undefined;
});

const lineWith = (t: TestBot, text: string) => t.slack.waitFor(() => t.logs.find((entry) => entry.includes(text)));

describe('the start-up check of CloudMonitor access', () => {
  it('says the configured AccessKey works, and from which source', async () => {
    bot = await startTestBot();
    const line = await lineWith(bot, 'CloudMonitor accepts the credentials');
    expect(JSON.parse(line)).toMatchObject({ credentials: 'static_ak' });
  });

  it('a RAM user without cms:DescribeContactList → names the permission and the policy file', async () => {
    cms = await startFakeCloudMonitor({ deniedActions: ['DescribeContactList'] });
    bot = await startTestBot({ cms });
    const line = await lineWith(bot, 'CloudMonitor rejected the AccessKey');
    expect(JSON.parse(line)).toMatchObject({ code: 'Forbidden.RAM', level: expect.anything() });
    expect(line).toContain('cms:DescribeContactList');
    expect(line).toContain('manifests/ram-policy.json');
  });

  it('an unknown AccessKey ID → names ALIBABA_CLOUD_ACCESS_KEY_ID and CMS_ENDPOINT', async () => {
    bot = await startTestBot({ env: { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI-unknown-key-id' } });
    const line = await lineWith(bot, 'CloudMonitor rejected the AccessKey');
    expect(line).toContain('InvalidAccessKeyId.NotFound');
    expect(line).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID');
    expect(line).toContain('CMS_ENDPOINT');
  });

  it('an expired STS token in ALIBABA_CLOUD_SECURITY_TOKEN → names it, never printing the token or secret', async () => {
    cms = await startFakeCloudMonitor();
    const sts = cms.issueStsCredentials();
    cms.expireSecurityToken(sts.SecurityToken);
    bot = await startTestBot({
      cms,
      env: {
        ALIBABA_CLOUD_ACCESS_KEY_ID: sts.AccessKeyId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: sts.AccessKeySecret,
        ALIBABA_CLOUD_SECURITY_TOKEN: sts.SecurityToken,
      },
    });
    const line = await lineWith(bot, 'CloudMonitor rejected the AccessKey');
    expect(line).toContain('InvalidSecurityToken.Expired');
    expect(line).toContain('ALIBABA_CLOUD_SECURITY_TOKEN');
    const all = bot.logs.join('\n');
    expect(all).not.toContain(sts.SecurityToken);
    expect(all).not.toContain(sts.AccessKeySecret);
  });

  it('a token that belongs to another AccessKey → MismatchWithAccessKey, naming the setting', async () => {
    cms = await startFakeCloudMonitor();
    const one = cms.issueStsCredentials();
    const other = cms.issueStsCredentials();
    bot = await startTestBot({
      cms,
      env: {
        ALIBABA_CLOUD_ACCESS_KEY_ID: one.AccessKeyId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: one.AccessKeySecret,
        ALIBABA_CLOUD_SECURITY_TOKEN: other.SecurityToken,
      },
    });
    const line = await lineWith(bot, 'CloudMonitor rejected the AccessKey');
    expect(line).toContain('InvalidSecurityToken.MismatchWithAccessKey');
    expect(line).toContain('ALIBABA_CLOUD_SECURITY_TOKEN');
  });

  it('no credentials anywhere (no AccessKey, no RRSA, no credentials file, no ECS role) → names what to set', async () => {
    const saved = { ...process.env };
    try {
      for (const key of Object.keys(process.env)) if (key.startsWith('ALIBABA_CLOUD_')) delete process.env[key];
      Object.assign(process.env, {
        HOME: mkdtempSync(join(tmpdir(), 'no-credentials-home-')),
        ALIBABA_CLOUD_CREDENTIALS_FILE: '/nonexistent/credentials',
        ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
        ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true',
      });
      bot = await startTestBot({ env: { ALIBABA_CLOUD_ACCESS_KEY_ID: '', ALIBABA_CLOUD_ACCESS_KEY_SECRET: '' } });
      const line = await lineWith(bot, 'no CloudMonitor credentials found');
      expect(JSON.parse(line)).toMatchObject({ code: 'NoCredentials' });
      expect(line).toMatch(/ALIBABA_CLOUD_ACCESS_KEY_ID.*RRSA.*ALIBABA_CLOUD_CREDENTIALS_FILE/);
      expect(bot.cms.requests).toEqual([]); // nothing unsigned was sent
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });

  it('an unreachable endpoint is only a warning that names CMS_ENDPOINT', async () => {
    bot = await startTestBot({ env: { CMS_ENDPOINT: 'http://127.0.0.1:1' }, cmsClient: { retries: 0 } });
    const line = await lineWith(bot, 'could not reach CloudMonitor at start');
    expect(line).toContain('CMS_ENDPOINT');
    expect(bot.logs.some((entry) => entry.includes('CloudMonitor rejected'))).toBe(false);
  });
});
