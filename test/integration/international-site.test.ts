/**
 * CMS_SITE=international end to end: the real app over signed HTTP against the fake Slack and CloudMonitor. The form
 * has no SMS or TradeManager input (China-site-only channels), a contact without email or DingTalk webhook gets an
 * inline error in the person's language, and PutContact never carries Channels.SMS or Channels.AliIM, even when a
 * crafted submission sends those blocks.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { zhCn } from '../../src/i18n/zh-cn.js';
import { BLOCK_ID } from '../../src/slack/ids.js';
import type { FakeView } from '../fakes/slack-web-api.js';
import {
  adminMessages,
  type ContactForm,
  clickButton,
  contactValues,
  messageText,
  openContactModal,
} from '../helpers/flow.js';
import { buildViewSubmission, sendInteraction } from '../helpers/slack-driver.js';
import { ADMIN, OTHER_USER, REQUESTER, SIGNING_SECRET, startTestBot, type TestBot } from '../helpers/test-bot.js';

const blockIdsOf = (view: FakeView) => (view.blocks as Array<{ block_id?: string }>).map((block) => block.block_id);

/** Submits exactly the inputs the modal has (as Slack would), or every contact block when `crafted`. */
function submit(t: TestBot, userId: string, view: FakeView, form: ContactForm, crafted = false) {
  const shown = new Set(blockIdsOf(view));
  const values = Object.fromEntries(
    Object.entries(contactValues(form)).filter(([blockId]) => crafted || shown.has(blockId)),
  );
  return sendInteraction(
    t.url,
    SIGNING_SECRET,
    buildViewSubmission({ user: { id: userId }, view, values, triggerId: t.slack.mintTriggerId() }),
  );
}

describe('CMS_SITE=international (HTTP mode, signed requests, fake Slack + fake CloudMonitor)', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ env: { CMS_SITE: 'international' } });
  });
  afterEach(async () => {
    await t.close();
  });

  it('offers no SMS or TradeManager input, though the Slack profile has a mainland mobile number', async () => {
    const { view } = await openContactModal(t, REQUESTER);
    expect(blockIdsOf(view)).not.toContain(BLOCK_ID.sms);
    expect(blockIdsOf(view)).not.toContain(BLOCK_ID.aliIm);
    expect(blockIdsOf(view)).toEqual(expect.arrayContaining([BLOCK_ID.mail, BLOCK_ID.dingWebHook]));
    expect(JSON.stringify(view.blocks)).not.toContain('13800001234');
  });

  it("asks for an email or a DingTalk webhook, inline and in the person's language", async () => {
    const english = await openContactModal(t, REQUESTER);
    const refused = await submit(t, REQUESTER, english.view, { contactName: 'Dana_Ops', describe: 'Dana', lang: 'en' });
    expect(refused.json).toEqual({
      response_action: 'errors',
      errors: { [BLOCK_ID.mail]: en.errors['channels.atLeastOneInternational'] },
    });

    const chinese = await openContactModal(t, OTHER_USER);
    const crafted = await submit(
      t,
      OTHER_USER,
      chinese.view,
      { contactName: 'Li_Wei', describe: '李伟', sms: '13800005678', aliIm: 'liwei' },
      true,
    );
    expect(crafted.json).toEqual({
      response_action: 'errors',
      errors: { [BLOCK_ID.mail]: zhCn.errors['channels.atLeastOneInternational'] },
    });
    expect(adminMessages(t)).toHaveLength(0);
  });

  it('registers with email only; PutContact carries no Channels.SMS or Channels.AliIM even from a crafted submission', async () => {
    const { view } = await openContactModal(t, REQUESTER);
    const form = {
      contactName: 'Dana_Ops',
      describe: 'Dana Ops, DBA',
      mail: 'dana.ops@example.com',
      sms: '+86 138 0000 1234',
      aliIm: 'dana_im',
      lang: 'en',
    };
    const sent = await submit(t, REQUESTER, view, form, true);
    expect(sent.json).toMatchObject({ response_action: 'update' });
    const posted = await t.slack.waitFor(() => adminMessages(t)[0]);
    expect(messageText(posted)).not.toContain('1234');
    await clickButton(t, ADMIN, posted, 'approve_request');
    await t.slack.waitFor(() => messageText(adminMessages(t)[0] ?? {}).includes('Registered in CloudMonitor'));

    const put = t.cms.requestsFor('PutContact');
    expect(put).toHaveLength(1);
    expect(put[0]?.params).toMatchObject({ ContactName: 'Dana_Ops', 'Channels.Mail': 'dana.ops@example.com' });
    expect(
      Object.keys(put[0]?.params ?? {}).filter((key) => key === 'Channels.SMS' || key === 'Channels.AliIM'),
    ).toEqual([]);
  });
});
