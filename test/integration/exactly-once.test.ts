/**
 * Fenced approvals: a live approval keeps its work lease (renewed while it runs), so no second worker joins it;
 * a resumed approval re-reads CloudMonitor and writes only what is not there yet.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { newRequest } from '../../src/requests/request.js';
import { resumeUnfinished } from '../../src/requests/resume.js';
import { type FakeCloudMonitor, startFakeCloudMonitor } from '../fakes/cloudmonitor.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack-web-api.js';
import { type BotProcess, startBotProcess } from '../helpers/bot-process.js';
import { adminMessages, clickButton, messageText, openContactModal, submitContactModal } from '../helpers/flow.js';
import { ADMIN, BOT_TOKEN, botEnv, REQUESTER, startTestBot, type TestBot, tempSqliteUrl } from '../helpers/test-bot.js';

const registeredDm = (slack: FakeSlack) => slack.dms(REQUESTER).filter((m) => messageText(m).includes('is registered'));

describe('exactly one PutContact per approved request', () => {
  const bots: TestBot[] = [];
  const procs: BotProcess[] = [];
  let slack: FakeSlack | undefined;
  let cms: FakeCloudMonitor | undefined;
  afterEach(async () => {
    await Promise.all(procs.splice(0).map((p) => p.kill('SIGKILL')));
    for (const bot of bots.splice(0).reverse()) await bot.close();
    await slack?.close();
    await cms?.close();
    slack = undefined;
    cms = undefined;
  });

  it('a live approval slower than RESUME_AFTER keeps its lease: neither replica starts a second worker', async () => {
    const storeUrl = tempSqliteUrl();
    const a = await startTestBot({ env: { STORE_URL: storeUrl, RESUME_AFTER: '1s' } });
    bots.push(a);
    const b = await startTestBot({ env: { STORE_URL: storeUrl, RESUME_AFTER: '1s' }, slack: a.slack, cms: a.cms });
    bots.push(b);
    const { view } = await openContactModal(a, REQUESTER);
    await submitContactModal(a, REQUESTER, view, {
      contactName: 'dana_ops',
      describe: 'DBA',
      mail: 'dana.ops@example.com',
    });
    const posted = structuredClone(await a.slack.waitFor(() => adminMessages(a)[0]));
    // PutContact answers after 3.5 s: three times RESUME_AFTER; both replicas' sweepers run every 200 ms.
    a.cms.setLatency(3_500, 'PutContact');
    await clickButton(a, ADMIN, posted, 'approve_request');
    await a.slack.waitFor(() => registeredDm(a.slack)[0], 15_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(a.cms.requestsFor('PutContact')).toHaveLength(1);
    expect(registeredDm(a.slack)).toHaveLength(1);
    expect([...a.logs, ...b.logs].filter((line) => line.includes('"contact registered"'))).toHaveLength(1);
  }, 60_000);

  it('after kill -9 during PutContact, the restarted bot re-reads the contact (DescribeContactList) and does not write it again', async () => {
    slack = await startFakeSlack({
      botToken: BOT_TOKEN,
      users: [
        { id: REQUESTER, name: 'dana', realName: 'Dana Ops' },
        { id: ADMIN, name: 'admin' },
      ],
    });
    const fakeCms = await startFakeCloudMonitor();
    cms = fakeCms;
    const env = botEnv({ slack, cms: fakeCms }, { RESUME_AFTER: '1s' });
    const first = await startBotProcess(env);
    procs.push(first);
    const target = { url: first.url, slack };
    const { view } = await openContactModal(target, REQUESTER);
    await submitContactModal(target, REQUESTER, view, {
      contactName: 'dana_ops',
      describe: 'DBA',
      mail: 'dana.ops@example.com',
      sms: '13800001234',
    });
    const posted = structuredClone(await slack.waitFor(() => adminMessages(target)[0]));
    fakeCms.setLatency(5_000, 'PutContact'); // applied on arrival, answered 5 s later: the kill lands in between
    await clickButton(target, ADMIN, posted, 'approve_request');
    await slack.waitFor(() => fakeCms.requestsFor('PutContact').length > 0 || undefined);
    await first.kill('SIGKILL');
    const describesBefore = fakeCms.requestsFor('DescribeContactList').length;
    fakeCms.setLatency(0);
    procs.push(await startBotProcess(env));
    await slack.waitFor(() => registeredDm(slack as FakeSlack)[0], 20_000);
    expect(fakeCms.requestsFor('PutContact')).toHaveLength(1);
    expect(fakeCms.requestsFor('DescribeContactList').length).toBeGreaterThan(describesBefore);
    expect(messageText(adminMessages(target)[0] ?? {})).toContain('Registered in CloudMonitor');
  }, 60_000);

  it('a resumed removal whose contact is already gone skips DeleteContact and ends removed', async () => {
    const t = await startTestBot({ env: { RESUME_AFTER: '1s' }, app: { reminderSweepMs: 3_600_000 } });
    bots.push(t);
    const contact = { ContactName: 'dana_ops', Describe: 'DBA', Channels: { Mail: 'dana.ops@example.com' } };
    const request = newRequest(
      { id: t.deps.requests.newId(), requesterId: REQUESTER, kind: 'remove', contact },
      Date.now() - 5_000,
    );
    await t.deps.requests.create(request);
    await t.deps.requests.transition(request.id, 'approving', { attempts: 1 });
    // A worker began it (and died after DeleteContact): the begun-marker is all that is left of it.
    await t.deps.store.claim(`work-begun:${request.id}`, 'dead-worker');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await resumeUnfinished(t.deps, 1_000);
    expect((await t.deps.requests.get(request.id))?.status).toBe('removed');
    expect(t.cms.requestsFor('DescribeContactList').length).toBeGreaterThan(0);
    expect(t.cms.requestsFor('DeleteContact')).toHaveLength(0);
  }, 30_000);
});
