/**
 * `npm run demo`: the whole `/alert-contact` flow, end to end, without Slack or Alibaba Cloud. It starts the real
 * bot (composeApp, as main.ts does, through the test bot) in HTTP mode on 127.0.0.1 against the local Slack
 * stand-in (test/fakes/slack-web-api.ts) and the CloudMonitor emulator (test/fakes/cloudmonitor.ts), plays the
 * requester and an admin with signed requests as Slack sends them, and prints what each person sees, with Block Kit
 * rendered as plain text.
 *
 * Usage: `npm run demo [-- --lang zh-cn]`. Needs no settings and no network; its SQLite file lives in a new
 * temporary directory that is removed at the end. Exits 0 when the flow completed, 1 when a step did not happen
 * (with the reason on stderr), 2 for a bad option.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { maskEmail, maskPhone } from '../../src/contact/mask.js';
import { ACTION_ID, BLOCK_ID } from '../../src/slack/ids.js';
import { type FakeCloudMonitor, type FakeContact, startFakeCloudMonitor } from '../fakes/cloudmonitor.js';
import { type FakeSlack, type FakeView, startFakeSlack } from '../fakes/slack-web-api.js';
import { adminMessages, type ContactForm, clickButton, openContactModal, submitContactModal } from '../helpers/flow.js';
import {
  ADMIN,
  ADMIN_CHANNEL,
  APP_TOKEN,
  BOT_TOKEN,
  SECOND_ADMIN,
  startTestBot,
  type TestBot,
} from '../helpers/test-bot.js';
import { type RenderNames, renderMessage, renderModal } from './render.js';

/** The demo's languages: the requester's Slack locale and ADMIN_LANGUAGE follow it. */
export type DemoLang = 'en' | 'zh-cn';

export interface DemoOptions {
  /** Language of the people in the demo (and of the narration). Default `en`. */
  lang?: DemoLang;
  /** Where each output line goes; default stdout. */
  write?: (line: string) => void;
  /** On SIGINT / SIGTERM, remove the temporary SQLite directory and exit (130 / 143). For the command line only. */
  exitOnSignal?: boolean;
  /** Reminder delays for the demo bot (REMINDER_DELAYS syntax). Default `3s,6s`. */
  reminderDelays?: string;
}

/** The requester of the demo; the admins are the test bot's (ADMIN approves). */
const REQUESTER = 'U0DEMO0001';
const ADMIN_CHANNEL_NAME = 'alert-contact-admins';

const PEOPLE: Record<
  DemoLang,
  { requester: { realName: string; name: string; title: string; locale: string }; admin: string; admin2: string }
> = {
  en: {
    requester: { realName: 'Mei Chen', name: 'mei', title: 'SRE', locale: 'en-US' },
    admin: 'Ada Admin',
    admin2: 'Bo Admin',
  },
  'zh-cn': {
    requester: { realName: '陈梅', name: 'mei', title: '运维工程师', locale: 'zh-CN' },
    admin: '王管理',
    admin2: '李管理',
  },
};
const PHONE = '+86 139 0000 5678';
const EMAIL = 'mei.chen@example.com';
/** The mobile number "typed" with a digit missing, to show an inline error. */
const MISTYPED_PHONE = '139 0000 567';

const NARRATION = {
  en: {
    intro:
      'The real bot runs against a local Slack stand-in and the CloudMonitor emulator, both on 127.0.0.1: no workspace, no Alibaba Cloud account, nothing leaves this machine.',
    step1: (who: string) => `${who} types /alert-contact in Slack`,
    requesterModal: 'Requester sees (modal, prefilled from the Slack profile):',
    step2: (who: string) => `${who} mistypes the mobile number (${MISTYPED_PHONE}) and clicks Submit`,
    requesterErrors: 'Requester sees (the same modal, the mistake shown under its field):',
    step3: (who: string) => `${who} corrects the number and submits again`,
    requesterAfterSubmit: 'Requester sees (modal):',
    adminChannel: `Admin channel (#${ADMIN_CHANNEL_NAME}):`,
    step4: (who: string) => `${who}, an admin, clicks [Approve]`,
    putContact: 'The bot called CloudMonitor PutContact (API 2019-01-01) with:',
    cmsHolds: 'CloudMonitor now holds:',
    requesterDm: 'Requester sees (DM):',
    step5: (delays: string) =>
      `Time passes: the first reminder is due (REMINDER_DELAYS=${delays} in this demo; 1h,1d,3d by default)`,
    step6: (who: string) =>
      `${who} clicks the activation links CloudMonitor sent by SMS and email (the emulator's activate switch)`,
    step7: 'The next reminder check finds SMS and email active',
    pending: 'PENDING: waiting for the recipient to click the activation link',
    ok: 'OK: active',
    optional: ' (optional)',
    done: (seconds: string) =>
      `Done in ${seconds} s: that is the whole flow. Run it in Chinese with: npm run demo -- --lang zh-cn`,
  },
  'zh-cn': {
    intro:
      '真实的机器人连接本机 127.0.0.1 上的 Slack 替身和云监控模拟器：不需要 Slack 工作区和阿里云账号，数据不离开本机。',
    step1: (who: string) => `${who} 在 Slack 中输入 /alert-contact`,
    requesterModal: '申请人看到（弹窗，已按 Slack 个人资料预填）：',
    step2: (who: string) => `${who} 输错了手机号（${MISTYPED_PHONE}），点击提交`,
    requesterErrors: '申请人看到（同一个弹窗，错误显示在对应字段下）：',
    step3: (who: string) => `${who} 改正号码后再次提交`,
    requesterAfterSubmit: '申请人看到（弹窗）：',
    adminChannel: `管理员频道（#${ADMIN_CHANNEL_NAME}）：`,
    step4: (who: string) => `管理员 ${who} 点击 [批准]`,
    putContact: '机器人调用了云监控 PutContact（API 2019-01-01），参数：',
    cmsHolds: '云监控现在保存的是：',
    requesterDm: '申请人看到（私信）：',
    step5: (delays: string) => `时间流逝：第一次提醒到期（本演示 REMINDER_DELAYS=${delays}；默认 1h,1d,3d）`,
    step6: (who: string) => `${who} 点击了云监控通过短信和邮件发来的激活链接（模拟器的激活开关）`,
    step7: '下一次提醒检查发现短信和邮件都已激活',
    pending: 'PENDING：等待接收人点击激活链接',
    ok: 'OK：已激活',
    optional: '（可选）',
    done: (seconds: string) => `完成，用时 ${seconds} 秒：这就是完整流程。英文版：npm run demo`,
  },
} as const;

/** Waits long enough for a reminder due in a few seconds plus a sweep. */
const STEP_TIMEOUT_MS = 15_000;

/**
 * Waits for something the bot should post (polling the fake Slack).
 * @throws Error naming what did not appear within STEP_TIMEOUT_MS, with the fake's diagnosis
 */
async function waitStep<T>(t: TestBot, what: string, predicate: () => T | undefined): Promise<T> {
  try {
    return await t.slack.waitFor(predicate, STEP_TIMEOUT_MS);
  } catch (error) {
    throw new Error(
      `${what} did not appear within ${STEP_TIMEOUT_MS / 1000} s (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/** The values a person leaves in the form when they keep what was prefilled. */
function prefilledForm(view: FakeView): ContactForm {
  const initial = (blockId: string): string | undefined => {
    const block = (
      view.blocks as Array<{
        block_id?: string;
        element?: { initial_value?: string; initial_option?: { value: string } };
      }>
    ).find((candidate) => candidate.block_id === blockId);
    return block?.element?.initial_value ?? block?.element?.initial_option?.value;
  };
  return {
    contactName: initial(BLOCK_ID.contactName),
    describe: initial(BLOCK_ID.describe),
    mail: initial(BLOCK_ID.mail),
    sms: initial(BLOCK_ID.sms),
    aliIm: initial(BLOCK_ID.aliIm),
    dingWebHook: initial(BLOCK_ID.dingWebHook),
    lang: initial(BLOCK_ID.lang),
  };
}

/** The view as it looks after the person typed `form` (Slack keeps what was typed when it shows errors). */
function asTyped(view: FakeView, form: ContactForm): FakeView {
  const typed: Record<string, string | undefined> = {
    [BLOCK_ID.contactName]: form.contactName,
    [BLOCK_ID.describe]: form.describe,
    [BLOCK_ID.mail]: form.mail,
    [BLOCK_ID.sms]: form.sms,
    [BLOCK_ID.aliIm]: form.aliIm,
    [BLOCK_ID.dingWebHook]: form.dingWebHook,
  };
  const blocks = (view.blocks as Array<{ block_id?: string; element?: Record<string, unknown> }>).map((block) =>
    block.block_id !== undefined && block.block_id in typed && block.element
      ? { ...block, element: { ...block.element, initial_value: typed[block.block_id] ?? '' } }
      : block,
  );
  return { ...view, blocks };
}

/** A CloudMonitor parameter as shown in the demo: phone numbers and email addresses masked. */
function maskParam(name: string, value: string): string {
  if (name === 'Channels.SMS') return maskPhone(value);
  if (name === 'Channels.Mail') return maskEmail(value);
  return value;
}

function contactLines(contact: FakeContact | undefined, text: (typeof NARRATION)[DemoLang]): string[] {
  if (!contact) return ['(no contact)'];
  const lines = [`ContactName: ${contact.Name}`, `Describe: ${contact.Desc}`, `Lang: ${contact.Lang}`];
  for (const [channel, value] of Object.entries(contact.Channels)) {
    const state = contact.ChannelsState[channel as keyof typeof contact.ChannelsState];
    const shown = maskParam(`Channels.${channel}`, value ?? '');
    lines.push(`Channels.${channel}: ${shown}${state ? `  (${state === 'OK' ? text.ok : text.pending})` : ''}`);
  }
  return lines;
}

/**
 * Runs the demo once: starts the fakes and the bot, walks the flow, prints each step, stops everything and
 * removes the temporary SQLite directory (also when a step fails).
 * @param options language, output and reminder delays
 * @throws Error naming the step that did not happen (e.g. a wait that timed out), after cleaning up
 */
export async function runDemo(options: DemoOptions = {}): Promise<void> {
  const lang = options.lang ?? 'en';
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const reminderDelays = options.reminderDelays ?? '3s,6s';
  const text = NARRATION[lang];
  const people = PEOPLE[lang];
  const who = people.requester.realName;
  const names: RenderNames = {
    users: { [REQUESTER]: who, [ADMIN]: people.admin, [SECOND_ADMIN]: people.admin2 },
    channels: { [ADMIN_CHANNEL]: ADMIN_CHANNEL_NAME },
    optional: text.optional,
  };
  const started = Date.now();
  let step = 0;
  const heading = (title: string) => {
    step += 1;
    write('');
    write(`━━ ${step}. ${title} ━━`);
  };
  const show = (label: string, lines: string[]) => {
    write('');
    write(label);
    for (const line of lines) write(`  │ ${line}`);
  };

  const tempDir = mkdtempSync(join(tmpdir(), 'alert-contact-demo-'));
  const onSignal = (signal: NodeJS.Signals) => {
    rmSync(tempDir, { recursive: true, force: true });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  if (options.exitOnSignal) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  let slack: FakeSlack | undefined;
  let cms: FakeCloudMonitor | undefined;
  let bot: TestBot | undefined;
  try {
    slack = await startFakeSlack({
      botToken: BOT_TOKEN,
      appToken: APP_TOKEN,
      users: [
        { id: REQUESTER, ...people.requester, email: EMAIL, phone: PHONE },
        { id: ADMIN, name: 'admin', realName: people.admin, locale: people.requester.locale },
        { id: SECOND_ADMIN, name: 'admin2', realName: people.admin2, locale: people.requester.locale },
      ],
    });
    cms = await startFakeCloudMonitor();
    bot = await startTestBot({
      slack,
      cms,
      env: {
        STORE_URL: `sqlite://${join(tempDir, 'demo.sqlite')}`,
        REMINDER_DELAYS: reminderDelays,
        ADMIN_LANGUAGE: lang,
        LOG_LEVEL: 'info',
      },
    });
    const t = bot;
    write(text.intro);

    heading(text.step1(who));
    const { view } = await openContactModal(t, REQUESTER);
    show(text.requesterModal, renderModal(view, names));

    heading(text.step2(who));
    const mistyped = { ...prefilledForm(view), sms: MISTYPED_PHONE };
    const refused = await submitContactModal(t, REQUESTER, view, mistyped);
    const refusal = refused.json as { response_action?: string; errors?: Record<string, string> } | undefined;
    if (refusal?.response_action !== 'errors' || !refusal.errors)
      throw new Error(`the mistyped number was not refused: ${refused.status} ${refused.body}`);
    show(text.requesterErrors, renderModal(asTyped(view, mistyped), names, refusal.errors));

    heading(text.step3(who));
    const accepted = await submitContactModal(t, REQUESTER, view, prefilledForm(view));
    const update = accepted.json as { response_action?: string; view?: FakeView } | undefined;
    if (update?.response_action !== 'update' || !update.view)
      throw new Error(`the corrected form was not accepted: ${accepted.status} ${accepted.body}`);
    show(text.requesterAfterSubmit, renderModal(update.view, names));
    // Posted at once, then updated with whether the name exists in CloudMonitor (requests/name-lookups.ts).
    const approval = await waitStep(t, 'the approval message, with the name checked in CloudMonitor', () => {
      const message = adminMessages(t)[0];
      return message && message.history.length > 1 ? message : undefined;
    });
    show(text.adminChannel, renderMessage(approval, names));

    heading(text.step4(people.admin));
    const click = await clickButton(t, ADMIN, approval, ACTION_ID.approve);
    if (click.status !== 200) throw new Error(`the Approve click was answered with HTTP ${click.status}`);
    // The bot refreshes the approval message before it DMs the requester (requests/carry-out.ts).
    const registered = await waitStep(t, "the requester's DM after approval", () => t.slack.dms(REQUESTER)[0]);
    const put = t.cms.requestsFor('PutContact')[0];
    if (!put) throw new Error('the bot did not call PutContact');
    show(
      text.putContact,
      Object.entries(put.params)
        .filter(
          ([name]) => name === 'ContactName' || name === 'Describe' || name === 'Lang' || name.startsWith('Channels.'),
        )
        .map(([name, value]) => `${name}=${maskParam(name, value)}`),
    );
    show(text.adminChannel, renderMessage(adminMessages(t)[0] ?? approval, names));
    const contactName = put.params.ContactName ?? '';
    show(text.cmsHolds, contactLines(t.cms.contacts.get(contactName), text));
    show(text.requesterDm, renderMessage(registered, names));

    heading(text.step5(reminderDelays));
    const reminder = await waitStep(t, 'the reminder DM', () => t.slack.dms(REQUESTER)[1]);
    show(text.requesterDm, renderMessage(reminder, names));

    heading(text.step6(who));
    t.cms.activate(contactName, 'SMS');
    t.cms.activate(contactName, 'Mail');
    show(text.cmsHolds, contactLines(t.cms.contacts.get(contactName), text));

    heading(text.step7);
    const confirmation = await waitStep(t, 'the "all set" confirmation DM', () => t.slack.dms(REQUESTER)[2]);
    show(text.requesterDm, renderMessage(confirmation, names));

    write('');
    write(text.done(((Date.now() - started) / 1000).toFixed(1)));
  } catch (error) {
    // The bot's own warnings and errors (its logger masks phone numbers and redacts secrets) usually say why.
    const problems = (bot?.logs ?? []).filter((line) => /"level":[456]0\b/.test(line)).slice(-5);
    const message = error instanceof Error ? error.message : String(error);
    throw problems.length > 0
      ? new Error(`${message}\nThe bot's last warnings and errors:\n${problems.join('\n')}`, { cause: error })
      : error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await bot?.close();
    await slack?.close();
    await cms?.close();
    rmSync(tempDir, { recursive: true, force: true });
  }
}

const USAGE = `Usage: npm run demo [-- --lang en|zh-cn]

Runs the whole /alert-contact flow against a local Slack stand-in and the CloudMonitor emulator (127.0.0.1 only)
and prints what the requester and the admins see. Needs no settings, network or Slack workspace.

  --lang en|zh-cn   language of the people in the demo (default en)
  --help            this text
`;

/**
 * The command line: parses `--lang` and `--help`, runs {@link runDemo}.
 * @param args the arguments after the script name
 * @returns the exit code: 0 done, 1 a step failed (reason on stderr), 2 bad option
 */
export async function main(args: string[]): Promise<number> {
  let lang: string;
  try {
    const { values } = parseArgs({
      args,
      options: { lang: { type: 'string', default: 'en' }, help: { type: 'boolean', default: false } },
    });
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    lang = values.lang;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (lang !== 'en' && lang !== 'zh-cn') {
    process.stderr.write(`--lang: expected en or zh-cn, got ${JSON.stringify(lang)}\n`);
    return 2;
  }
  try {
    await runDemo({ lang, exitOnSignal: true });
    return 0;
  } catch (error) {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
