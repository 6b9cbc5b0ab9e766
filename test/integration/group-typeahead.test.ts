/**
 * Hundreds of contact groups end to end (real app over signed HTTP, fake Slack + fake CloudMonitor): past 100
 * self-service groups the form's groups input is a typeahead (multi_external_select) that the app answers on
 * Slack's signed `block_suggestion` from the cached group list, filtered by what was typed, never with a group
 * outside SELF_SERVICE_GROUPS; the person's current groups are its initial_options; a group past the first 100
 * by name can be joined.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ContactRequest } from '../../src/requests/request.js';
import { BLOCK_ID } from '../../src/slack/ids.js';
import {
  adminMessages,
  type ContactForm,
  clickButton,
  findButton,
  messageText,
  openContactModal,
  submitContactModal,
  suggestGroups,
} from '../helpers/flow.js';
import { ADMIN, REQUESTER, startTestBot, type TestBot } from '../helpers/test-bot.js';

const NAMES = Array.from({ length: 130 }, (_, i) => `hg_${String(i).padStart(3, '0')}`);
const DANA: ContactForm = {
  contactName: 'dana_ops',
  describe: 'DBA on call',
  mail: 'dana.ops@example.com',
  lang: 'en',
  groupsElement: 'multi_external_select',
};

interface GroupsElement {
  type: string;
  options?: unknown[];
  initial_options?: Array<{ value: string }>;
}
const groupsElement = (view: { blocks: unknown[] }) =>
  (view.blocks as Array<{ block_id?: string; element?: GroupsElement }>).find(
    (block) => block.block_id === BLOCK_ID.groups,
  )?.element;

async function waitForStatus(t: TestBot, requestId: string, status: ContactRequest['status']): Promise<ContactRequest> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const request = await t.deps.requests.get(requestId);
    if (request?.status === status) return request;
    if (Date.now() > deadline)
      throw new Error(`request ${requestId} is ${request?.status ?? 'missing'}, not ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('contact groups typeahead (more than 100 groups)', () => {
  let t: TestBot | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('offers every allow-listed group by typeahead, never another; the chosen group past the first 100 is joined; current groups preselected', async () => {
    // 130 allow-listed groups, plus one that exists but is not self-service.
    t = await startTestBot({ env: { SELF_SERVICE_GROUPS: NAMES.join(',') } });
    t.cms.seedContact({ Name: 'ops_lead', Desc: 'Ops lead', Channels: { Mail: 'lead@example.com' } });
    for (const name of NAMES) t.cms.seedGroup({ Name: name, Describe: `${name} rota`, ContactNames: ['ops_lead'] });
    t.cms.seedGroup({ Name: 'hg_secret', Describe: 'not self-service' });

    const { view } = await openContactModal(t, REQUESTER);
    const element = groupsElement(view);
    expect(element?.type).toBe('multi_external_select');
    expect(element?.options).toBeUndefined();
    expect(element?.initial_options).toBeUndefined();

    // Opening the menu (nothing typed): the first 100 by name, never hg_secret.
    const opened = await suggestGroups(t, REQUESTER, view, '');
    expect(opened.values).toHaveLength(100);
    expect(opened.values[0]).toBe('hg_000');
    expect(opened.values).not.toContain('hg_secret');
    // Typing narrows it, from the cache: no CloudMonitor call per keystroke, answered well within Slack's 3 s.
    const listsBefore = t.cms.requestsFor('DescribeContactGroupList').length;
    const startedAt = Date.now();
    const typed = await suggestGroups(t, REQUESTER, view, 'HG_12');
    expect(Date.now() - startedAt).toBeLessThan(1_000);
    expect(typed.values).toEqual([
      'hg_120',
      'hg_121',
      'hg_122',
      'hg_123',
      'hg_124',
      'hg_125',
      'hg_126',
      'hg_127',
      'hg_128',
      'hg_129',
    ]);
    expect((await suggestGroups(t, REQUESTER, view, 'secret')).values).toEqual([]);
    expect((await suggestGroups(t, REQUESTER, view, 'hg_')).values).not.toContain('hg_secret');
    expect(t.cms.requestsFor('DescribeContactGroupList').length).toBe(listsBefore);

    // A forged value outside the allow-list is refused inline, as with the static select.
    const forged = await submitContactModal(t, REQUESTER, view, { ...DANA, groups: ['hg_125', 'hg_secret'] });
    expect(forged.json).toMatchObject({
      response_action: 'errors',
      errors: { [BLOCK_ID.groups]: expect.stringContaining('hg_secret') },
    });

    // hg_125 (past the first 100 by name) and hg_003, chosen from the typeahead.
    const sent = await submitContactModal(t, REQUESTER, view, { ...DANA, groups: ['hg_125', 'hg_003'] });
    expect(sent.json).toMatchObject({ response_action: 'update' });
    const request = await t.deps.requests.openRequestOf(REQUESTER);
    expect(request).toMatchObject({ groups: ['hg_003', 'hg_125'], previousGroups: [] });
    const message = await t.slack.waitFor(() =>
      adminMessages(t!).find((m) => messageText(m).includes(request!.id) && findButton(m, 'approve_request')),
    );
    expect(messageText(message)).toContain('+hg_125');
    await clickButton(t, ADMIN, structuredClone(message), 'approve_request');
    await waitForStatus(t, request!.id, 'registered');
    expect([...(t.cms.groups.get('hg_125')?.ContactNames ?? [])].sort()).toEqual(['dana_ops', 'ops_lead']);
    expect([...(t.cms.groups.get('hg_003')?.ContactNames ?? [])].sort()).toEqual(['dana_ops', 'ops_lead']);
    expect(t.cms.groups.get('hg_secret')?.ContactNames).toEqual([]);

    // The edit form shows the current groups (read from CloudMonitor) as the typeahead's initial_options.
    const { view: edit } = await openContactModal(t, REQUESTER);
    expect(groupsElement(edit)?.type).toBe('multi_external_select');
    expect(groupsElement(edit)?.initial_options?.map((option) => option.value)).toEqual(['hg_003', 'hg_125']);
  });
});
