/**
 * `npm run doctor` (in the image: `node dist/cli/doctor.js`): checks the configured settings against Slack and
 * CloudMonitor before going live, and prints a checklist with a fix for each failure. Changes nothing anywhere.
 *
 * Reads the same settings as the bot (the environment, and `.env` or DOTENV_CONFIG_PATH). Exit codes: 0 every
 * check passed (warnings allowed); 1 a check failed or the settings are invalid; 2 bad arguments.
 */
import { parseArgs } from 'node:util';
import { config as loadDotenv } from 'dotenv';
import { type Config, ConfigError, loadConfig } from '../config.js';
import { formatChecks, runDoctor } from './doctor-checks.js';

const USAGE = `Usage: npm run doctor [-- --help]
       node dist/cli/doctor.js

Checks the alert-contact-bot settings (environment and .env, as the bot reads them) against Slack and
CloudMonitor and prints a checklist with a fix for each failure:
  - the Slack bot token works and has the bot scopes of manifests/manifest.json
  - the bot is a member of SLACK_ADMIN_CHANNEL_ID
  - each of SLACK_ADMIN_USER_IDS is an active user
  - the Socket Mode token works (when SLACK_APP_TOKEN is set)
  - CloudMonitor credentials resolve, and from which source
  - the read actions are allowed (DescribeContactList, DescribeContactGroupList)
  - the write actions to grant (manifests/ram-policy.json), which are not tried: doctor changes nothing
Exit status: 0 all passed, 1 something failed, 2 bad arguments.
`;

async function main(argv: readonly string[]): Promise<number> {
  let help = false;
  try {
    ({
      values: { help = false },
    } = parseArgs({ args: [...argv], options: { help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (help) {
    process.stdout.write(USAGE);
    return 0;
  }
  loadDotenv({ path: process.env.DOTENV_CONFIG_PATH ?? '.env', quiet: true });
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stdout.write(
      `${formatChecks(error.problems.map((line) => ({ status: 'fail' as const, title: line, fix: 'see .env.example' })))}\n`,
    );
    return 1;
  }
  const checks = await runDoctor(config);
  const failed = checks.filter((check) => check.status === 'fail').length;
  process.stdout.write(
    `${formatChecks(checks)}\n\n${failed === 0 ? 'All checks passed.' : `${failed} check${failed === 1 ? '' : 's'} failed.`}\n`,
  );
  return failed === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`doctor: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
