/**
 * Form refusals (issue 12) and what people see around the form (issue 13), end to end: the real app over signed
 * HTTP against the fake Slack and fake CloudMonitor.
 * - A pre-signed DingTalk webhook (timestamp & sign) and e-mail addresses that cannot receive mail by their shape
 *   are refused inline under their own input, in the requester's language, and nothing reaches the admins or
 *   CloudMonitor; the corrected submission goes through.
 * - The admin message hides the DingTalk access_token entirely.
 * - The Chinese Description prefill reads naturally (full-width "（通过 Slack）", no stray space).
 * - The "at least one channel" rule is said by the channels, not by the Alert language hint.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { zhCn } from '../../src/i18n/zh-cn.js';
import { BLOCK_ID } from '../../src/slack/ids.js';
import { adminMessages, clickButton, messageText, openContactModal, submitContactModal } from '../helpers/flow.js';
import { ADMIN, OTHER_USER, REQUESTER, startTestBot, type TestBot } from '../helpers/test-bot.js';

const TOKEN = '7d49515e8ebf21106a80a9cc4bb3d247771305d52fb15d6201234565';
const WEBHOOK = `https://oapi.dingtalk.com/robot/send?access_token=${TOKEN}`;
const PRESIGNED = `${WEBHOOK}&timestamp=1700000000000&sign=Yx1%2BBz9tX3kq%3D`;
const DANA = { contactName: 'Dana_Ops', describe: 'Dana Ops, DBA (via Slack)', lang: 'en' };

type Errors = Record<string, string>;
const errorsOf = (json: unknown): Errors => (json as { errors?: Errors }).errors ?? {};

/** Block ids of the view's blocks, in order, with each input's hint text. */
function hints(view: { blocks: unknown[] }): Map<string, string> {
  const out = new Map<string, string>();
  for (const block of view.blocks as Array<{ block_id?: string; hint?: { text: string } }>)
    if (block.block_id && block.hint) out.set(block.block_id, block.hint.text);
  return out;
}

describe('form refusals and what people see around the form (real app over signed HTTP)', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot();
  });
  afterEach(async () => {
    await t.close();
  });

  it('refuses a pre-signed DingTalk webhook inline with the explanation; the URL without timestamp & sign goes through', async () => {
    const { view } = await openContactModal(t, REQUESTER);
    const refused = await submitContactModal(t, REQUESTER, view, { ...DANA, dingWebHook: PRESIGNED });
    expect(refused.status).toBe(200);
    expect(refused.json).toMatchObject({ response_action: 'errors' });
    expect(errorsOf(refused.json)).toEqual({ [BLOCK_ID.dingWebHook]: en.errors['dingWebHook.signed'] });
    expect(en.errors['dingWebHook.signed']).toMatch(/keyword/i);
    expect(adminMessages(t)).toHaveLength(0);
    expect(t.cms.requestsFor('PutContact')).toHaveLength(0);
    expect(await t.deps.requests.openRequestOf(REQUESTER)).toBeUndefined();

    const accepted = await submitContactModal(t, REQUESTER, view, { ...DANA, dingWebHook: WEBHOOK });
    expect(accepted.json).toMatchObject({ response_action: 'update' });
    const request = await t.deps.requests.openRequestOf(REQUESTER);
    expect(request?.contact.Channels.DingWebHook).toBe(WEBHOOK);
  });

  it('refuses undeliverable e-mail shapes inline, each with its own message, in the requester’s language', async () => {
    const cases: Array<[string, keyof typeof en.errors]> = [
      [`${'a'.repeat(65)}@example.com`, 'mail.localPartTooLong'],
      [`dana@${'b'.repeat(64)}.example.com`, 'mail.domainLabelTooLong'],
      ['dana@example-.com', 'mail.domainLabelHyphen'],
      ['dana@-example.com', 'mail.domainLabelHyphen'],
    ];
    const { view } = await openContactModal(t, REQUESTER);
    for (const [mail, code] of cases) {
      const response = await submitContactModal(t, REQUESTER, view, { ...DANA, mail });
      expect(response.json, mail).toMatchObject({ response_action: 'errors' });
      expect(errorsOf(response.json), mail).toEqual({ [BLOCK_ID.mail]: en.errors[code] });
    }
    // OTHER_USER's Slack locale is zh-CN: the same refusals in Simplified Chinese, with the DingTalk one alongside.
    const { view: chinese } = await openContactModal(t, OTHER_USER);
    const response = await submitContactModal(t, OTHER_USER, chinese, {
      contactName: 'li_wei',
      describe: 'SRE',
      mail: 'li@example-.com',
      dingWebHook: PRESIGNED,
    });
    expect(errorsOf(response.json)).toEqual({
      [BLOCK_ID.mail]: zhCn.errors['mail.domainLabelHyphen'],
      [BLOCK_ID.dingWebHook]: zhCn.errors['dingWebHook.signed'],
    });
    expect(adminMessages(t)).toHaveLength(0);
    expect(t.cms.requestsFor('PutContact')).toHaveLength(0);
  });

  it('admins never see any of the DingTalk access_token; PutContact gets the whole URL', async () => {
    const { view } = await openContactModal(t, REQUESTER);
    await submitContactModal(t, REQUESTER, view, { ...DANA, dingWebHook: WEBHOOK });
    const posted = await t.slack.waitFor(() => adminMessages(t)[0]);
    const text = messageText(posted);
    expect(text).toContain('https://oapi.dingtalk.com/robot/send?access_token=…');
    expect(text).not.toContain(TOKEN.slice(0, 4));

    await clickButton(t, ADMIN, posted, 'approve_request');
    await t.slack.waitFor(() => messageText(adminMessages(t)[0] ?? {}).includes('Registered in CloudMonitor'));
    expect(t.cms.requestsFor('PutContact')[0]?.params['Channels.DingWebHook']).toBe(WEBHOOK);
    const decided = messageText(adminMessages(t)[0] ?? {});
    expect(decided).toContain('access_token=…');
    expect(decided).not.toContain(TOKEN.slice(0, 4));
  });

  it('prefills a Chinese Description with full-width "（通过 Slack）" and no stray space, even after a full stop', async () => {
    t.slack.addUser({
      id: 'U0REQ0003',
      name: 'wang',
      realName: '王芳',
      email: 'wang.fang@example.com',
      locale: 'zh-CN',
      title: '数据库管理员。',
    });
    const { view } = await openContactModal(t, 'U0REQ0003');
    const describe = (view.blocks as Array<{ block_id?: string; element?: { initial_value?: string } }>).find(
      (block) => block.block_id === BLOCK_ID.describe,
    );
    expect(describe?.element?.initial_value).toBe('王芳，数据库管理员（通过 Slack）');
    const { view: li } = await openContactModal(t, OTHER_USER);
    const liDescribe = (li.blocks as Array<{ block_id?: string; element?: { initial_value?: string } }>).find(
      (block) => block.block_id === BLOCK_ID.describe,
    );
    expect(liDescribe?.element?.initial_value).toBe('李伟（通过 Slack）');
  });

  it('states the "at least one channel" rule above the channels, not in the Alert language hint (both languages)', async () => {
    for (const [user, catalogue] of [
      [REQUESTER, en],
      [OTHER_USER, zhCn],
    ] as const) {
      const { view } = await openContactModal(t, user);
      const blocks = view.blocks as Array<{ type: string; block_id?: string; text?: { text: string } }>;
      const rule = blocks.findIndex(
        (block) => block.type === 'section' && block.text?.text === catalogue.form.channelsIntro,
      );
      expect(rule, user).toBeGreaterThan(blocks.findIndex((block) => block.block_id === BLOCK_ID.describe));
      expect(rule, user).toBe(blocks.findIndex((block) => block.block_id === BLOCK_ID.mail) - 1);
      expect(hints(view).get(BLOCK_ID.lang), user).toBe(catalogue.form.langHint);
    }
    expect(en.form.langHint).not.toMatch(/at least|email|phone|DingTalk/i);
    expect(zhCn.form.langHint).not.toMatch(/至少|邮箱|钉钉/);
  });
});
