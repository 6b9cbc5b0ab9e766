/**
 * loadConfig (src/config.ts). Rules from the issue (fail fast at start; the config type checked at type level): missing or invalid settings → one line
 * per bad variable naming it and what is expected; a secret's value is never printed; an empty string means unset;
 * REMINDER_DELAYS takes ms, s, m, h, d and defaults to 1h,1d,3d.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type Config, ConfigError, loadConfig, parseDuration } from '../../src/config.js';

const SECRETS = {
  SLACK_BOT_TOKEN: 'xoxb-1111-2222-BOTSECRETvalue',
  SLACK_SIGNING_SECRET: 'SIGNINGsecret0123456789abcdef',
  SLACK_APP_TOKEN: 'xapp-1-A111-2222-APPSECRETvalue',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'AKSECRETvalue0123456789',
} as const;

const REQUIRED = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_ADMIN_CHANNEL_ID', 'SLACK_ADMIN_USER_IDS'] as const;

function validEnv(): Record<string, string | undefined> {
  return {
    SLACK_BOT_TOKEN: SECRETS.SLACK_BOT_TOKEN,
    SLACK_SIGNING_SECRET: SECRETS.SLACK_SIGNING_SECRET,
    SLACK_ADMIN_CHANNEL_ID: 'C0123ADMIN',
    SLACK_ADMIN_USER_IDS: 'U01ADMIN, U02ADMIN',
    ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tExampleKeyId',
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRETS.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
  };
}

/** Runs loadConfig and returns the ConfigError it must throw. */
function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to throw ConfigError');
}

/** The problem line for one variable (exactly one expected). */
function problemFor(error: ConfigError, name: string): string {
  const lines = error.problems.filter((line) => line.startsWith(`${name}:`));
  expect(lines, `${name} in ${JSON.stringify(error.problems)}`).toHaveLength(1);
  return lines[0] ?? '';
}

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

describe('loadConfig: valid environment', () => {
  it('maps the variables onto Config and fills the defaults', () => {
    const config = loadConfig(validEnv());
    // toMatchObject: settings added later (by other changes) do not break this test; the ones named here must hold
    expect(config).toMatchObject({
      slack: {
        botToken: SECRETS.SLACK_BOT_TOKEN,
        signingSecret: SECRETS.SLACK_SIGNING_SECRET,
        appToken: undefined,
        apiUrl: undefined,
        adminChannelId: 'C0123ADMIN',
        adminUserIds: ['U01ADMIN', 'U02ADMIN'],
      },
      port: 3000,
      host: undefined,
      cms: {
        accessKeyId: 'LTAI5tExampleKeyId',
        accessKeySecret: SECRETS.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
        securityToken: undefined,
        endpoint: 'https://metrics.aliyuncs.com',
        region: undefined,
        site: 'china',
      },
      storeUrl: expect.stringMatching(/^sqlite:\/\/.+/),
      reminderDelaysMs: [1 * HOUR, 1 * DAY, 3 * DAY],
      logLevel: 'info',
    });
    expect(config.slack).toStrictEqual({
      botToken: SECRETS.SLACK_BOT_TOKEN,
      signingSecret: SECRETS.SLACK_SIGNING_SECRET,
      appToken: undefined,
      apiUrl: undefined,
      adminChannelId: 'C0123ADMIN',
      adminUserIds: ['U01ADMIN', 'U02ADMIN'],
    });
  });

  it('takes every optional variable when set', () => {
    const config = loadConfig({
      ...validEnv(),
      SLACK_APP_TOKEN: SECRETS.SLACK_APP_TOKEN,
      SLACK_API_URL: 'http://127.0.0.1:9999/api/',
      PORT: '8080',
      HOST: '127.0.0.1',
      CMS_ENDPOINT: 'http://127.0.0.1:7777',
      STORE_URL: 'redis://localhost:6379',
      REMINDER_DELAYS: '2h',
      LOG_LEVEL: 'debug',
    });
    expect(config.slack.appToken).toBe(SECRETS.SLACK_APP_TOKEN);
    expect(config.slack.apiUrl).toBe('http://127.0.0.1:9999/api/');
    expect(config.port).toBe(8080);
    expect(config.host).toBe('127.0.0.1');
    expect(config.cms.endpoint).toBe('http://127.0.0.1:7777');
    expect(config.storeUrl).toBe('redis://localhost:6379');
    expect(config.reminderDelaysMs).toEqual([2 * HOUR]);
    expect(config.logLevel).toBe('debug');
  });

  it('accepts IP addresses and localhost to listen on, and refuses anything else by name', () => {
    for (const host of ['127.0.0.1', '0.0.0.0', '::1', '::', 'localhost'])
      expect(loadConfig({ ...validEnv(), HOST: host }).host).toBe(host);
    // a host name would only fail when listening, after the bot has connected to Slack
    for (const host of ['127.0.0.1:3000', 'http://localhost', 'two words', 'not-a-host', 'bot.internal']) {
      expect(() => loadConfig({ ...validEnv(), HOST: host })).toThrow(/HOST/);
    }
  });

  it('accepts sqlite, redis and rediss store URLs', () => {
    for (const url of ['sqlite://data/x.sqlite', 'redis://cache:6379', 'rediss://user:pw@cache:6380/0']) {
      expect(loadConfig({ ...validEnv(), STORE_URL: url }).storeUrl).toBe(url);
    }
  });

  it('REMINDER_DELAYS understands ms, s, m, h, d (and decimals), in milliseconds, ascending', () => {
    const config = loadConfig({ ...validEnv(), REMINDER_DELAYS: '3d, 90s,1.5h,500ms,2m' });
    expect(config.reminderDelaysMs).toEqual([500, 90 * 1000, 2 * 60 * 1000, 1.5 * HOUR, 3 * DAY]);
  });

  it('treats an empty string as unset: optional variables fall back to their defaults', () => {
    const config = loadConfig({
      ...validEnv(),
      SLACK_APP_TOKEN: '',
      SLACK_API_URL: '',
      PORT: '',
      CMS_ENDPOINT: '',
      STORE_URL: '',
      REMINDER_DELAYS: '',
      RESUME_AFTER: '',
      SUBMISSION_LIMIT: '',
      LOG_LEVEL: '',
    });
    expect(config).toStrictEqual(loadConfig(validEnv()));
  });

  it('type: reminderDelaysMs is readonly number[], adminUserIds readonly string[], appToken optional', () => {
    expectTypeOf<Config['reminderDelaysMs']>().toEqualTypeOf<readonly number[]>();
    expectTypeOf<Config['slack']['adminUserIds']>().toEqualTypeOf<readonly string[]>();
    expectTypeOf<Config['slack']['appToken']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Config['port']>().toEqualTypeOf<number>();
    expectTypeOf(loadConfig).returns.toEqualTypeOf<Config>();
  });
});

describe('loadConfig: missing variables', () => {
  it.each(REQUIRED)('%s missing → one problem line naming it', (name) => {
    const env = validEnv();
    delete env[name];
    const error = configError(env);
    expect(error.problems).toHaveLength(1);
    expect(problemFor(error, name).length).toBeGreaterThan(`${name}: `.length);
    expect(error.message).toContain(name);
  });

  it.each(REQUIRED)('%s set to "" is reported exactly like a missing one', (name) => {
    const missing = validEnv();
    delete missing[name];
    expect(configError({ ...validEnv(), [name]: '' }).problems).toEqual(configError(missing).problems);
  });

  it('an empty environment lists every required variable, one line each, and nothing else', () => {
    const error = configError({});
    expect(error.problems).toHaveLength(REQUIRED.length);
    for (const name of REQUIRED) problemFor(error, name);
    expect(error.code).toBe('config_invalid');
    expect(error.name).toBe('ConfigError');
    expect(error).toBeInstanceOf(Error);
  });
});

describe('loadConfig: CloudMonitor credentials, region and site', () => {
  const withoutKey = () => {
    const env = validEnv();
    delete env.ALIBABA_CLOUD_ACCESS_KEY_ID;
    delete env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
    return env;
  };

  it('without an AccessKey leaves the credentials to the default chain (RRSA, ECS RAM role, credentials file)', () => {
    const config = loadConfig(withoutKey());
    expect(config.cms).toMatchObject({ accessKeyId: undefined, accessKeySecret: undefined, securityToken: undefined });
    expect(
      loadConfig({ ...withoutKey(), ALIBABA_CLOUD_ACCESS_KEY_ID: '', ALIBABA_CLOUD_ACCESS_KEY_SECRET: '' }).cms
        .accessKeyId,
    ).toBeUndefined();
  });

  it('takes an STS token with its AccessKey pair', () => {
    const config = loadConfig({
      ...validEnv(),
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'STS.NTexample',
      ALIBABA_CLOUD_SECURITY_TOKEN: 'CAIS-token-value',
    });
    expect(config.cms).toMatchObject({ accessKeyId: 'STS.NTexample', securityToken: 'CAIS-token-value' });
  });

  it.each([
    ['ALIBABA_CLOUD_ACCESS_KEY_ID', { ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRETS.ALIBABA_CLOUD_ACCESS_KEY_SECRET }],
    ['ALIBABA_CLOUD_ACCESS_KEY_SECRET', { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tExampleKeyId' }],
    ['ALIBABA_CLOUD_SECURITY_TOKEN', { ALIBABA_CLOUD_SECURITY_TOKEN: 'CAIS-token-value' }],
  ])('half a credential is refused, naming %s, never echoing a value', (name, set) => {
    const error = configError({ ...withoutKey(), ...set });
    expect(error.problems).toHaveLength(1);
    expect(problemFor(error, name)).toMatch(/ALIBABA_CLOUD_ACCESS_KEY_ID.*ALIBABA_CLOUD_ACCESS_KEY_SECRET/);
    expect(error.message).not.toContain(SECRETS.ALIBABA_CLOUD_ACCESS_KEY_SECRET);
    expect(error.message).not.toContain('CAIS-token-value');
  });

  it('half a pair is reported together with missing required variables', () => {
    const error = configError({ ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRETS.ALIBABA_CLOUD_ACCESS_KEY_SECRET });
    expect(error.problems).toHaveLength(REQUIRED.length + 1);
    problemFor(error, 'ALIBABA_CLOUD_ACCESS_KEY_ID');
  });

  it('CMS_REGION gives the regional endpoint; CMS_ENDPOINT still wins; neither → the unified endpoint', () => {
    expect(loadConfig(validEnv()).cms.endpoint).toBe('https://metrics.aliyuncs.com');
    expect(loadConfig({ ...validEnv(), CMS_REGION: 'ap-southeast-1' }).cms).toMatchObject({
      endpoint: 'https://metrics.ap-southeast-1.aliyuncs.com',
      region: 'ap-southeast-1',
    });
    expect(
      loadConfig({ ...validEnv(), CMS_REGION: 'cn-hangzhou', CMS_ENDPOINT: 'http://127.0.0.1:7777' }).cms.endpoint,
    ).toBe('http://127.0.0.1:7777');
  });

  it('CMS_SITE is china by default, or international', () => {
    expect(loadConfig(validEnv()).cms.site).toBe('china');
    expect(loadConfig({ ...validEnv(), CMS_SITE: 'international' }).cms.site).toBe('international');
  });
});

describe('loadConfig: invalid values', () => {
  it.each([
    ['SLACK_ADMIN_USER_IDS', 'dana, U01ADMIN'],
    ['SLACK_ADMIN_USER_IDS', 'u01admin'],
    ['SLACK_ADMIN_USER_IDS', ','],
    ['SLACK_ADMIN_CHANNEL_ID', '#general'],
    ['SLACK_ADMIN_CHANNEL_ID', 'general'],
    ['REMINDER_DELAYS', '1x'],
    ['REMINDER_DELAYS', '1h,'],
    ['REMINDER_DELAYS', '0s'],
    ['REMINDER_DELAYS', '-1h'],
    ['REMINDER_DELAYS', '1 hour'],
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['STORE_URL', 'mysql://x'],
    ['STORE_URL', 'data/x.sqlite'],
    ['CMS_ENDPOINT', 'metrics.aliyuncs.com'],
    ['SLACK_API_URL', 'ftp://slack.example'],
    ['LOG_LEVEL', 'verbose'],
    ['RESUME_AFTER', '10x'],
    ['SUBMISSION_LIMIT', '5'],
    ['SUBMISSION_LIMIT', '0/10m'],
    ['SLACK_BOT_TOKEN', 'xoxp-1-user-token'],
    ['SLACK_APP_TOKEN', 'xoxb-not-an-app-token'],
    ['CMS_REGION', 'Hangzhou'],
    ['CMS_REGION', 'metrics.cn-hangzhou.aliyuncs.com'],
    ['CMS_SITE', 'intl'],
    ['ALIBABA_CLOUD_SECURITY_TOKEN', 'two words'],
  ])('%s=%j → one problem line naming it', (name, value) => {
    const error = configError({ ...validEnv(), [name]: value });
    expect(error.problems).toHaveLength(1);
    problemFor(error, name);
  });

  it('lists every bad variable at once, one line each', () => {
    const error = configError({
      ...validEnv(),
      SLACK_ADMIN_USER_IDS: 'dana',
      SLACK_ADMIN_CHANNEL_ID: '#general',
      REMINDER_DELAYS: '1x',
      PORT: 'abc',
      STORE_URL: 'mysql://x',
    });
    expect(error.problems).toHaveLength(5);
    for (const name of ['SLACK_ADMIN_USER_IDS', 'SLACK_ADMIN_CHANNEL_ID', 'REMINDER_DELAYS', 'PORT', 'STORE_URL'])
      problemFor(error, name);
    expect(error.message.split('\n').slice(1)).toEqual(error.problems);
  });

  it('says what is expected: a channel ID rather than a #name, U… user IDs, duration units', () => {
    const error = configError({
      ...validEnv(),
      SLACK_ADMIN_USER_IDS: 'dana',
      SLACK_ADMIN_CHANNEL_ID: '#general',
      REMINDER_DELAYS: '1x',
    });
    expect(problemFor(error, 'SLACK_ADMIN_CHANNEL_ID')).toMatch(/C…/);
    expect(problemFor(error, 'SLACK_ADMIN_USER_IDS')).toMatch(/U…/);
    expect(problemFor(error, 'REMINDER_DELAYS')).toMatch(/ms, s, m, h, d/);
  });
});

describe('loadConfig: secrets never printed', () => {
  it('invalid secret values do not appear in the message or the problems', () => {
    const badBot = 'xoxp-NOT-A-BOT-TOKEN-SUPERSECRET';
    const badApp = 'wrong-APPTOKEN-SUPERSECRET';
    const error = configError({ ...validEnv(), SLACK_BOT_TOKEN: badBot, SLACK_APP_TOKEN: badApp });
    const printed = [error.message, ...error.problems, String(error), JSON.stringify(error)].join('\n');
    expect(printed).not.toContain('SUPERSECRET');
    expect(printed).toContain('SLACK_BOT_TOKEN');
    expect(printed).toContain('SLACK_APP_TOKEN');
  });

  it('valid secrets do not appear when another variable is wrong', () => {
    const error = configError({ ...validEnv(), SLACK_APP_TOKEN: SECRETS.SLACK_APP_TOKEN, PORT: 'abc' });
    const printed = [error.message, ...error.problems, String(error), JSON.stringify(error), error.stack ?? ''].join(
      '\n',
    );
    for (const secret of Object.values(SECRETS)) expect(printed).not.toContain(secret);
  });

  it('no variable value at all is echoed for invalid values', () => {
    const error = configError({
      ...validEnv(),
      SLACK_ADMIN_CHANNEL_ID: '#zz-general-zz',
      STORE_URL: 'mysql://zz-host-zz',
    });
    expect(error.message).not.toContain('zz-general-zz');
    expect(error.message).not.toContain('zz-host-zz');
  });
});

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['90s', 90_000],
    ['15m', 15 * 60_000],
    ['1h', HOUR],
    ['1.5d', 1.5 * DAY],
    [' 2h ', 2 * HOUR],
  ])('%j → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '1', 'h', '1x', '1 h', '1H', '-1h', '0s', '0ms', '1e3s', '.5h', 'NaNh'])('%j → undefined', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  // BUG (reported, minor): "0s" is rejected (a delay must be positive) but a sub-millisecond amount passes the
  // positivity check before rounding and comes back as 0 ms, so REMINDER_DELAYS=0.4ms yields a 0 ms reminder.
  it('never returns 0 (an amount that rounds to 0 ms is rejected like 0s)', () => {
    expect(parseDuration('0.4ms')).toBeUndefined();
  });
});

describe('AUDIT_RETENTION and REQUEST_RETENTION', () => {
  it('default to 400d and 90d, take a duration, and refuse less than a day by name', () => {
    expect(loadConfig(validEnv()).retention).toEqual({ auditMs: 400 * 86_400_000, requestsMs: 90 * 86_400_000 });
    expect(loadConfig({ ...validEnv(), AUDIT_RETENTION: '2d', REQUEST_RETENTION: '30d' }).retention).toEqual({
      auditMs: 2 * 86_400_000,
      requestsMs: 30 * 86_400_000,
    });
    expect(() => loadConfig({ ...validEnv(), AUDIT_RETENTION: '12h', REQUEST_RETENTION: 'forever' })).toThrow(
      ConfigError,
    );
    try {
      loadConfig({ ...validEnv(), AUDIT_RETENTION: '12h', REQUEST_RETENTION: 'forever' });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        expect.stringMatching(/^AUDIT_RETENTION: expected a duration of at least 1d/),
        expect.stringMatching(/^REQUEST_RETENTION: expected a duration of at least 1d/),
      ]);
    }
  });
});
