/**
 * .env.example against src/config.ts: it lists exactly the variables loadConfig reads (observed by reading the
 * environment through a Proxy, so nothing new is exported from config.ts), each one is really read (removing a
 * required one, or spoiling an optional one, produces a ConfigError naming it), its placeholders are refused by
 * name (so `cp .env.example .env && npm start` stops at once) and, filled in, it loads; and each variable is
 * documented by a comment.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { filledIn, namesReadBy, placeholdersIn, problemsOf } from '../helpers/config-vars.js';

const ROOT = new URL('../..', import.meta.url);
const TEXT = readFileSync(new URL('.env.example', ROOT), 'utf8');
const EXAMPLE = parse(TEXT);
const NAMES = Object.keys(EXAMPLE);
/** .env.example with its placeholders filled in, as a person would. */
const FILLED = filledIn(EXAMPLE);
/** Invalid for every optional variable's rule (port, xapp- prefix, URL, store URL, durations, limits, log level). */
const SPOILED = 'not a valid value';
/** Variables that accept free text get a value that is wrong in their own way. */
const SPOILED_FOR: Record<string, string> = { SELF_SERVICE_GROUPS: ' , , ' };

describe('.env.example', () => {
  it('is refused as it is, one line naming each placeholder, and nothing else', () => {
    const problems = problemsOf(EXAMPLE);
    expect(placeholdersIn(EXAMPLE).sort()).toEqual(
      [
        'ALIBABA_CLOUD_ACCESS_KEY_ID',
        'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
        'SLACK_ADMIN_CHANNEL_ID',
        'SLACK_ADMIN_USER_IDS',
        'SLACK_BOT_TOKEN',
        'SLACK_SIGNING_SECRET',
      ].sort(),
    );
    expect(problems).toHaveLength(6);
    for (const line of problems) expect(line).toMatch(/^[A-Z_]+: still the placeholder from \.env\.example; put in /);
    // One placeholder left among real values is still refused; an ID list with one placeholder ID too.
    expect(problemsOf({ ...FILLED, SLACK_SIGNING_SECRET: 'your-signing-secret' })).toEqual([
      expect.stringMatching(/^SLACK_SIGNING_SECRET: still the placeholder/),
    ]);
    expect(problemsOf({ ...FILLED, SLACK_ADMIN_USER_IDS: 'U0REAL0001,U0987654321' })).toEqual([
      expect.stringMatching(/^SLACK_ADMIN_USER_IDS: still the placeholder/),
    ]);
    expect(problemsOf({ ...FILLED, SLACK_APP_TOKEN: 'xapp-your-app-token' })).toEqual([
      expect.stringMatching(/^SLACK_APP_TOKEN: still the placeholder/),
    ]);
  });

  it('loads as a valid configuration once filled in, with the documented defaults', () => {
    expect(problemsOf(FILLED)).toEqual([]);
    const config = loadConfig(FILLED);
    expect(config.port).toBe(3000);
    expect(config.cms.endpoint).toBe('https://metrics.aliyuncs.com');
    expect(config.cms.site).toBe('china');
    expect(config.storeUrl).toBe('sqlite://data/alert-contact.sqlite');
    expect(config.reminderDelaysMs).toEqual([3_600_000, 86_400_000, 259_200_000]);
    expect(config.resumeAfterMs).toBe(600_000);
    expect(config.submissionLimit).toEqual({ count: 5, windowMs: 600_000 });
    expect(config.logLevel).toBe('info');
    expect(config.retention).toEqual({ auditMs: 400 * 86_400_000, requestsMs: 90 * 86_400_000 });
    // The example's explicit values are the defaults: blanking each optional one changes nothing.
    const blanked = Object.fromEntries(NAMES.map((name) => [name, FILLED[name]]));
    for (const name of [
      'PORT',
      'CMS_ENDPOINT',
      'CMS_SITE',
      'CMS_REGION',
      'STORE_URL',
      'REMINDER_DELAYS',
      'RESUME_AFTER',
      'SUBMISSION_LIMIT',
      'LOG_LEVEL',
      'AUDIT_RETENTION',
      'REQUEST_RETENTION',
    ]) {
      blanked[name] = '';
    }
    expect(loadConfig(blanked)).toEqual(config);
  });

  it('lists exactly the variables loadConfig reads', () => {
    const read = namesReadBy({ ...FILLED });
    expect(read.size, 'the Proxy should observe loadConfig reading the environment').toBeGreaterThan(5);
    expect([...NAMES].sort()).toEqual([...read].sort());
    // Also on the error path (every variable missing), no other name is consulted.
    for (const name of namesReadBy({})) expect(NAMES).toContain(name);
  });

  it.each(NAMES)('%s is read: removing it (required) or spoiling it (optional) is reported by name', (name) => {
    const without: NodeJS.ProcessEnv = { ...FILLED };
    delete without[name];
    const missing = problemsOf(without);
    if (missing.length > 0) {
      // required, or half of a pair (the AccessKey ID and secret go together)
      expect(missing).toEqual([expect.stringMatching(new RegExp(`^${name}: (required|set .*together)`))]);
      expect(problemsOf({ ...FILLED, [name]: '' }), 'an empty value counts as unset').toEqual(missing);
      return;
    }
    const bad = SPOILED_FOR[name] ?? SPOILED;
    const spoiled = problemsOf({ ...FILLED, [name]: bad });
    expect(spoiled).toEqual([expect.stringMatching(new RegExp(`^${name}: `))]);
    expect(spoiled.join('\n'), 'values are never echoed').not.toContain(bad);
  });

  it('has only placeholder secrets', () => {
    const secrets = NAMES.filter((name) => /TOKEN|SECRET|ACCESS_KEY/.test(name));
    expect(secrets.sort()).toEqual(
      [
        'ALIBABA_CLOUD_ACCESS_KEY_ID',
        'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
        'ALIBABA_CLOUD_SECURITY_TOKEN',
        'SLACK_APP_TOKEN',
        'SLACK_BOT_TOKEN',
        'SLACK_SIGNING_SECRET',
      ].sort(),
    );
    for (const name of secrets) {
      const value = EXAMPLE[name] ?? '';
      // An optional one may be left empty (SLACK_APP_TOKEN: empty = HTTP mode); a filled one is a placeholder.
      if (value === '' && problemsOf({ ...FILLED, [name]: '' }).length === 0) continue;
      expect(value, name).toMatch(/your-/);
      // Real Slack tokens are xoxb-<digits>-<digits>-<random>; real AccessKey IDs start with LTAI.
      expect(value, name).not.toMatch(/^xox[a-z]-\d+-|^xapp-\d-|^LTAI/);
    }
  });

  it('documents every variable with a comment right above it, grouped in sections', () => {
    const lines = TEXT.split('\n');
    for (const name of NAMES) {
      const at = lines.findIndex((line) => line.startsWith(`${name}=`));
      expect(at, `${name}= line`).toBeGreaterThan(0);
      expect(lines[at - 1], `comment above ${name}`).toMatch(/^# \S/);
    }
    // A section heading is the first comment line after a `# ---` rule.
    const headings = lines.flatMap((line, i) =>
      i > 0 && lines[i - 1]?.startsWith('# ---') && /^# \w/.test(line) ? [/^# (\w+)/.exec(line)?.[1]] : [],
    );
    expect(headings).toEqual(['Slack', 'Admins', 'CloudMonitor', 'Store', 'Reminders', 'Logging']);
    expect(TEXT).toContain('npm run fake:cms');
  });
});
