/**
 * The audit trail end to end: a registration (submit, approve, PutContact, reminders, confirmation) and a
 * rejection driven over signed HTTP against the fakes; then what the store holds, what `/alert-contact audit
 * [@user]` shows to admins (and refuses to others), and what `npm run audit` (src/cli/audit-export.ts, run as a
 * child process on the same SQLite file) exports. Answers follow each admin's Slack locale: ADMIN's is en-US,
 * SECOND_ADMIN's is set to zh-CN here.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ENTRIES_SHOWN } from '../../src/blocks/audit-entries.js';
import { loadConfig } from '../../src/config.js';
import { en } from '../../src/i18n/en.js';
import { zhCn } from '../../src/i18n/zh-cn.js';
import { BLOCK_ID, COMMAND, INPUT_ACTION_ID } from '../../src/slack/ids.js';
import type { AuditEntry } from '../../src/store/audit.js';
import { validateMessageBlocks } from '../fakes/block-kit-limits.js';
import {
  adminMessages,
  clickButton,
  findButton,
  messageText,
  openContactModal,
  submitContactModal,
} from '../helpers/flow.js';
import { buildViewSubmission, sendInteraction, sendSlashCommand } from '../helpers/slack-driver.js';
import {
  ADMIN,
  OTHER_USER,
  REQUESTER,
  SECOND_ADMIN,
  SIGNING_SECRET,
  startTestBot,
  type TestBot,
} from '../helpers/test-bot.js';
import { waitUntil } from '../helpers/wait.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// node itself with tsx's loader (not the tsx wrapper), so nothing outlives the test.
const NODE_ARGS = ['--import', pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href];
const EXPORT = join(ROOT, 'src/cli/audit-export.ts');

const DANA = {
  contactName: 'Dana_Ops',
  describe: 'DBA on call',
  mail: 'dana.ops@example.com',
  sms: '13800001234',
  lang: 'en',
};
const LI = { contactName: 'li_wei', describe: 'Network', mail: 'li.wei@example.com' };
/** Has a comma, a quote, a newline and Slack control sequences: tests escaping in Slack and quoting in CSV. */
const REASON = 'Use the team <!channel> alias, "netops" & not yours\nthanks';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the export CLI with exactly `env` (plus PATH), as `npm run audit -- …` does. */
function runExport(args: string[], env: Record<string, string>, cwd = ROOT): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_ARGS, EXPORT, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`audit-export did not finish; stderr: ${stderr}`));
    }, 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `/alert-contact <text>` as `userId`; resolves with the ack's JSON body. */
async function command(
  t: TestBot,
  userId: string,
  text: string,
): Promise<{ response_type?: string; text?: string; blocks?: unknown[] }> {
  const response = await sendSlashCommand(t.url, SIGNING_SECRET, {
    user_id: userId,
    trigger_id: t.slack.mintTriggerId(),
    response_url: t.slack.mintResponseUrl(),
    text,
  });
  expect(response.status).toBe(200);
  return response.json as { response_type?: string; text?: string; blocks?: unknown[] };
}

/** Waits until the audit log holds an entry matching `predicate`. */
function waitForEntry(t: TestBot, predicate: (entry: AuditEntry) => boolean, timeoutMs = 8_000): Promise<AuditEntry> {
  return waitUntil(async () => (await t.deps.audit.list({ limit: 1000 })).find(predicate), {
    timeoutMs,
    intervalMs: 50,
    what: 'the audit entry',
  });
}

describe('audit trail', () => {
  let t: TestBot;
  let danaRequestId = '';
  let liRequestId = '';
  let putContactRequestId = '';

  beforeAll(async () => {
    t = await startTestBot({ env: { REMINDER_DELAYS: '1s,2s' } });
    // The second admin uses Slack in Chinese (before anything asks for their locale, which is then remembered).
    t.slack.addUser({ id: SECOND_ADMIN, name: 'admin2', realName: 'Bo Admin', locale: 'zh-CN' });

    // Dana registers; an admin approves; PutContact; the 1 s reminder finds SMS and email pending.
    const dana = await openContactModal(t, REQUESTER);
    await submitContactModal(t, REQUESTER, dana.view, DANA);
    const danaMessage = structuredClone(await t.slack.waitFor(() => adminMessages(t)[0]));
    danaRequestId = findButton(danaMessage, 'approve_request')?.value ?? '';
    await clickButton(t, ADMIN, danaMessage, 'approve_request');
    await t.slack.waitFor(() => messageText(adminMessages(t)[0] ?? {}).includes('Registered in CloudMonitor'));
    putContactRequestId = (await t.deps.requests.get(danaRequestId))?.result?.requestId ?? '';
    await waitForEntry(t, (entry) => entry.action === 'activation-reminder' && entry.requestId === danaRequestId);
    // Dana activates both; the 2 s reminder confirms.
    t.cms.activate('Dana_Ops', 'SMS');
    t.cms.activate('Dana_Ops', 'Mail');
    await waitForEntry(t, (entry) => entry.action === 'activation-confirmed' && entry.requestId === danaRequestId);

    // Li's request is rejected by the second admin, with a reason.
    const li = await openContactModal(t, OTHER_USER);
    await submitContactModal(t, OTHER_USER, li.view, LI);
    const liMessage = structuredClone(await t.slack.waitFor(() => adminMessages(t)[1]));
    liRequestId = findButton(liMessage, 'reject_request')?.value ?? '';
    const before = new Set(t.slack.views.keys());
    await clickButton(t, SECOND_ADMIN, liMessage, 'reject_request');
    const modal = await t.slack.waitFor(() =>
      [...t.slack.views.values()].find((v) => !before.has(v.id) && v.callback_id === 'reject_reason_modal'),
    );
    await sendInteraction(
      t.url,
      SIGNING_SECRET,
      buildViewSubmission({
        user: { id: SECOND_ADMIN },
        view: modal,
        values: { [BLOCK_ID.rejectReason]: { [INPUT_ACTION_ID]: { type: 'plain_text_input', value: REASON } } },
        triggerId: t.slack.mintTriggerId(),
      }),
    );
    await waitForEntry(t, (entry) => entry.action === 'decision-reject');
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('records the submission, the decisions with who decided, the PutContact with its RequestId, reminders and confirmation', async () => {
    const entries = await t.deps.audit.list({ limit: 1000, order: 'oldest-first' });
    const dana = entries.filter((entry) => entry.requestId === danaRequestId);
    expect(dana.map((entry) => entry.action)).toEqual([
      'request-submitted',
      'decision-approve',
      'putcontact',
      'activation-check',
      'activation-reminder',
      'activation-check',
      'activation-confirmed',
    ]);
    expect(dana.every((entry) => entry.subject === REQUESTER && entry.contactName === 'Dana_Ops')).toBe(true);
    expect(dana[0]).toMatchObject({ actor: REQUESTER, detail: 'create' });
    expect(dana[1]).toMatchObject({ actor: ADMIN });
    expect(putContactRequestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(dana[2]).toMatchObject({
      actor: 'bot',
      cmsAction: 'PutContact',
      cmsRequestId: putContactRequestId,
      outcome: 'ok',
    });
    expect(dana[3]).toMatchObject({ cmsAction: 'DescribeContactList', outcome: 'found' });
    expect(dana[4]?.detail).toMatch(/SMS/);
    // Times are the app clock's, in order.
    const times = entries.map((entry) => entry.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times.every((at) => Math.abs(Date.now() - at) < 60_000)).toBe(true);

    const li = entries.filter((entry) => entry.requestId === liRequestId);
    expect(li.map((entry) => entry.action)).toEqual(['request-submitted', 'decision-reject']);
    expect(li[1]).toMatchObject({ actor: SECOND_ADMIN, subject: OTHER_USER, detail: REASON });
    // Nothing was sent to CloudMonitor for the rejected request.
    expect(entries.some((entry) => entry.contactName === 'li_wei' && entry.cmsAction)).toBe(false);
  });

  it('filters by subject and by time range, newest first', async () => {
    const mine = await t.deps.audit.list({ subject: OTHER_USER });
    expect(mine.map((entry) => entry.action)).toEqual(['decision-reject', 'request-submitted']);
    const all = await t.deps.audit.list({ limit: 1000 });
    const newest = all[0];
    expect(newest?.action).toBe('decision-reject');
    expect(await t.deps.audit.list({ since: (newest?.at ?? 0) + 1 })).toEqual([]);
    expect((await t.deps.audit.list({ limit: 2 })).map((entry) => entry.action)).toEqual([
      'decision-reject',
      'request-submitted',
    ]);
  });

  it('`/alert-contact audit` shows an admin the recent entries, escaped and within Block Kit limits', async () => {
    const answer = await command(t, ADMIN, 'audit');
    expect(answer.response_type).toBe('ephemeral');
    expect(validateMessageBlocks(answer.blocks)).toEqual([]);
    const text = messageText({ text: answer.text, blocks: answer.blocks });
    const actions = en.audit.actions;
    for (const expected of [
      'Dana_Ops',
      'li_wei',
      `<@${REQUESTER}>`,
      `<@${OTHER_USER}>`,
      `<@${ADMIN}>`,
      `<@${SECOND_ADMIN}>`,
      'PutContact',
      putContactRequestId,
      actions['decision-approve'],
      actions['decision-reject'],
      actions['activation-reminder'],
      '<!date^',
    ]) {
      expect(text, expected).toContain(expected);
    }
    expect(text).toContain('&lt;!channel&gt; alias');
    expect(text).not.toContain('<!channel>');
    // Newest first: Li's rejection is listed before Dana's submission.
    expect(text.indexOf('li_wei')).toBeLessThan(text.indexOf('Dana_Ops'));
  });

  it.each([`<@${REQUESTER}|dana>`, `<@${REQUESTER}>`, REQUESTER])(
    '`/alert-contact audit %s` shows only that person’s entries',
    async (who) => {
      const answer = await command(t, ADMIN, `audit ${who}`);
      expect(validateMessageBlocks(answer.blocks)).toEqual([]);
      const text = messageText({ text: answer.text, blocks: answer.blocks });
      expect(text).toContain('Dana_Ops');
      expect(text).toContain(putContactRequestId);
      expect(text).toContain(`<@${ADMIN}> ${en.audit.actions['decision-approve']}`);
      expect(text).not.toContain('li_wei');
      expect(text).not.toContain(OTHER_USER);
      expect(text).not.toContain(SECOND_ADMIN);
    },
  );

  it('answers a plain @name with how to name the person, and someone with no entries with an empty list', async () => {
    expect((await command(t, ADMIN, 'audit @dana')).text).toBe(en.audit.usage(COMMAND));
    expect((await command(t, SECOND_ADMIN, 'audit @dana')).text).toBe(zhCn.audit.usage(COMMAND));
    const none = await command(t, SECOND_ADMIN, 'audit <@U0NOBODY1>');
    expect(none.text).toBe(zhCn.audit.noneAbout('<@U0NOBODY1>'));
    expect((await command(t, ADMIN, 'audit <@U0NOBODY1>')).text).toBe('No audit entries about <@U0NOBODY1> yet.');
  });

  it('shows a zh-CN admin the same entries in Simplified Chinese', async () => {
    const answer = await command(t, SECOND_ADMIN, `audit <@${REQUESTER}>`);
    expect(validateMessageBlocks(answer.blocks)).toEqual([]);
    const text = messageText({ text: answer.text, blocks: answer.blocks });
    const shown = Math.min((await t.deps.audit.list({ subject: REQUESTER, limit: 1000 })).length, AUDIT_ENTRIES_SHOWN);
    expect(answer.text).toBe(zhCn.audit.textAbout(`<@${REQUESTER}>`, shown));
    expect(text).toContain(`<@${ADMIN}> ${zhCn.audit.actions['decision-approve']}`);
    expect(text).toContain(`${zhCn.audit.actors.bot} ${zhCn.audit.actions.putcontact}`);
    expect(text).toContain(zhCn.audit.cloudMonitor('PutContact'));
    expect(text).toContain(putContactRequestId);
    expect(text).not.toContain(en.audit.actions['decision-approve']);
  });

  it('refuses a non-admin', async () => {
    const answer = await command(t, REQUESTER, 'audit');
    expect(answer.text).toBe(en.admin.notAdmin);
    expect(JSON.stringify(answer)).not.toContain('Dana_Ops');
    expect((await command(t, OTHER_USER, 'audit')).text).toBe(zhCn.admin.notAdmin);
  });

  it('`npm run audit -- --since 1h --format jsonl` exports every entry, oldest first, one JSON object a line', async () => {
    const env = {
      STORE_URL: t.env.STORE_URL ?? '',
      DOTENV_CONFIG_PATH: join(mkdtempSync(join(tmpdir(), 'audit-env-')), 'none.env'),
    };
    const run = await runExport(['--since', '1h', '--format', 'jsonl'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n').filter(Boolean);
    const exported = lines.map((line) => JSON.parse(line) as AuditEntry & { time: string });
    const stored = await t.deps.audit.list({ limit: 1000, order: 'oldest-first' });
    expect(exported.map(({ time: _time, ...entry }) => entry)).toEqual(stored);
    expect(exported.every((entry) => entry.time === new Date(entry.at).toISOString())).toBe(true);
    expect(exported.find((entry) => entry.action === 'putcontact')).toMatchObject({
      cmsRequestId: putContactRequestId,
      outcome: 'ok',
      subject: REQUESTER,
    });

    // Nothing is that recent.
    const recent = await runExport(['--since=1ms'], env);
    expect(recent.code).toBe(0);
    expect(recent.stdout).toBe('');
  });

  it('`--format csv` writes a header and RFC 4180 quoting', async () => {
    const env = {
      STORE_URL: t.env.STORE_URL ?? '',
      DOTENV_CONFIG_PATH: join(mkdtempSync(join(tmpdir(), 'audit-env-')), 'none.env'),
    };
    const run = await runExport(['--format', 'csv', '--since', '1h'], env);
    expect(run.code).toBe(0);
    const [header] = run.stdout.split('\r\n');
    expect(header).toBe('time,at,actor,action,subject,requestId,contactName,cmsAction,cmsRequestId,outcome,detail');
    expect(run.stdout).toContain(`,${putContactRequestId},ok,`);
    expect(run.stdout).toContain(`"${REASON.replace(/"/g, '""')}"`);
  });

  it('bad arguments: one line on stderr, exit 2', async () => {
    const env = { STORE_URL: t.env.STORE_URL ?? '' };
    const cases = [['--since', '1x'], ['--format', 'xml'], ['--bogus'], ['--since'], ['extra']];
    const runs = await Promise.all(cases.map((args) => runExport(args, env)));
    for (const [i, run] of runs.entries()) {
      const args = cases[i]?.join(' ');
      expect(run.code, args).toBe(2);
      expect(run.stdout, args).toBe('');
      expect(run.stderr.trim().split('\n'), args).toHaveLength(1);
    }
    expect(runs[0]?.stderr).toMatch(/^audit-export: --since: expected a duration/);
    expect(runs[1]?.stderr).toMatch(/^audit-export: --format: expected jsonl or csv/);
    const badStore = await runExport(['--since', '1h'], { STORE_URL: 'mysql://db' });
    expect(badStore.code).toBe(2);
    expect(badStore.stderr).toMatch(/^audit-export: STORE_URL: expected sqlite:/);
    expect(badStore.stderr).not.toContain('mysql://db');
  });

  it("needs no Slack or Alibaba settings and uses the bot's STORE_URL default", async () => {
    const { STORE_URL: _unused, ...rest } = t.env;
    const defaultUrl = loadConfig(rest).storeUrl;
    const cwd = mkdtempSync(join(tmpdir(), 'audit-cwd-'));
    const run = await runExport([], {}, cwd);
    // The default is a SQLite file relative to the working directory; here it does not exist, so nothing is created.
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`no SQLite store at ${defaultUrl.replace(/^sqlite:\/\//, '')}`);
    expect(run.stderr).not.toMatch(/SLACK|ALIBABA/);
  });
});
