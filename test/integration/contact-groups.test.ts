/**
 * Contact groups end to end (real app over signed HTTP, fake Slack + fake CloudMonitor): the modal offers the
 * self-service groups (DescribeContactGroupList, cached) with the user's current ones preselected; approval
 * changes membership with PutContactGroup as a read-modify-write that keeps the other members, Describe and
 * EnableSubscribed, re-read fresh and serialised per group; forged group values get an inline error.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ContactRequest } from '../../src/requests/request.js';
import { BLOCK_ID } from '../../src/slack/ids.js';
import type { FakeMessage } from '../fakes/slack-web-api.js';
import {
  adminMessages,
  type ContactForm,
  clickButton,
  messageText,
  openContactModal,
  registerThroughApproval,
  requestIdOf,
  submitContactModal,
  submitForApproval,
} from '../helpers/flow.js';
import { ADMIN, OTHER_USER, REQUESTER, startTestBot, type TestBot, type TestBotOptions } from '../helpers/test-bot.js';
import { waitUntil, waitUntilQuiet } from '../helpers/wait.js';

const DANA: ContactForm = {
  contactName: 'dana_ops',
  describe: 'DBA on call',
  mail: 'dana.ops@example.com',
  lang: 'en',
};
const LI: ContactForm = { contactName: 'li_wei', describe: 'SRE', mail: 'li.wei@example.com' };

interface Option {
  text: { type: string; text: string };
  value: string;
}
interface GroupsBlock {
  block_id: string;
  optional?: boolean;
  element: { type: string; action_id: string; options: Option[]; initial_options?: Option[] };
}

/** The groups input of a modal, if it has one. */
function groupsBlock(view: { blocks: unknown[] }): GroupsBlock | undefined {
  return (view.blocks as GroupsBlock[]).find((block) => block.block_id === BLOCK_ID.groups);
}
const offered = (view: { blocks: unknown[] }) => groupsBlock(view)?.element.options.map((option) => option.value);
const preselected = (view: { blocks: unknown[] }) =>
  (groupsBlock(view)?.element.initial_options ?? []).map((option) => option.value).sort();
const members = (t: TestBot, group: string) => [...(t.cms.groups.get(group)?.ContactNames ?? [])].sort();

/** A contact made outside the bot, in two groups with a description and the weekly report on or off. */
function seedGroups(t: TestBot): void {
  t.cms.seedContact({ Name: 'ops_lead', Desc: 'Ops lead', Channels: { Mail: 'lead@example.com' } });
  t.cms.seedGroup({
    Name: 'db-oncall',
    Describe: 'Database on-call rota',
    EnableSubscribed: true,
    ContactNames: ['ops_lead'],
  });
  t.cms.seedGroup({ Name: 'web-oncall', Describe: 'Web tier', EnableSubscribed: false, ContactNames: ['ops_lead'] });
  t.cms.seedGroup({ Name: 'finance', Describe: 'Finance systems' });
}

/** Opens the form, submits `form` (flow.ts submitForApproval), and returns the stored request and its approval message (a snapshot). */
async function submitAndRead(
  t: TestBot,
  userId: string,
  form: ContactForm,
): Promise<{ request: ContactRequest; message: FakeMessage }> {
  const message = await submitForApproval(t, userId, form);
  const request = await t.deps.requests.get(requestIdOf(message));
  if (!request) throw new Error(`no request behind message ${message.ts}`);
  return { request, message };
}

function waitForStatus(
  t: TestBot,
  requestId: string,
  status: ContactRequest['status'],
  timeoutMs = 10_000,
): Promise<ContactRequest> {
  return waitUntil(
    async () => {
      const request = await t.deps.requests.get(requestId);
      return request?.status === status ? request : undefined;
    },
    { timeoutMs, what: `request ${requestId} ${status}` },
  );
}

describe('contact groups', () => {
  const bots: TestBot[] = [];
  const start = async (options: TestBotOptions = {}) => {
    const t = await startTestBot(options);
    bots.push(t);
    seedGroups(t);
    return t;
  };
  afterEach(async () => {
    for (const t of bots.splice(0).reverse()) await t.close();
  });

  it('offers every existing group as an optional multi-select, nothing preselected for a new contact', async () => {
    const t = await start();
    const { view } = await openContactModal(t, REQUESTER);
    const block = groupsBlock(view);
    expect(block?.optional).toBe(true);
    expect(block?.element.type).toBe('multi_static_select');
    expect(offered(view)).toEqual(['db-oncall', 'finance', 'web-oncall']);
    expect(block?.element.initial_options).toBeUndefined();
  });

  it('with SELF_SERVICE_GROUPS, offers only the allow-listed groups that exist', async () => {
    const t = await start({ env: { SELF_SERVICE_GROUPS: 'web-oncall, db-oncall, ghost-group' } });
    const { view } = await openContactModal(t, REQUESTER);
    expect(offered(view)).toEqual(['db-oncall', 'web-oncall']);
  });

  it('leaves the block out when no group is self-service', async () => {
    const t = await start({ env: { SELF_SERVICE_GROUPS: 'ghost-group' } });
    const { view } = await openContactModal(t, REQUESTER);
    expect(groupsBlock(view)).toBeUndefined();
    expect(JSON.stringify(view.blocks)).toContain(`"${BLOCK_ID.describe}"`);
  });

  it('registering with a group: PutContactGroup after PutContact keeps the other member, Describe and EnableSubscribed; admins see the change', async () => {
    const t = await start();
    const { request, message } = await submitAndRead(t, REQUESTER, { ...DANA, groups: ['db-oncall'] });
    expect(request).toMatchObject({ kind: 'create', groups: ['db-oncall'], previousGroups: [] });
    expect(messageText(message)).toContain('+db-oncall');

    await clickButton(t, ADMIN, message, 'approve_request');
    await waitForStatus(t, request.id, 'registered');
    const group = t.cms.groups.get('db-oncall');
    expect(members(t, 'db-oncall')).toEqual(['dana_ops', 'ops_lead']);
    expect(group?.Describe).toBe('Database on-call rota');
    expect(group?.EnableSubscribed).toBe(true);
    const puts = t.cms.requestsFor('PutContactGroup');
    expect(puts).toHaveLength(1);
    expect(puts[0]?.params).toMatchObject({
      ContactGroupName: 'db-oncall',
      Describe: 'Database on-call rota',
      EnableSubscribed: 'true',
    });
    const putContactAt = t.cms.requests.findIndex((r) => r.action === 'PutContact');
    const putGroupAt = t.cms.requests.findIndex((r) => r.action === 'PutContactGroup');
    expect(putContactAt).toBeGreaterThanOrEqual(0);
    expect(putGroupAt).toBeGreaterThan(putContactAt);
    // Groups not chosen are not written.
    expect(members(t, 'web-oncall')).toEqual(['ops_lead']);
    expect(members(t, 'finance')).toEqual([]);
  });

  it('joining a group that already has 100 members fails clearly (ContactGroupFull) with Retry, and the group is untouched', async () => {
    const t = await start();
    const crowd = Array.from({ length: 100 }, (_, i) => `member_${String(i).padStart(3, '0')}`);
    for (const name of crowd)
      t.cms.seedContact({ Name: name, Desc: 'seeded', Channels: { Mail: `${name}@example.com` } });
    t.cms.seedGroup({ Name: 'finance', Describe: 'Finance systems', ContactNames: crowd });
    const { request, message } = await submitAndRead(t, REQUESTER, { ...DANA, groups: ['finance'] });
    await clickButton(t, ADMIN, message, 'approve_request');
    await waitForStatus(t, request.id, 'failed');
    expect((await t.deps.requests.get(request.id))?.result?.code).toBe('ContactGroupFull');
    expect(members(t, 'finance')).toHaveLength(100);
    expect(t.cms.requestsFor('PutContactGroup')).toHaveLength(0);
  });

  it("an edit preselects the contact's current groups as CloudMonitor has them; leaving one takes only this contact out", async () => {
    const t = await start();
    await registerThroughApproval(t, REQUESTER, { ...DANA, groups: ['db-oncall', 'web-oncall'] });
    expect(members(t, 'web-oncall')).toEqual(['dana_ops', 'ops_lead']);
    // Someone adds dana_ops to "finance" in the console: the edit form shows it, read from DescribeContactList.
    t.cms.seedGroup({ Name: 'finance', Describe: 'Finance systems', ContactNames: ['dana_ops'] });

    const { view } = await openContactModal(t, REQUESTER);
    expect(preselected(view)).toEqual(['db-oncall', 'finance', 'web-oncall']);
    const same = await submitContactModal(t, REQUESTER, view, {
      ...DANA,
      contactName: undefined,
      groups: ['db-oncall', 'finance', 'web-oncall'],
    });
    expect(JSON.stringify(same.json)).toContain('nothing to approve');

    // The same values but one group fewer is a change to approve.
    const { request, message } = await submitAndRead(t, REQUESTER, {
      ...DANA,
      contactName: undefined,
      groups: ['db-oncall', 'finance'],
    });
    expect(request).toMatchObject({
      kind: 'update',
      groups: ['db-oncall', 'finance'],
      previousGroups: ['db-oncall', 'finance', 'web-oncall'],
    });
    expect(messageText(message)).toContain('−web-oncall');
    const putsBefore = t.cms.requestsFor('PutContactGroup').length;
    await clickButton(t, ADMIN, message, 'approve_request');
    await waitForStatus(t, request.id, 'registered');

    expect(members(t, 'web-oncall')).toEqual(['ops_lead']);
    expect(t.cms.groups.get('web-oncall')?.Describe).toBe('Web tier');
    expect(members(t, 'db-oncall')).toEqual(['dana_ops', 'ops_lead']);
    expect(members(t, 'finance')).toEqual(['dana_ops']);
    const puts = t.cms.requestsFor('PutContactGroup').slice(putsBefore);
    expect(puts.map((put) => put.params.ContactGroupName)).toEqual(['web-oncall']);
  });

  it('groups outside SELF_SERVICE_GROUPS are neither shown nor touched by an edit', async () => {
    const t = await start({ env: { SELF_SERVICE_GROUPS: 'db-oncall' } });
    await registerThroughApproval(t, REQUESTER, { ...DANA, groups: ['db-oncall'] });
    t.cms.seedGroup({ Name: 'finance', Describe: 'Finance systems', ContactNames: ['dana_ops'] });

    const { view } = await openContactModal(t, REQUESTER);
    expect(offered(view)).toEqual(['db-oncall']);
    expect(preselected(view)).toEqual(['db-oncall']);
    const { request, message } = await submitAndRead(t, REQUESTER, { ...DANA, contactName: undefined, groups: [] });
    expect(request).toMatchObject({ groups: [], previousGroups: ['db-oncall'] });
    await clickButton(t, ADMIN, message, 'approve_request');
    await waitForStatus(t, request.id, 'registered');
    expect(members(t, 'db-oncall')).toEqual(['ops_lead']);
    expect(members(t, 'finance')).toEqual(['dana_ops']);
  });

  it('two approvals joining one group at the same time both end up members (per-group lock around the read-modify-write)', async () => {
    const t = await start();
    const dana = await submitAndRead(t, REQUESTER, { ...DANA, groups: ['db-oncall'] });
    const li = await submitAndRead(t, OTHER_USER, { ...LI, groups: ['db-oncall'] });
    // Slow reads: without the lock both approvals would read [ops_lead] and the second write would drop the first.
    t.cms.setLatency(400, 'DescribeContactGroupList');
    t.cms.setLatency(100, 'PutContactGroup');
    await Promise.all([
      clickButton(t, ADMIN, dana.message, 'approve_request'),
      clickButton(t, ADMIN, li.message, 'approve_request'),
    ]);
    await Promise.all([waitForStatus(t, dana.request.id, 'registered'), waitForStatus(t, li.request.id, 'registered')]);

    expect(members(t, 'db-oncall')).toEqual(['dana_ops', 'li_wei', 'ops_lead']);
    expect(t.cms.groups.get('db-oncall')?.Describe).toBe('Database on-call rota');
    expect(t.cms.groups.get('db-oncall')?.EnableSubscribed).toBe(true);
    expect(t.cms.requestsFor('PutContactGroup')).toHaveLength(2);
  });

  it('an unknown group value in a forged submission gets an inline error on the groups block, and nothing is requested', async () => {
    const t = await start();
    const { view } = await openContactModal(t, REQUESTER);
    const response = await submitContactModal(t, REQUESTER, view, { ...DANA, groups: ['db-oncall', 'no-such-group'] });
    expect(response.json).toMatchObject({ response_action: 'errors' });
    const errors = (response.json as { errors: Record<string, string> }).errors;
    expect(Object.keys(errors)).toEqual([BLOCK_ID.groups]);
    expect(errors[BLOCK_ID.groups]).toContain('no-such-group');
    await waitUntilQuiet(t);
    expect(adminMessages(t)).toHaveLength(0);
    expect(await t.deps.requests.openRequestOf(REQUESTER)).toBeUndefined();
  });

  it('an existing group outside SELF_SERVICE_GROUPS is refused like an unknown one', async () => {
    const t = await start({ env: { SELF_SERVICE_GROUPS: 'db-oncall' } });
    const { view } = await openContactModal(t, REQUESTER);
    const response = await submitContactModal(t, REQUESTER, view, { ...DANA, groups: ['finance'] });
    expect(response.json).toMatchObject({
      response_action: 'errors',
      errors: { [BLOCK_ID.groups]: expect.stringContaining('finance') },
    });
    expect(await t.deps.requests.openRequestOf(REQUESTER)).toBeUndefined();
  });

  it('the modal uses the group cache (no second DescribeContactGroupList within its lifetime); approval reads the group fresh', async () => {
    const t = await start();
    await openContactModal(t, OTHER_USER);
    expect(t.cms.requestsFor('DescribeContactGroupList')).toHaveLength(1);
    const { request, message } = await submitAndRead(t, REQUESTER, { ...DANA, groups: ['db-oncall'] });
    // Second modal and the submission's check: both from the cache.
    expect(t.cms.requestsFor('DescribeContactGroupList')).toHaveLength(1);

    // A console change after the list was cached: approval must keep the new member, so it cannot use the cache.
    t.cms.seedContact({ Name: 'night_shift', Channels: { Mail: 'night@example.com' } });
    t.cms.seedGroup({
      Name: 'db-oncall',
      Describe: 'Database on-call rota',
      EnableSubscribed: true,
      ContactNames: ['ops_lead', 'night_shift'],
    });
    await clickButton(t, ADMIN, message, 'approve_request');
    await waitForStatus(t, request.id, 'registered');
    expect(t.cms.requestsFor('DescribeContactGroupList').length).toBeGreaterThanOrEqual(2);
    expect(members(t, 'db-oncall')).toEqual(['dana_ops', 'night_shift', 'ops_lead']);
  });

  it('a failed group listing leaves the block out with a note, the form still opens, and the failure is not cached', async () => {
    const t = await start();
    t.cms.injectNext('InvalidAuthorization', { action: 'DescribeContactGroupList' });
    const { view } = await openContactModal(t, REQUESTER);
    expect(groupsBlock(view)).toBeUndefined();
    expect(JSON.stringify(view.blocks)).toContain("couldn't load the alert contact groups");
    // Without the block, a submission leaves groups alone.
    const response = await submitContactModal(t, REQUESTER, view, DANA);
    expect(response.json).toMatchObject({ response_action: 'update' });
    expect((await t.deps.requests.openRequestOf(REQUESTER))?.groups).toBeUndefined();

    const { view: again } = await openContactModal(t, OTHER_USER);
    expect(offered(again)).toEqual(['db-oncall', 'finance', 'web-oncall']);
  });

  it("an edit whose current groups can't be read: no groups block in the form, and an inline error (not a request) at submission", async () => {
    const t = await start();
    await registerThroughApproval(t, REQUESTER, { ...DANA, groups: ['db-oncall'] });

    t.cms.injectNext('InvalidAuthorization', { action: 'DescribeContactList' });
    const { view } = await openContactModal(t, REQUESTER);
    expect(groupsBlock(view)).toBeUndefined();
    expect(JSON.stringify(view.blocks)).toContain("couldn't read your alert contact groups");

    const { view: edit } = await openContactModal(t, REQUESTER);
    expect(preselected(edit)).toEqual(['db-oncall']);
    t.cms.injectNext('InvalidAuthorization', { action: 'DescribeContactList' });
    const response = await submitContactModal(t, REQUESTER, edit, {
      ...DANA,
      contactName: undefined,
      describe: 'DBA lead',
      groups: [],
    });
    expect(response.json).toMatchObject({
      response_action: 'errors',
      errors: { [BLOCK_ID.groups]: expect.stringContaining('CloudMonitor') },
    });
    expect(await t.deps.requests.openRequestOf(REQUESTER)).toBeUndefined();
    expect(members(t, 'db-oncall')).toEqual(['dana_ops', 'ops_lead']);
  });

  it("the open request's groups are preselected when the form is opened again", async () => {
    const t = await start();
    await submitAndRead(t, REQUESTER, { ...DANA, groups: ['finance', 'web-oncall'] });
    const { view } = await openContactModal(t, REQUESTER);
    expect(preselected(view)).toEqual(['finance', 'web-oncall']);
  });
});
