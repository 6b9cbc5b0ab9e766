import { afterEach, describe, expect, it } from 'vitest';
import { adminMessages, openContactModal, submitContactModal } from '../helpers/flow.js';
import { ADMIN_CHANNEL, REQUESTER, startTestBot, type TestBot } from '../helpers/test-bot.js';

const DANA = {
  contactName: 'Dana_Ops',
  describe: 'Dana Ops, DBA (via Slack)',
  mail: 'dana.ops@example.com',
  lang: 'en',
};

describe('the contact form says "sent to the admins" only when the approval message was posted (issue 10)', () => {
  let t: TestBot | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('says so when the post went through', async () => {
    t = await startTestBot();
    const { view } = await openContactModal(t, REQUESTER);
    const ack = await submitContactModal(t, REQUESTER, view, DANA);
    expect(JSON.stringify(ack.json)).toContain('was sent to the alert-contact admins');
    expect(adminMessages(t)).toHaveLength(1);
  });

  it('when the bot is not in the admin channel: "saved, not posted yet", a DM with not_in_channel, and the post once invited', async () => {
    t = await startTestBot({ env: { RESUME_AFTER: '1s' } });
    t.slack.setBotMembership(ADMIN_CHANNEL, false);
    const { view } = await openContactModal(t, REQUESTER);
    const ack = await submitContactModal(t, REQUESTER, view, DANA);
    const said = JSON.stringify(ack.json);
    expect(said).not.toContain('sent to the alert-contact admins');
    expect(said).toContain("is saved, but I couldn't post it to the alert-contact admins yet");
    const dm = await t.slack.waitFor(() =>
      t?.slack.dms(REQUESTER).find((message) => (message.text ?? '').includes('channel_not_found')),
    );
    expect(dm.text).toContain(`<#${ADMIN_CHANNEL}>`);
    expect(adminMessages(t)).toHaveLength(0);

    t.slack.setBotMembership(ADMIN_CHANNEL, true);
    await t.slack.waitFor(() => adminMessages(t as TestBot)[0], 10_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(adminMessages(t)).toHaveLength(1);
  });

  it('when Slack is slow: acks "saved, posting…" within 3 s, then updates the modal to "sent" once posted', async () => {
    t = await startTestBot();
    const { view } = await openContactModal(t, REQUESTER);
    t.slack.setLatency('chat.postMessage', 2_500);
    const started = Date.now();
    const ack = await submitContactModal(t, REQUESTER, view, DANA);
    expect(Date.now() - started).toBeLessThan(3_000);
    const said = JSON.stringify(ack.json);
    expect(said).toContain("I'm posting it to the alert-contact admins now");
    expect(said).not.toContain('was sent to the alert-contact admins');
    const updated = await t.slack.waitFor(() =>
      t?.slack.callsTo('views.update').find((call) => call.args.view_id === view.id && call.ok),
    );
    expect(JSON.stringify(updated.args.view)).toContain('was sent to the alert-contact admins');
    expect(adminMessages(t)).toHaveLength(1);
  });
});
