/**
 * The checks of `npm run doctor` (src/cli/doctor.ts): the settings against Slack's Web API and CloudMonitor, as a
 * checklist with a fix for each failure. Read-only: nothing is posted, created or changed.
 */
import { readFileSync } from 'node:fs';
import { webApi } from '@slack/bolt';
import { type CmsClient, createCmsClient } from '../cms/client.js';
import { type CmsCredentialsProvider, createCredentialsProvider, credentialProblemFix } from '../cms/credentials.js';
import { asCmsError } from '../cms/errors.js';
import { NO_CREDENTIALS } from '../cms/startup-check.js';
import type { Config } from '../config.js';

/** One line of the checklist. `warn`: could not be verified, not a failure; `info`: for the record. */
export interface Check {
  status: 'pass' | 'fail' | 'warn' | 'info';
  title: string;
  detail?: string;
  /** What to do; set for every failure and warning. */
  fix?: string;
}

/** What the checks talk to; the defaults are Slack's Web API and CloudMonitor as configured. */
export interface DoctorDeps {
  slack?: webApi.WebClient;
  appSlack?: webApi.WebClient;
  credentials?: CmsCredentialsProvider;
  cms?: CmsClient;
}

/** The files doctor reads, next to the code in the repository and in the image (manifests/). */
const MANIFEST = new URL('../../manifests/manifest.json', import.meta.url);
const RAM_POLICY = new URL('../../manifests/ram-policy.json', import.meta.url);
/** CloudMonitor actions the bot only reads with, which doctor calls. */
const READ_ACTIONS = ['DescribeContactList', 'DescribeContactGroupList'] as const;

/** The bot scopes of manifests/manifest.json (`oauth_config.scopes.bot`). */
export function manifestBotScopes(): string[] {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as { oauth_config?: { scopes?: { bot?: string[] } } };
  return manifest.oauth_config?.scopes?.bot ?? [];
}

/** The `cms:` actions manifests/ram-policy.json allows, without the prefix. */
export function policyActions(): string[] {
  const policy = JSON.parse(readFileSync(RAM_POLICY, 'utf8')) as { Statement?: Array<{ Action?: string[] | string }> };
  return (policy.Statement ?? [])
    .flatMap((statement) => [statement.Action ?? []].flat())
    .map((action) => action.replace(/^cms:/, ''));
}

const slackError = (error: unknown): string => {
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === 'string' ? data.error : error instanceof Error ? error.message : String(error);
};

/** `LTAI5t…wxyz`: enough to recognise a key, not to copy it. */
const maskKeyId = (id: string): string => (id.length > 10 ? `${id.slice(0, 6)}…${id.slice(-4)}` : '…');

/**
 * Runs every check. Never throws: a check that cannot run is a failure (or a warning when it needs a scope the bot
 * does not otherwise need).
 * @param config the validated settings
 * @param deps clients to use instead of the configured ones
 * @returns the checklist, in order
 */
export async function runDoctor(config: Config, deps: DoctorDeps = {}): Promise<Check[]> {
  const checks: Check[] = [];
  const slackOptions = {
    retryConfig: { retries: 0 },
    logLevel: webApi.LogLevel.ERROR,
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
  };
  const slack = deps.slack ?? new webApi.WebClient(config.slack.botToken, slackOptions);

  // Slack: the token and its scopes (auth.test's x-oauth-scopes header → response_metadata.scopes).
  let tokenOk = false;
  try {
    const auth = await slack.auth.test();
    tokenOk = true;
    checks.push({
      status: 'pass',
      title: 'Slack accepts SLACK_BOT_TOKEN',
      detail: `bot ${auth.user ?? '?'} in ${auth.team ?? '?'}`,
    });
    const granted = new Set(auth.response_metadata?.scopes ?? []);
    const missing = manifestBotScopes().filter((scope) => !granted.has(scope));
    checks.push(
      missing.length === 0
        ? { status: 'pass', title: 'the bot token has the bot scopes of manifests/manifest.json' }
        : {
            status: 'fail',
            title: `the bot token lacks scopes: ${missing.join(', ')}`,
            fix: 'add them under OAuth & Permissions (or update the app from manifests/manifest.json), reinstall the app to the workspace, and put the new Bot User OAuth Token in SLACK_BOT_TOKEN',
          },
    );
  } catch (error) {
    const code = slackError(error);
    checks.push({
      status: 'fail',
      title: `Slack refused SLACK_BOT_TOKEN (auth.test: ${code})`,
      fix:
        code === 'invalid_auth' || code === 'not_authed' || code === 'account_inactive' || code === 'token_revoked'
          ? 'copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions into SLACK_BOT_TOKEN; reinstall the app if it was uninstalled'
          : 'check that Slack can be reached from here (SLACK_API_URL, proxies, firewall)',
    });
  }

  if (tokenOk) {
    checks.push(await adminChannelCheck(slack, config.slack.adminChannelId));
    for (const userId of config.slack.adminUserIds) checks.push(await adminUserCheck(slack, userId));
  }

  if (config.slack.appToken) {
    const appSlack = deps.appSlack ?? new webApi.WebClient(config.slack.appToken, slackOptions);
    try {
      await appSlack.apps.connections.open();
      checks.push({ status: 'pass', title: 'Slack accepts SLACK_APP_TOKEN (Socket Mode)' });
    } catch (error) {
      checks.push({
        status: 'fail',
        title: `Slack refused SLACK_APP_TOKEN (apps.connections.open: ${slackError(error)})`,
        fix: 'create an App-Level Token with connections:write under Basic Information → App-Level Tokens, put it (xapp-…) in SLACK_APP_TOKEN, and turn Socket Mode on; or leave SLACK_APP_TOKEN empty for HTTP mode',
      });
    }
  } else {
    checks.push({ status: 'info', title: 'SLACK_APP_TOKEN unset: HTTP mode, Slack must reach /slack/events on PORT' });
  }

  checks.push(...(await cloudMonitorChecks(config, deps)));
  return checks;
}

async function adminChannelCheck(slack: webApi.WebClient, channel: string): Promise<Check> {
  try {
    const info = await slack.conversations.info({ channel });
    if (info.channel?.is_member)
      return {
        status: 'pass',
        title: `the bot is a member of SLACK_ADMIN_CHANNEL_ID (${info.channel.name ? `#${info.channel.name}` : channel})`,
      };
    return {
      status: 'fail',
      title: `the bot is not a member of SLACK_ADMIN_CHANNEL_ID (${info.channel?.name ? `#${info.channel.name}` : channel})`,
      fix: 'run /invite @Alert Contact in that channel',
    };
  } catch (error) {
    const code = slackError(error);
    if (code === 'missing_scope') {
      // Reading a channel needs channels:read / groups:read, which the bot does not otherwise need (least privilege).
      return {
        status: 'warn',
        title:
          'could not check that the bot is in SLACK_ADMIN_CHANNEL_ID (conversations.info needs channels:read, or groups:read for a private channel)',
        fix: 'make sure the bot was invited (/invite @Alert Contact); to let doctor check, add channels:read / groups:read to the app and reinstall',
      };
    }
    return {
      status: 'fail',
      title: `SLACK_ADMIN_CHANNEL_ID cannot be read (conversations.info: ${code})`,
      fix: 'check the channel ID (channel details → the C… at the bottom); a private channel is invisible until the bot is invited: /invite @Alert Contact',
    };
  }
}

async function adminUserCheck(slack: webApi.WebClient, userId: string): Promise<Check> {
  try {
    const { user } = await slack.users.info({ user: userId });
    if (user?.deleted) {
      return {
        status: 'fail',
        title: `admin ${userId} is deactivated`,
        fix: 'remove them from SLACK_ADMIN_USER_IDS, or add another admin',
      };
    }
    if (user?.is_bot)
      return {
        status: 'fail',
        title: `admin ${userId} is a bot, not a person`,
        fix: "put people's member IDs in SLACK_ADMIN_USER_IDS",
      };
    return { status: 'pass', title: `admin ${userId} is an active user${user?.name ? ` (@${user.name})` : ''}` };
  } catch (error) {
    return {
      status: 'fail',
      title: `admin ${userId} cannot be found (users.info: ${slackError(error)})`,
      fix: 'check SLACK_ADMIN_USER_IDS: member IDs (U…) from profile → ⋯ → Copy member ID, in this workspace',
    };
  }
}

async function cloudMonitorChecks(config: Config, deps: DoctorDeps): Promise<Check[]> {
  const checks: Check[] = [];
  const credentials = deps.credentials ?? createCredentialsProvider(config.cms);
  let source: string;
  try {
    const resolved = await credentials.getCredentials();
    source = resolved.providerName;
    const token = resolved.securityToken ? ', with an STS token' : '';
    checks.push({
      status: 'pass',
      title: `CloudMonitor credentials resolve from ${source}`,
      detail: `AccessKey ID ${maskKeyId(resolved.accessKeyId)}${token}`,
    });
  } catch {
    checks.push({ status: 'fail', title: 'no CloudMonitor credentials found', fix: NO_CREDENTIALS });
    return checks;
  }
  const cms =
    deps.cms ??
    createCmsClient({
      ...config.cms,
      credentialsProvider: credentials,
      retries: 1,
      timeoutMs: 5_000,
      minRetryDelayMs: 200,
    });
  const calls: Record<(typeof READ_ACTIONS)[number], () => Promise<unknown>> = {
    DescribeContactList: () => cms.describeContact('alert-contact-bot-doctor'),
    DescribeContactGroupList: () => cms.listContactGroups(),
  };
  for (const action of READ_ACTIONS) {
    try {
      await calls[action]();
      checks.push({ status: 'pass', title: `cms:${action} is allowed`, detail: config.cms.endpoint });
    } catch (error) {
      const { code } = asCmsError(error);
      checks.push({
        status: 'fail',
        title: `cms:${action} failed (${code})`,
        fix:
          credentialProblemFix(code, action, source) ??
          `check that ${config.cms.endpoint} can be reached (CMS_ENDPOINT / CMS_REGION, proxies, firewall)`,
      });
    }
  }
  const writes = policyActions().filter((action) => !(READ_ACTIONS as readonly string[]).includes(action));
  checks.push({
    status: 'info',
    title: `not tried (doctor changes nothing): ${writes.map((action) => `cms:${action}`).join(', ')}`,
    detail: 'grant them with the RAM policy in manifests/ram-policy.json',
  });
  return checks;
}

const MARK: Record<Check['status'], string> = { pass: '✓', fail: '✗', warn: '!', info: '-' };

/** The checklist as text, one check per line, its detail and fix indented below. */
export function formatChecks(checks: readonly Check[]): string {
  return checks
    .map((check) =>
      [
        `${MARK[check.status]} ${check.title}`,
        ...(check.detail ? [`    ${check.detail}`] : []),
        ...(check.fix ? [`    fix: ${check.fix}`] : []),
      ].join('\n'),
    )
    .join('\n');
}
