/**
 * Logs an operator can use (issue 13): every outcome at info with its request id and masked fields; debug adds
 * the Slack and CloudMonitor calls, never at info.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BLOCK_ID, INPUT_ACTION_ID } from '../../src/slack/ids.js';
import {
  adminMessages,
  clickButton,
  findButton,
  messageText,
  openContactModal,
  submitContactModal,
} from '../helpers/flow.js';
import { buildViewSubmission, sendInteraction } from '../helpers/slack-driver.js';
import { ADMIN, OTHER_USER, REQUESTER, SIGNING_SECRET, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { waitUntil } from '../helpers/wait.js';

interface Line {
  level: number;
  msg: string;
  requestId?: string;
  [key: string]: unknown;
}
const infoLines = (t: TestBot): Line[] =>
  t.logs.map((line) => JSON.parse(line) as Line).filter((line) => line.level === 30);

describe('outcome logs', () => {
  let t: TestBot | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('logs submitted, decided, registered, reminded, confirmed and rejected at info with the request id; phone numbers masked; no call details', async () => {
    t = await startTestBot({ env: { LOG_LEVEL: 'info', REMINDER_DELAYS: '1s,3s' } });
    const { view } = await openContactModal(t, REQUESTER);
    await submitContactModal(t, REQUESTER, view, {
      contactName: 'Dana_Ops',
      describe: 'DBA',
      mail: 'dana.ops@example.com',
      sms: '+86 138 0000 1234',
      lang: 'en',
    });
    const posted = await t.slack.waitFor(() => adminMessages(t as TestBot)[0]);
    const requestId = findButton(posted, 'approve_request')?.value ?? '';
    await clickButton(t, ADMIN, posted, 'approve_request');
    await t.slack.waitFor(
      () => t?.slack.dms(REQUESTER).find((message) => messageText(message).includes('Reminder')),
      12_000,
    );
    t.cms.activate('Dana_Ops', 'SMS');
    t.cms.activate('Dana_Ops', 'Mail');
    await t.slack.waitFor(
      () => t?.slack.dms(REQUESTER).find((message) => messageText(message).includes('All set')),
      12_000,
    );

    // A second person's request, rejected with a reason.
    const other = await openContactModal(t, OTHER_USER);
    await submitContactModal(t, OTHER_USER, other.view, {
      contactName: 'li_wei',
      describe: 'SRE',
      mail: 'li.wei@example.com',
    });
    const second = await t.slack.waitFor(() =>
      adminMessages(t as TestBot).find((message) => messageText(message).includes('li_wei')),
    );
    const rejectedId = findButton(second, 'approve_request')?.value ?? '';
    const before = new Set(t.slack.views.keys());
    await clickButton(t, ADMIN, second, 'reject_request');
    const modal = await t.slack.waitFor(() =>
      [...(t as TestBot).slack.views.values()].find(
        (v) => !before.has(v.id) && v.callback_id === 'reject_reason_modal',
      ),
    );
    await sendInteraction(
      t.url,
      SIGNING_SECRET,
      buildViewSubmission({
        user: { id: ADMIN },
        view: modal,
        values: { [BLOCK_ID.rejectReason]: { [INPUT_ACTION_ID]: { type: 'plain_text_input', value: 'team address' } } },
        triggerId: t.slack.mintTriggerId(),
      }),
    );
    await t.slack.waitFor(() => t?.slack.dms(OTHER_USER)[0]); // in their Slack language, Chinese
    // The line follows the DM (logged once it is recorded as told).
    const bot = t;
    await waitUntil(
      () => infoLines(bot).some((line) => line.requestId === rejectedId && /^requester told/.test(line.msg)),
      {
        what: 'the rejection DM logged',
      },
    );

    const lines = infoLines(t);
    const about = (id: string, msg: RegExp) => lines.filter((line) => line.requestId === id && msg.test(line.msg));
    expect(about(requestId, /^request submitted$/)).toHaveLength(1);
    expect(about(requestId, /^request decided: approve$/)).toHaveLength(1);
    expect(about(requestId, /^request registered$/)).toHaveLength(1);
    expect(about(requestId, /^activation reminder sent$/)).toHaveLength(1);
    expect(about(requestId, /^activation confirmed$/)).toHaveLength(1);
    expect(about(requestId, /^requester told about their registration$/)).toHaveLength(1);
    expect(about(rejectedId, /^request decided: reject$/)).toHaveLength(1);
    expect(about(rejectedId, /^requester told about their rejection$/)).toHaveLength(1);
    const all = t.logs.join('\n');
    expect(all).not.toContain('13800001234');
    expect(all).not.toContain('dana.ops@example.com');
    expect(all).not.toContain('"slackMethod"');
    expect(all).not.toContain('"cmsAction"');
    // The same outcomes in /metrics.
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/^alert_contact_reminders_total\{result="sent"\} 1$/m);
    expect(metrics).toMatch(/^alert_contact_decisions_total\{action="reject"\} 1$/m);
    expect(metrics).toMatch(/^alert_contact_requests_total\{kind="create",outcome="rejected"\} 1$/m);
    expect(metrics).toMatch(/^alert_contact_requests_total\{kind="create",outcome="submitted"\} 2$/m);
  }, 60_000);
});
