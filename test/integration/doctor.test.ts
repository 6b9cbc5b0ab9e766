/**
 * `npm run doctor` (src/cli/doctor.ts) as a process against the fake Slack and the fake CloudMonitor: a checklist with
 * a fix for each failure, exit 0 when everything passes and 1 when anything fails. The fakes answer as Slack and
 * CloudMonitor do: auth.test's `x-oauth-scopes`, conversations.info's `is_member` and `missing_scope`, users.info's
 * `deleted`, apps.connections.open with the app-level token, `Forbidden.RAM` for a missing RAM permission.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_ACCESS_KEY_SECRET,
  type FakeCloudMonitor,
  type FakeCmsOptions,
  startFakeCloudMonitor,
} from '../fakes/cloudmonitor.js';
import { type FakeSlack, type FakeSlackOptions, startFakeSlack } from '../fakes/slack-web-api.js';
import { ADMIN, ADMIN_CHANNEL, APP_TOKEN, BOT_TOKEN, botEnv, SECOND_ADMIN } from '../helpers/test-bot.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The bot scopes of manifests/manifest.json. */
const MANIFEST_SCOPES = ['commands', 'chat:write', 'users:read', 'users:read.email', 'channels:read', 'groups:read'];
/** The scopes of an install from before the manifest asked for channels:read / groups:read. */
const OLD_INSTALL_SCOPES = ['commands', 'chat:write', 'users:read', 'users:read.email'];

/** Runs the doctor with exactly `env` (plus PATH); resolves with its exit code and output. */
function runDoctor(
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/doctor.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', DOTENV_CONFIG_PATH: '/nonexistent/.env', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

let slack: FakeSlack | undefined;
let cms: FakeCloudMonitor | undefined;
afterEach(async () => {
  await slack?.close();
  await cms?.close();
  slack = undefined;
  cms = undefined;
});

async function fakes(slackOptions: FakeSlackOptions = {}, cmsOptions: FakeCmsOptions = {}) {
  slack = await startFakeSlack({
    botToken: BOT_TOKEN,
    appToken: APP_TOKEN,
    botScopes: MANIFEST_SCOPES,
    users: [
      { id: ADMIN, name: 'admin', realName: 'Ada Admin' },
      { id: SECOND_ADMIN, name: 'admin2', realName: 'Bo Admin' },
    ],
    ...slackOptions,
  });
  slack.addChannel({ id: ADMIN_CHANNEL, name: 'alert-admins', members: [ADMIN, slack.botUserId] });
  cms = await startFakeCloudMonitor(cmsOptions);
  return { slack, cms };
}

describe('npm run doctor', () => {
  it('--help prints the usage and exits 0; an unknown option exits 2', async () => {
    const help = await runDoctor({}, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run doctor/);
    expect(help.stdout).toContain('SLACK_ADMIN_CHANNEL_ID');
    const bad = await runDoctor({}, ['--fix-everything']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Usage:');
  });

  it('passes everything against well-configured fakes (Socket Mode token too), and tries no write', async () => {
    const f = await fakes();
    const run = await runDoctor(botEnv(f, { SLACK_APP_TOKEN: APP_TOKEN }));
    expect(run.stdout).toContain('All checks passed.');
    expect(run.code).toBe(0);
    for (const line of [
      '✓ Slack accepts SLACK_BOT_TOKEN',
      '✓ the bot token has the bot scopes of manifests/manifest.json',
      '✓ the bot is a member of SLACK_ADMIN_CHANNEL_ID (#alert-admins)',
      `✓ admin ${ADMIN} is an active user (@admin)`,
      `✓ admin ${SECOND_ADMIN} is an active user (@admin2)`,
      '✓ Slack accepts SLACK_APP_TOKEN (Socket Mode)',
      '✓ CloudMonitor credentials resolve from static_ak',
      '✓ cms:DescribeContactList is allowed',
      '✓ cms:DescribeContactGroupList is allowed',
      '- not tried (doctor changes nothing): cms:PutContact, cms:DeleteContact, cms:PutContactGroup',
    ]) {
      expect(run.stdout).toContain(line);
    }
    expect(run.stdout).not.toContain('✗');
    expect(f.cms.requests.map((request) => request.action).sort()).toEqual([
      'DescribeContactGroupList',
      'DescribeContactList',
    ]);
    expect(f.slack.calls.map((call) => call.method).filter((method) => /^(chat|views)\./.test(method))).toEqual([]);
    expect(run.stdout).not.toContain(DEFAULT_ACCESS_KEY_SECRET);
  });

  it('fails with a fix for each problem and exits 1', async () => {
    const f = await fakes(
      {
        botScopes: ['commands', 'chat:write', 'users:read', 'channels:read', 'groups:read'],
        users: [{ id: ADMIN, name: 'admin', deleted: true }],
      },
      { deniedActions: ['DescribeContactGroupList'] },
    );
    f.slack.addChannel({ id: ADMIN_CHANNEL, name: 'alert-admins', members: [ADMIN] }); // the bot was never invited
    const run = await runDoctor(botEnv(f, { SLACK_APP_TOKEN: 'xapp-not-the-right-token' }));
    expect(run.code).toBe(1);
    const expectations: Array<[string, string]> = [
      ['✗ the bot token lacks scopes: users:read.email', 'reinstall the app'],
      ['✗ the bot is not a member of SLACK_ADMIN_CHANNEL_ID (#alert-admins)', '/invite @Alert Contact'],
      [`✗ admin ${ADMIN} is deactivated`, 'SLACK_ADMIN_USER_IDS'],
      [`✗ admin ${SECOND_ADMIN} cannot be found (users.info: user_not_found)`, 'SLACK_ADMIN_USER_IDS'],
      ['✗ Slack refused SLACK_APP_TOKEN (apps.connections.open: invalid_auth)', 'connections:write'],
      ['✗ cms:DescribeContactGroupList failed (Forbidden.RAM)', 'cms:DescribeContactGroupList'],
    ];
    for (const [line, fix] of expectations) {
      const at = run.stdout.indexOf(line);
      expect(at, line).toBeGreaterThanOrEqual(0);
      expect(run.stdout.slice(at).split('\n').slice(1, 3).join('\n'), `fix under: ${line}`).toMatch(
        new RegExp(`fix: .*${fix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      );
    }
    expect(run.stdout).toContain('✓ cms:DescribeContactList is allowed');
    expect(run.stdout).toContain('6 checks failed.');
  });

  it('a bot token Slack refuses fails at once, naming SLACK_BOT_TOKEN', async () => {
    const f = await fakes();
    const run = await runDoctor(botEnv(f, { SLACK_BOT_TOKEN: 'xoxb-revoked' }));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ Slack refused SLACK_BOT_TOKEN (auth.test: invalid_auth)');
    expect(run.stdout).toMatch(/fix: copy the Bot User OAuth Token .* into SLACK_BOT_TOKEN/);
  });

  it('an install from before the manifest asked for channels:read: the missing scopes fail (reinstall), membership is a warning', async () => {
    const f = await fakes({ botScopes: OLD_INSTALL_SCOPES });
    const run = await runDoctor(botEnv(f));
    expect(run.stdout).toContain('✗ the bot token lacks scopes: channels:read, groups:read');
    expect(run.stdout).toContain('! could not check that the bot is in SLACK_ADMIN_CHANNEL_ID');
    expect(run.stdout).toContain('- SLACK_APP_TOKEN unset: HTTP mode');
    expect(run.code).toBe(1);
  });

  it('CloudMonitor problems: a wrong secret names ALIBABA_CLOUD_ACCESS_KEY_SECRET; no credentials at all names the sources', async () => {
    const f = await fakes();
    const wrong = await runDoctor(botEnv(f, { ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'not-the-secret' }));
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('✗ cms:DescribeContactList failed (SignatureDoesNotMatch)');
    expect(wrong.stdout).toMatch(/fix: .*ALIBABA_CLOUD_ACCESS_KEY_SECRET/);
    expect(wrong.stdout).not.toContain('not-the-secret');

    const keyless = await runDoctor(
      botEnv(f, {
        ALIBABA_CLOUD_ACCESS_KEY_ID: '',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: '',
        HOME: mkdtempSync(join(tmpdir(), 'doctor-home-')),
        ALIBABA_CLOUD_CREDENTIALS_FILE: '/nonexistent/credentials',
        ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
        ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true',
      }),
    );
    expect(keyless.code).toBe(1);
    expect(keyless.stdout).toContain('✗ no CloudMonitor credentials found');
    expect(keyless.stdout).toMatch(/fix: set ALIBABA_CLOUD_ACCESS_KEY_ID .*RRSA/);
  });

  it('invalid settings are failures naming each variable', async () => {
    const run = await runDoctor({
      SLACK_BOT_TOKEN: 'nope',
      SLACK_SIGNING_SECRET: 's',
      SLACK_ADMIN_CHANNEL_ID: '#admins',
      SLACK_ADMIN_USER_IDS: 'U0ADMIN01',
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ SLACK_BOT_TOKEN:');
    expect(run.stdout).toContain('✗ SLACK_ADMIN_CHANNEL_ID:');
  });
});
