/**
 * Keyless credentials end to end: the bot process (src/main.ts, as `npm start` runs it) has no AccessKey setting and
 * gets STS credentials through `@alicloud/credentials`' default chain (here its credentials-URI source, a local
 * stand-in for RRSA / an ECS RAM role). The fake CloudMonitor requires a valid STS token. Mid-run the credentials
 * rotate and the first token expires: the bot keeps registering contacts without a restart, because pop-core asks
 * the provider before every request. No secret or token is ever printed.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeCloudMonitor, startFakeCloudMonitor } from '../fakes/cloudmonitor.js';
import { type FakeCredentialsUri, startFakeCredentialsUri } from '../fakes/credentials-uri.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack-web-api.js';
import { type BotProcess, startBotProcess } from '../helpers/bot-process.js';
import { adminMessages, clickButton, messageText, openContactModal, submitContactModal } from '../helpers/flow.js';
import { ADMIN, BOT_TOKEN, botEnv, OTHER_USER, REQUESTER } from '../helpers/test-bot.js';

/** The chain's sources other than the credentials URI, switched off so the test does not depend on the machine. */
function keylessEnv(credentialsUri: string): Record<string, string> {
  return {
    ALIBABA_CLOUD_ACCESS_KEY_ID: '',
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: '',
    ALIBABA_CLOUD_CREDENTIALS_URI: credentialsUri,
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
    ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true',
    ALIBABA_CLOUD_CREDENTIALS_FILE: '/nonexistent/alibabacloud-credentials',
    HOME: mkdtempSync(join(tmpdir(), 'alert-contact-home-')),
  };
}

describe('keyless CloudMonitor credentials that rotate under a running bot', () => {
  let slack: FakeSlack | undefined;
  let cms: FakeCloudMonitor | undefined;
  let uri: FakeCredentialsUri | undefined;
  let bot: BotProcess | undefined;
  afterEach(async () => {
    await bot?.kill();
    await uri?.close();
    await slack?.close();
    await cms?.close();
  });

  it('registers contacts before and after the STS credentials rotate and the first token expires', async () => {
    slack = await startFakeSlack({
      botToken: BOT_TOKEN,
      users: [
        { id: REQUESTER, name: 'dana', realName: 'Dana Ops', email: 'dana.ops@example.com', locale: 'en-US' },
        { id: OTHER_USER, name: 'li', realName: 'Li Wei', email: 'li.wei@example.com', locale: 'en-US' },
        { id: ADMIN, name: 'admin', realName: 'Ada Admin' },
      ],
    });
    cms = await startFakeCloudMonitor({ securityToken: 'required' });
    uri = await startFakeCredentialsUri(cms, 15 * 60_000 + 2_000); // renewed by the library after about 2 s
    bot = await startBotProcess(botEnv({ slack, cms }, keylessEnv(uri.url)));
    const target = { url: bot.url, slack };
    const output = () => bot?.output() ?? '';

    await slack.waitFor(() => output().includes('CloudMonitor accepts the credentials') || undefined, 10_000);
    expect(output()).toMatch(/"credentials":"default\/credential_uri".*CloudMonitor accepts the credentials/);

    const register = async (userId: string, contactName: string, mail: string) => {
      const before = adminMessages(target).length;
      const { view } = await openContactModal(target, userId);
      await submitContactModal(target, userId, view, { contactName, describe: contactName, mail, lang: 'en' });
      const posted = await slack!.waitFor(() => adminMessages(target)[before]);
      await clickButton(target, ADMIN, posted, 'approve_request');
      await slack!.waitFor(
        () => messageText(adminMessages(target)[before] ?? {}).includes('Registered in CloudMonitor') || undefined,
        10_000,
      );
    };

    await register(REQUESTER, 'Dana_Ops', 'dana.ops@example.com');
    const first = cms.requestsFor('PutContact')[0]?.params;
    expect(first?.SecurityToken).toBe(uri.issued[0]?.SecurityToken);

    await new Promise((resolve) => setTimeout(resolve, 2_500)); // past the first credential's renewal point
    cms.expireSecurityToken(uri.issued[0]?.SecurityToken ?? '');
    await register(OTHER_USER, 'Li_Wei', 'li.wei@example.com');

    const puts = cms.requestsFor('PutContact');
    expect(puts.map((put) => put.status)).toEqual([200, 200]);
    const second = puts[1]?.params;
    expect(uri.issued.length).toBeGreaterThanOrEqual(2);
    expect(second?.SecurityToken).not.toBe(first?.SecurityToken);
    expect(second?.AccessKeyId).not.toBe(first?.AccessKeyId);
    expect(second?.SecurityToken).toBe(uri.issued.at(-1)?.SecurityToken);
    expect(cms.requests.filter((request) => request.code?.startsWith('InvalidSecurityToken'))).toEqual([]);
    expect(bot.child.exitCode).toBeNull(); // the same process throughout

    for (const credentials of uri.issued) {
      expect(output()).not.toContain(credentials.AccessKeySecret);
      expect(output()).not.toContain(credentials.SecurityToken);
    }
  }, 40_000);
});
