/**
 * CloudMonitor behaviours the documentation leaves open, end to end (real app over signed HTTP, fake Slack + fake
 * CloudMonitor with its behaviour switches, test/fakes/cloudmonitor.ts `configure`):
 * - a revoked AccessKey answers HTTP 404 `InvalidAccessKeyId.NotFound`: a removal fails with that code (not
 *   "already deleted"), and Retry works once the key is fixed;
 * - DescribeContactList may answer `ContactNotExists` / `ResourceNotFound` for an unknown name: "not found"
 *   everywhere (status, the new request's existence check, the start-up check, reminders);
 * - pending channel values may be hidden or masked: status and the edit form use the stored value;
 * - contact groups: listing pages past a short page; a change that would empty a group is refused up front; every
 *   group write is read back; `Describe=` is never sent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import type { ContactRequest } from '../../src/requests/request.js';
import { ACTION_ID, BLOCK_ID, CALLBACK_ID, COMMAND } from '../../src/slack/ids.js';
import { type FakeCmsOptions, startFakeCloudMonitor } from '../fakes/cloudmonitor.js';
import type { FakeMessage, FakeView } from '../fakes/slack-web-api.js';
import {
  adminMessages,
  type ContactForm,
  clickButton,
  findButton,
  messageText,
  openContactModal,
  submitContactModal,
} from '../helpers/flow.js';
import { buildViewSubmission, sendInteraction, sendSlashCommand } from '../helpers/slack-driver.js';
import {
  ADMIN,
  REQUESTER,
  SIGNING_SECRET,
  startTestBot,
  type TestBot,
  type TestBotOptions,
} from '../helpers/test-bot.js';

const DANA: ContactForm = {
  contactName: 'dana_ops',
  describe: 'DBA on call',
  mail: 'dana.ops@example.com',
  sms: '13800001234',
  lang: 'en',
};
const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

const bots: TestBot[] = [];
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const t of bots.splice(0).reverse()) await t.close();
  for (const close of closers.splice(0)) await close();
});

async function start(options: TestBotOptions = {}): Promise<TestBot> {
  const t = await startTestBot({ cmsClient: { timeoutMs: 5_000 }, ...options });
  bots.push(t);
  return t;
}

/** The current version of an admin message. */
const current = (t: TestBot, posted: FakeMessage) => adminMessages(t).find((m) => m.ts === posted.ts) ?? posted;

async function waitForStatus(
  t: TestBot,
  requestId: string,
  status: ContactRequest['status'],
  timeoutMs = 10_000,
): Promise<ContactRequest> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const request = await t.deps.requests.get(requestId);
    if (request?.status === status) return request;
    if (Date.now() > deadline)
      throw new Error(`request ${requestId} is ${request?.status ?? 'missing'}, not ${status}`);
    await settle(50);
  }
}

/** Submits the form and returns the request and a snapshot of its approval message. */
async function submit(
  t: TestBot,
  userId: string,
  form: ContactForm,
): Promise<{ request: ContactRequest; message: FakeMessage }> {
  const { view } = await openContactModal(t, userId);
  const response = await submitContactModal(t, userId, view, form);
  expect(response.json, JSON.stringify(response.json)).toMatchObject({ response_action: 'update' });
  const request = await t.deps.requests.openRequestOf(userId);
  if (!request) throw new Error(`no open request for ${userId}`);
  const message = await t.slack.waitFor(() =>
    adminMessages(t).find((m) => messageText(m).includes(request.id) && findButton(m, ACTION_ID.approve)),
  );
  return { request, message: structuredClone(message) };
}

/** Submits, approves, and waits until registered and the requester was told. */
async function register(t: TestBot, userId: string, form: ContactForm): Promise<ContactRequest> {
  const { request, message } = await submit(t, userId, form);
  const dms = t.slack.dms(userId).length;
  await clickButton(t, ADMIN, message, ACTION_ID.approve);
  const registered = await waitForStatus(t, request.id, 'registered');
  await t.slack.waitFor(() => t.slack.dms(userId).length > dms || undefined);
  return registered;
}

async function slashStatus(t: TestBot, userId: string): Promise<string> {
  const ack = await sendSlashCommand(t.url, SIGNING_SECRET, {
    user_id: userId,
    trigger_id: t.slack.mintTriggerId(),
    response_url: t.slack.mintResponseUrl(),
    text: 'status',
  });
  expect(ack.status).toBe(200);
  return messageText((ack.json ?? {}) as { text?: string; blocks?: unknown[] });
}

/** `/alert-contact remove` and its confirmation; resolves with the removal's approval message. */
async function askRemoval(t: TestBot, userId: string): Promise<{ request: ContactRequest; message: FakeMessage }> {
  const before = new Set(t.slack.views.keys());
  await sendSlashCommand(t.url, SIGNING_SECRET, {
    user_id: userId,
    trigger_id: t.slack.mintTriggerId(),
    response_url: t.slack.mintResponseUrl(),
    text: 'remove',
  });
  const confirm: FakeView = await t.slack.waitFor(() =>
    [...t.slack.views.values()].find((view) => !before.has(view.id) && view.callback_id === CALLBACK_ID.removeModal),
  );
  await sendInteraction(
    t.url,
    SIGNING_SECRET,
    buildViewSubmission({ user: { id: userId }, view: confirm, values: {}, triggerId: t.slack.mintTriggerId() }),
  );
  const message = await t.slack.waitFor(() =>
    adminMessages(t).find((m) => messageText(m).includes('Alert contact removal') && findButton(m, ACTION_ID.approve)),
  );
  const request = await t.deps.requests.openRequestOf(userId);
  if (!request) throw new Error('no removal request');
  return { request, message: structuredClone(message) };
}

describe('a revoked AccessKey (HTTP 404 InvalidAccessKeyId.NotFound) during DeleteContact', () => {
  it('fails the removal with that code, shown to admins with Retry; the requester is not told "removed"; Retry removes it once the key works', async () => {
    const t = await start();
    await register(t, REQUESTER, DANA);
    const { request, message } = await askRemoval(t, REQUESTER);
    t.cms.configure({ keyRevoked: true });
    const dms = t.slack.dms(REQUESTER).length;

    await clickButton(t, ADMIN, message, ACTION_ID.approve);
    const failed = await waitForStatus(t, request.id, 'failed');
    expect(failed.result).toMatchObject({ ok: false, code: 'InvalidAccessKeyId.NotFound' });
    const shown = await t.slack.waitFor(() =>
      messageText(current(t, message)).includes('InvalidAccessKeyId.NotFound') ? current(t, message) : undefined,
    );
    expect(messageText(shown)).toContain('CloudMonitor refused');
    expect(messageText(shown)).not.toContain('Removed from CloudMonitor');
    expect(findButton(shown, ACTION_ID.retry)).toBeDefined();
    expect(t.cms.requestsFor('DeleteContact').map((r) => [r.status, r.code])).toEqual([
      [404, 'InvalidAccessKeyId.NotFound'],
    ]);
    await settle();
    expect(t.slack.dms(REQUESTER).slice(dms).map(messageText).join('\n')).not.toContain('was removed');
    expect(t.cms.contacts.has('dana_ops')).toBe(true);
    expect(await t.deps.requests.registeredContactOf(REQUESTER)).toBeDefined();

    t.cms.configure({ keyRevoked: false });
    await clickButton(t, ADMIN, structuredClone(shown), ACTION_ID.retry);
    await waitForStatus(t, request.id, 'removed');
    await t.slack.waitFor(() =>
      t.slack.dms(REQUESTER).find((m) => messageText(m).includes('was removed from CloudMonitor')),
    );
    expect(t.cms.contacts.has('dana_ops')).toBe(false);
    expect(await t.deps.requests.registeredContactOf(REQUESTER)).toBeUndefined();
  });
});

describe('DescribeContactList answering an error for an unknown name', () => {
  it.each(['empty', 'ContactNotExists', 'ResourceNotFound'] as const)(
    'status of a contact deleted in the console says it is no longer in CloudMonitor (%s)',
    async (mode) => {
      const t = await start();
      await register(t, REQUESTER, DANA);
      t.cms.configure({ unknownContactDescribe: mode });
      await t.deps.cms.deleteContact('dana_ops'); // as if deleted in the console
      const text = await slashStatus(t, REQUESTER);
      expect(text).toContain(en.status.missing('dana_ops', COMMAND));
      expect(text).not.toContain("couldn't reach CloudMonitor");
    },
  );

  it.each(['ContactNotExists', 'ResourceNotFound'] as const)(
    'a new request for an unknown name is not flagged "existence unknown" (%s)',
    async (mode) => {
      const t = await start();
      t.cms.configure({ unknownContactDescribe: mode });
      const { request, message } = await submit(t, REQUESTER, DANA);
      await settle();
      const stored = await t.deps.requests.get(request.id);
      expect(stored?.existenceUnknown).toBeFalsy();
      expect(stored?.overwritesUnowned).toBeFalsy();
      expect(messageText(current(t, message))).not.toContain(en.approval.existenceUnknown);
      expect(
        t.cms.requestsFor('DescribeContactList').some((r) => r.params.ContactName === 'dana_ops' && r.code === mode),
      ).toBe(true);
    },
  );

  it.each(['ContactNotExists', 'ResourceNotFound'] as const)(
    'the start-up AccessKey check does not log "could not reach CloudMonitor" (%s); a revoked key is logged as rejected',
    async (mode) => {
      const options: FakeCmsOptions = { unknownContactDescribe: mode };
      const cms = await startFakeCloudMonitor(options);
      closers.push(() => cms.close());
      const t = await start({ cms });
      await t.slack.waitFor(() => cms.requestsFor('DescribeContactList').length > 0 || undefined);
      await settle();
      expect(cms.requestsFor('DescribeContactList')[0]?.code).toBe(mode);
      expect(t.logs.join('\n')).not.toContain('could not reach CloudMonitor');
      expect(t.logs.join('\n')).not.toContain('CloudMonitor rejected the AccessKey');

      const revoked = await startFakeCloudMonitor({ ...options, keyRevoked: true });
      closers.push(() => revoked.close());
      const r = await start({ cms: revoked });
      await t.slack.waitFor(() =>
        r.logs.some((line) => line.includes('CloudMonitor rejected the AccessKey')) ? true : undefined,
      );
    },
  );

  it('reminders of a contact deleted in the console stop at the first one and tell the owner once (ContactNotExists)', async () => {
    const t = await start({ env: { REMINDER_DELAYS: '1s,2s,3s' } });
    t.cms.configure({ unknownContactDescribe: 'ContactNotExists' });
    const registered = await register(t, REQUESTER, DANA);
    await t.deps.cms.deleteContact('dana_ops');
    const gone = en.dm.contactGone('dana_ops');
    await t.slack.waitFor(() => t.slack.dms(REQUESTER).find((m) => messageText(m).includes(gone)), 6_000);
    await settle(3_500); // past the last reminder
    const dms = t.slack.dms(REQUESTER).map(messageText);
    expect(dms.filter((m) => m.includes(gone))).toHaveLength(1);
    expect(dms.filter((m) => m.includes('Reminder'))).toHaveLength(0);
    const checks = (await t.deps.audit.list({ limit: 1000 })).filter(
      (entry) => entry.action === 'activation-check' && entry.requestId === registered.id,
    );
    expect(checks.map((entry) => entry.outcome)).toEqual(['not-found']);
    const deletedAt = t.cms.requests.findIndex((r) => r.action === 'DeleteContact');
    const reads = t.cms.requests.slice(deletedAt).filter((r) => r.action === 'DescribeContactList');
    expect(reads.map((r) => r.code)).toEqual(['ContactNotExists']);
    expect(await t.deps.store.zrangeByScore('reminders:due', Number.MAX_SAFE_INTEGER, 100)).toEqual([]);
  });
});

describe('pending channel values hidden or masked by DescribeContactList', () => {
  it.each(['hide', 'mask'] as const)(
    'status shows the stored values with their state, and the edit form is prefilled with them (%s)',
    async (mode) => {
      const t = await start();
      t.cms.configure({ pendingValues: mode });
      await register(t, REQUESTER, DANA);
      t.cms.activate('dana_ops', 'Mail');

      const text = await slashStatus(t, REQUESTER);
      expect(text).toContain('Live from CloudMonitor');
      expect(text).toMatch(/\*Mobile \(SMS\)\* \*{7}1234: :hourglass_flowing_sand: \*waiting for activation\*/);
      expect(text).toMatch(/\*Email\* d\*\*\*@example\.com: :white_check_mark: active/);

      const { view } = await openContactModal(t, REQUESTER);
      const sms = (view.blocks as Array<{ block_id?: string; element?: { initial_value?: string } }>).find(
        (block) => block.block_id === BLOCK_ID.sms,
      );
      expect(sms?.element?.initial_value).toBe('13800001234');
    },
  );
});

describe('contact groups against the service as it most likely is', () => {
  /** Two contacts outside the bot and groups: db-oncall (ops_lead), finance (no members), no-desc (ops_lead, no Describe). */
  function seed(t: TestBot): void {
    t.cms.seedContact({ Name: 'ops_lead', Desc: 'Ops lead', Channels: { Mail: 'lead@example.com' } });
    t.cms.seedGroup({
      Name: 'db-oncall',
      Describe: 'Database on-call rota',
      EnableSubscribed: true,
      ContactNames: ['ops_lead'],
    });
    t.cms.seedGroup({ Name: 'finance', Describe: 'Finance systems' });
    t.cms.seedGroup({ Name: 'no-desc', ContactNames: ['ops_lead'] });
  }

  it('leaving a group as its last member is refused before anything is written, naming the group to admins', async () => {
    const t = await start();
    seed(t);
    await register(t, REQUESTER, { ...DANA, groups: ['finance', 'db-oncall'] });
    expect(t.cms.groups.get('finance')?.ContactNames).toEqual(['dana_ops']);
    const puts = t.cms.requestsFor('PutContact').length;
    const groupPuts = t.cms.requestsFor('PutContactGroup').length;

    const { request, message } = await submit(t, REQUESTER, {
      ...DANA,
      contactName: undefined,
      describe: 'DBA lead',
      groups: [],
    });
    await clickButton(t, ADMIN, message, ACTION_ID.approve);
    const failed = await waitForStatus(t, request.id, 'failed');
    expect(failed.result).toMatchObject({ code: 'ContactGroupWouldBeEmpty' });
    expect(failed.result?.message).toContain('"finance"');
    expect(failed.result?.message).not.toContain('db-oncall');
    const shown = await t.slack.waitFor(() =>
      messageText(current(t, message)).includes('ContactGroupWouldBeEmpty') ? current(t, message) : undefined,
    );
    expect(messageText(shown)).toContain('finance');
    expect(findButton(shown, ACTION_ID.retry)).toBeDefined();
    // Up front: neither the contact nor any group was written.
    expect(t.cms.requestsFor('PutContact')).toHaveLength(puts);
    expect(t.cms.requestsFor('PutContactGroup')).toHaveLength(groupPuts);
    expect(t.cms.contacts.get('dana_ops')?.Desc).toBe('DBA on call');
    expect(t.cms.groups.get('db-oncall')?.ContactNames).toEqual(['ops_lead', 'dana_ops']);
  });

  it('a removal of the last member of a group is refused before anything is written (no group left, no DeleteContact)', async () => {
    const t = await start();
    seed(t);
    await register(t, REQUESTER, { ...DANA, groups: ['db-oncall', 'finance'] });
    const groupPuts = t.cms.requestsFor('PutContactGroup').length;
    const { request, message } = await askRemoval(t, REQUESTER);
    await clickButton(t, ADMIN, message, ACTION_ID.approve);
    const failed = await waitForStatus(t, request.id, 'failed');
    expect(failed.result).toMatchObject({ code: 'ContactGroupWouldBeEmpty' });
    expect(failed.result?.message).toContain('"finance"');
    expect(t.cms.requestsFor('DeleteContact')).toHaveLength(0);
    expect(t.cms.contacts.has('dana_ops')).toBe(true);
    // Up front: not even the group it could leave (db-oncall, changed first otherwise) was written.
    expect(t.cms.requestsFor('PutContactGroup')).toHaveLength(groupPuts);
    expect(t.cms.groups.get('db-oncall')?.ContactNames).toEqual(['ops_lead', 'dana_ops']);
  });

  it('lists every group when CloudMonitor answers short pages (page-size cap 2): the form offers all, approval joins one on the last page', async () => {
    const t = await start();
    seed(t);
    for (const name of ['ops-a', 'ops-b', 'ops-c', 'zz-last'])
      t.cms.seedGroup({ Name: name, Describe: name, ContactNames: ['ops_lead'] });
    t.cms.configure({ pageSizeCap: 2 });
    const { view } = await openContactModal(t, REQUESTER);
    const block = (view.blocks as Array<{ block_id?: string; element?: { options?: Array<{ value: string }> } }>).find(
      (b) => b.block_id === BLOCK_ID.groups,
    );
    expect(block?.element?.options?.map((option) => option.value)).toEqual([
      'db-oncall',
      'finance',
      'no-desc',
      'ops-a',
      'ops-b',
      'ops-c',
      'zz-last',
    ]);
    await register(t, REQUESTER, { ...DANA, groups: ['zz-last'] });
    expect(t.cms.groups.get('zz-last')?.ContactNames).toEqual(['ops_lead', 'dana_ops']);
  });

  it('joining a group without a description sends no Describe (never "Describe="); the group keeps its other fields', async () => {
    const t = await start();
    seed(t);
    await register(t, REQUESTER, { ...DANA, groups: ['no-desc'] });
    const [put] = t.cms.requestsFor('PutContactGroup');
    expect(put?.params).not.toHaveProperty('Describe');
    expect(put?.rawBody).not.toMatch(/(^|&)Describe=/);
    expect(t.cms.groups.get('no-desc')).toMatchObject({ Describe: '', ContactNames: ['ops_lead', 'dana_ops'] });
  });

  it('a group change that does not show on reading back fails, naming the group to admins; Retry then succeeds', async () => {
    const t = await start();
    seed(t);
    const { request, message } = await submit(t, REQUESTER, { ...DANA, groups: ['db-oncall'] });
    t.cms.setLatency(1_000, 'PutContactGroup');
    await clickButton(t, ADMIN, message, ACTION_ID.approve);
    // The write is applied when it arrives; it is undone before its answer (as a write that did not take).
    await t.slack.waitFor(() => t.cms.requestsFor('PutContactGroup')[0]);
    t.cms.seedGroup({
      Name: 'db-oncall',
      Describe: 'Database on-call rota',
      EnableSubscribed: true,
      ContactNames: ['ops_lead'],
    });
    const failed = await waitForStatus(t, request.id, 'failed');
    expect(failed.result).toMatchObject({ code: 'ContactGroupNotUpdated' });
    expect(failed.result?.message).toContain('"db-oncall"');
    const shown = await t.slack.waitFor(() =>
      messageText(current(t, message)).includes('ContactGroupNotUpdated') ? current(t, message) : undefined,
    );
    expect(messageText(shown)).toContain('db-oncall');
    expect(t.cms.requestsFor('DescribeContactGroupList').length).toBeGreaterThanOrEqual(3);

    t.cms.setLatency(0, 'PutContactGroup');
    await clickButton(t, ADMIN, structuredClone(shown), ACTION_ID.retry);
    await waitForStatus(t, request.id, 'registered');
    expect([...(t.cms.groups.get('db-oncall')?.ContactNames ?? [])].sort()).toEqual(['dana_ops', 'ops_lead']);
  });
});
