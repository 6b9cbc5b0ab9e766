import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { zhCn } from '../../src/i18n/zh-cn.js';
import { main, runDemo } from './demo.js';
import { mrkdwnToText, renderBlocks } from './render.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `test/demo/demo.ts` as `npm run demo` does (tsx), with only PATH and TMPDIR set. */
function runDemoProcess(args: string[], tmp: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/demo/demo.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', TMPDIR: tmp },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The lines that follow `label` in the demo's output, up to the next blank line. */
function section(output: string, label: string, occurrence = 0): string {
  const parts = output.split(`\n${label}\n`);
  return (parts[occurrence + 1] ?? '').split('\n\n')[0] ?? '';
}

describe('npm run demo', () => {
  const temps: string[] = [];
  afterEach(() => {
    for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('walks the whole flow in English, prints what people see, exits 0 and leaves no temp file', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'demo-test-'));
    temps.push(tmp);
    const { code, stdout, stderr } = await runDemoProcess([], tmp);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // The SQLite directory the demo made under TMPDIR is gone (tsx keeps its compile cache there, as always).
    expect(readdirSync(tmp).filter((name) => !name.startsWith('tsx-'))).toEqual([]);

    // The modal, prefilled from the demo Slack profile, then the mistake inline.
    expect(section(stdout, 'Requester sees (modal, prefilled from the Slack profile):')).toContain('[ Mei_Chen ]');
    expect(section(stdout, 'Requester sees (the same modal, the mistake shown under its field):')).toContain(
      `❗ ${en.errors['sms.invalid']}`,
    );
    // The admin approval message with its buttons, then as decided.
    const approval = section(stdout, 'Admin channel (#alert-contact-admins):', 0);
    expect(approval).toContain('@Mei Chen');
    expect(approval).toContain('*******5678');
    expect(approval).toContain(`[${en.approval.approve}]  [${en.approval.reject}]`);
    const decided = section(stdout, 'Admin channel (#alert-contact-admins):', 1);
    expect(decided).toContain(en.approval.approvedBy('@Ada Admin'));
    expect(decided).not.toContain(`[${en.approval.approve}]`);
    // PutContact, and what CloudMonitor holds before and after activation.
    const put = section(stdout, 'The bot called CloudMonitor PutContact (API 2019-01-01) with:');
    expect(put).toContain('ContactName=Mei_Chen');
    expect(put).toContain('Channels.SMS=*******5678');
    expect(put).not.toContain('13900005678');
    expect(section(stdout, 'CloudMonitor now holds:', 0)).toMatch(/Channels\.SMS: \*+5678 {2}\(PENDING/);
    expect(section(stdout, 'CloudMonitor now holds:', 1)).toMatch(/Channels\.SMS: \*+5678 {2}\(OK/);
    // The activation DM, the reminder, the confirmation, in that order.
    const dms = stdout.split('\nRequester sees (DM):\n').slice(1);
    expect(dms).toHaveLength(3);
    expect(dms[0]).toContain(mrkdwnToText(en.dm.registered('Mei_Chen')));
    expect(dms[0]).toContain(mrkdwnToText(en.dm.oneMoreStep));
    expect(dms[1]).toContain(mrkdwnToText(en.dm.reminder('Mei_Chen')));
    expect(dms[2]).toContain(mrkdwnToText(en.dm.confirmed('Mei_Chen')));
    // Block Kit is rendered, not dumped.
    expect(stdout).not.toMatch(/"type":|<@U|:white_check_mark:/);
  });

  it('speaks Chinese with --lang zh-cn (requester and admins)', async () => {
    const lines: string[] = [];
    await runDemo({ lang: 'zh-cn', write: (line) => lines.push(line), reminderDelays: '1s,2s' });
    const output = lines.join('\n');
    expect(output).toContain(`❗ ${zhCn.errors['sms.invalid']}`);
    expect(output).toContain(`[${zhCn.approval.approve}]  [${zhCn.approval.reject}]`);
    // approvedBy gets the mention and the date: "已由 @王管理 <date> 批准".
    expect(output).toMatch(/已由 @王管理 .*批准/);
    expect(output).toContain('ContactName=陈梅');
    expect(output).toContain('Lang=zh-cn');
    expect(output).toContain(mrkdwnToText(zhCn.dm.registered('陈梅')));
    expect(output).toContain(mrkdwnToText(zhCn.dm.confirmed('陈梅')));
  });

  it('rejects an unknown --lang with exit code 2, before starting anything', async () => {
    expect(await main(['--lang', 'fr'])).toBe(2);
  });
});

describe('Block Kit as plain text', () => {
  it('renders mentions, links, dates, bold and emoji the way Slack shows them, and keeps masks', () => {
    expect(
      mrkdwnToText(
        ':white_check_mark: *Approved* by <@U1> <!date^1700000000^{date_short}|2023-11-14 22:13 UTC> in <#C1>: <https://example.com|docs> &lt;x&gt; `*******1234`',
        {
          users: { U1: 'Ada' },
          channels: { C1: 'admins' },
        },
      ),
    ).toBe('✅ Approved by @Ada 2023-11-14 22:13 UTC in #admins: docs (https://example.com) <x> `*******1234`');
  });

  it('renders headers, fields, context, buttons and inputs with inline errors', () => {
    const lines = renderBlocks(
      [
        { type: 'header', text: { type: 'plain_text', text: 'Request' } },
        { type: 'section', text: { type: 'mrkdwn', text: 'Hi' }, fields: [{ type: 'mrkdwn', text: '*Name*\nMei' }] },
        {
          type: 'context',
          elements: [
            { type: 'mrkdwn', text: 'id 1' },
            { type: 'mrkdwn', text: 'now' },
          ],
        },
        {
          type: 'actions',
          elements: [
            { type: 'button', text: { type: 'plain_text', text: 'Approve' } },
            { type: 'button', text: { type: 'plain_text', text: 'Reject' } },
          ],
        },
        {
          type: 'input',
          block_id: 'sms',
          optional: true,
          label: { type: 'plain_text', text: 'Mobile' },
          element: { type: 'plain_text_input', initial_value: '1' },
        },
      ],
      {},
      { sms: 'Enter a valid mobile number.' },
    );
    expect(lines).toEqual([
      '# Request',
      'Hi',
      '  Name: Mei',
      '  › id 1  ·  now',
      '  [Approve]  [Reject]',
      'Mobile (optional): [ 1 ]',
      '  ❗ Enter a valid mobile number.',
    ]);
  });
});
