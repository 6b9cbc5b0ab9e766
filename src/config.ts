import { z } from 'zod';
import type { Site } from './contact/schema.js';

/** Units accepted in REMINDER_DELAYS, in milliseconds. */
const DURATION_UNITS_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * Parses one duration such as `90s`, `1h` or `1.5d`.
 * @param text a number followed by one of ms, s, m, h, d
 * @returns the duration in milliseconds, or undefined when the text is not a duration
 */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) return undefined;
  const [, amount, unit] = match as unknown as [string, string, keyof typeof DURATION_UNITS_MS];
  const ms = Math.round(Number(amount) * DURATION_UNITS_MS[unit]);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/** Empty (or blank) strings count as unset (t3-env's rule): `FOO=` in .env means "use the default". */
const emptyAsUnset = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optional = (schema: z.ZodType<string>) => z.preprocess(emptyAsUnset, schema.optional());
const required = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUnset, schema);
const withDefault = <T extends z.ZodType>(fallback: string, schema: T) =>
  z.preprocess((value) => emptyAsUnset(value) ?? fallback, schema);

const slackUserIds = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean),
  )
  .refine((ids) => ids.length > 0 && ids.every((id) => /^[UW][A-Z0-9]{2,}$/.test(id)), {
    message: 'expected comma-separated Slack user IDs (U… or W…)',
  });

const httpUrl = z.string().refine((text) => URL.canParse(text) && /^https?:$/.test(new URL(text).protocol), {
  message: 'expected an http:// or https:// URL',
});

/** A retention period: one duration of at least a day (shorter would purge what people and admins still look at). */
const retention = (example: string) =>
  z
    .string()
    .transform((text) => parseDuration(text))
    .refine((ms) => ms !== undefined && ms >= DURATION_UNITS_MS.d, {
      message: `expected a duration of at least 1d, such as ${example} (units ms, s, m, h, d)`,
    })
    .transform((ms) => ms as number);

const envSchema = z.object({
  SLACK_BOT_TOKEN: required(z.string().startsWith('xoxb-', { message: 'expected a bot token (xoxb-…)' })),
  SLACK_SIGNING_SECRET: required(z.string().min(1)),
  SLACK_APP_TOKEN: optional(z.string().startsWith('xapp-', { message: 'expected an app-level token (xapp-…)' })),
  SLACK_API_URL: optional(httpUrl),
  PORT: withDefault(
    '3000',
    z
      .string()
      .regex(/^\d+$/, { message: 'expected a TCP port number' })
      .transform(Number)
      .pipe(
        z
          .number()
          .int()
          .min(0, { message: 'expected a TCP port number' })
          .max(65535, { message: 'expected a TCP port number' }),
      ),
  ),
  // IP literals (and localhost) only: a host name would be resolved only when listening, after connecting to Slack.
  HOST: optional(
    z.union([z.ipv4(), z.ipv6(), z.literal('localhost')], {
      message: 'expected an IP address to listen on (127.0.0.1, 0.0.0.0, ::) or localhost',
    }),
  ),
  SLACK_ADMIN_CHANNEL_ID: required(
    z.string().regex(/^[CGD][A-Z0-9]{2,}$/, { message: 'expected a Slack channel ID (C…, G… or D…), not a #name' }),
  ),
  SLACK_ADMIN_USER_IDS: required(slackUserIds),
  // Optional: unset → the rest of the default credential chain (RRSA/OIDC role, credentials file, ECS RAM role).
  // Whether the pair is complete is checked in the object-level rule below.
  ALIBABA_CLOUD_ACCESS_KEY_ID: optional(z.string().regex(/^\S+$/, { message: 'expected an AccessKey ID (no spaces)' })),
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: optional(
    z.string().regex(/^\S+$/, { message: 'expected an AccessKey secret (no spaces)' }),
  ),
  ALIBABA_CLOUD_SECURITY_TOKEN: optional(
    z.string().regex(/^\S+$/, { message: 'expected an STS security token (no spaces)' }),
  ),
  CMS_ENDPOINT: optional(httpUrl),
  CMS_REGION: optional(
    z.string().regex(/^[a-z]{2,}(-[a-z0-9]+)+$/, {
      message: 'expected an Alibaba Cloud region ID such as cn-hangzhou or ap-southeast-1',
    }),
  ),
  CMS_SITE: withDefault('china', z.enum(['china', 'international'], { message: 'expected china or international' })),
  CMS_CALLS_PER_SECOND: withDefault(
    '10',
    z
      .string()
      .regex(/^\d+$/, {
        message: 'expected a whole number of calls per second, 1–20 (CloudMonitor allows 20/s per API)',
      })
      .transform(Number)
      .pipe(
        z
          .number()
          .int()
          .min(1, { message: 'expected 1–20' })
          .max(20, { message: 'expected 1–20 (CloudMonitor allows 20/s per API)' }),
      ),
  ),
  STORE_URL: withDefault(
    'sqlite://data/alert-contact.sqlite',
    z
      .string()
      .regex(/^(sqlite|redis|rediss):\/\/.+/, { message: 'expected sqlite://<file path> or redis://<host>[:port]' }),
  ),
  REMINDER_DELAYS: withDefault(
    '1h,1d,3d',
    z
      .string()
      .transform((text) => text.split(',').map((part) => parseDuration(part)))
      .refine((delays) => delays.length > 0 && delays.every((delay) => delay !== undefined), {
        message: 'expected comma-separated durations such as 1h,1d,3d (units ms, s, m, h, d)',
      })
      .transform((delays) => [...(delays as number[])].sort((a, b) => a - b)),
  ),
  RESUME_AFTER: withDefault(
    '10m',
    z
      .string()
      .transform((text) => parseDuration(text))
      .refine((ms) => ms !== undefined, {
        message: 'expected a duration such as 10m (units ms, s, m, h, d)',
      })
      .transform((ms) => ms as number),
  ),
  AUDIT_RETENTION: withDefault('400d', retention('400d')),
  REQUEST_RETENTION: withDefault('90d', retention('90d')),
  ADMIN_LANGUAGE: withDefault('en', z.enum(['en', 'zh-cn'], { message: 'expected en or zh-cn' })),
  APPROVAL: withDefault('required', z.enum(['required', 'auto'], { message: 'expected required or auto' })),
  SELF_SERVICE_GROUPS: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .transform((text) =>
        text
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean),
      )
      .refine((names) => names.length > 0 && names.every((name) => name.length <= 100 && !/\p{Cc}/u.test(name)), {
        message: 'expected comma-separated contact group names as in CloudMonitor',
      })
      .optional(),
  ),
  SUBMISSION_LIMIT: withDefault(
    '5/10m',
    z
      .string()
      .transform((text) => {
        const match = /^(\d+)\/(.+)$/.exec(text.trim());
        const windowMs = match?.[2] ? parseDuration(match[2]) : undefined;
        return match && windowMs ? { count: Number(match[1]), windowMs } : undefined;
      })
      .refine((limit) => limit !== undefined && limit.count > 0, {
        message: 'expected <count>/<duration>, e.g. 5/10m (units ms, s, m, h, d)',
      })
      .transform((limit) => limit as { count: number; windowMs: number }),
  ),
  LOG_LEVEL: withDefault(
    'info',
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'expected one of fatal, error, warn, info, debug, trace, silent',
    }),
  ),
});

// Not "required": without both, the bot runs on the credential chain; only half a pair is wrong.
const PAIR =
  'set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET together (an AccessKey is a pair), or leave both empty to use RRSA, an ECS RAM role or a credentials file';

/**
 * The AccessKey comes as a pair (an STS token only with one); half a pair is a mistake, not "use the chain".
 * Checked on the raw environment, so it is reported along with every other problem (zod skips object-level
 * refinements when a field is missing).
 */
function accessKeyPairProblems(env: NodeJS.ProcessEnv): Map<string, string> {
  const set = (name: string) => emptyAsUnset(env[name]) !== undefined;
  const problems = new Map<string, string>();
  const id = set('ALIBABA_CLOUD_ACCESS_KEY_ID');
  if (id !== set('ALIBABA_CLOUD_ACCESS_KEY_SECRET')) {
    const name = id ? 'ALIBABA_CLOUD_ACCESS_KEY_SECRET' : 'ALIBABA_CLOUD_ACCESS_KEY_ID';
    problems.set(name, `${name}: ${PAIR}`);
  }
  if (set('ALIBABA_CLOUD_SECURITY_TOKEN') && !id) {
    problems.set(
      'ALIBABA_CLOUD_SECURITY_TOKEN',
      'ALIBABA_CLOUD_SECURITY_TOKEN: set only together with the STS AccessKey pair (ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET)',
    );
  }
  return problems;
}

/** CloudMonitor's endpoint when neither CMS_ENDPOINT nor CMS_REGION is set: the unified public endpoint. */
export const DEFAULT_CMS_ENDPOINT = 'https://metrics.aliyuncs.com';

/**
 * CloudMonitor's public endpoint for a region, `https://metrics.<region>.aliyuncs.com` (CloudMonitor API reference,
 * "Request methods": https://www.alibabacloud.com/help/en/cms/developer-reference/request-methods).
 * @param region a region ID such as `cn-hangzhou`
 */
export function cmsEndpointFor(region: string): string {
  return `https://metrics.${region}.aliyuncs.com`;
}

/** What the missing-variable message says for each required variable. */
const EXPECTED: Record<string, string> = {
  SLACK_BOT_TOKEN: 'required: the bot token (xoxb-…) from OAuth & Permissions',
  SLACK_SIGNING_SECRET: 'required: the signing secret from Basic Information',
  SLACK_ADMIN_CHANNEL_ID: 'required: the channel ID (C…) where requests are posted for approval',
  SLACK_ADMIN_USER_IDS: 'required: comma-separated Slack user IDs (U…) of the admins who approve',
};

/**
 * The placeholder values `.env.example` ships, by variable: `cp .env.example .env && npm start` must stop here,
 * naming each one, instead of failing later at Slack or CloudMonitor with an error that names no setting.
 * Any value containing `your-` (the example's mark for "fill this in") counts too, for the credentials.
 */
const PLACEHOLDERS: Record<string, { values: readonly string[]; fix: string }> = {
  SLACK_BOT_TOKEN: {
    values: ['xoxb-your-bot-token'],
    fix: 'put in the Bot User OAuth Token (xoxb-…) from OAuth & Permissions',
  },
  SLACK_SIGNING_SECRET: {
    values: ['your-signing-secret'],
    fix: 'put in the Signing Secret from Basic Information → App Credentials',
  },
  SLACK_APP_TOKEN: {
    values: ['xapp-your-app-token', 'xapp-your-app-level-token'],
    fix: 'put in an App-Level Token (xapp-…) or leave it empty for HTTP mode',
  },
  SLACK_ADMIN_CHANNEL_ID: {
    values: ['C0123456789'],
    fix: "put in your admin channel's ID (channel name → About → Channel ID)",
  },
  SLACK_ADMIN_USER_IDS: {
    values: ['U0123456789', 'U0987654321'],
    fix: "put in your admins' member IDs (profile → ⋮ → Copy member ID)",
  },
  ALIBABA_CLOUD_ACCESS_KEY_ID: { values: ['your-access-key-id'], fix: "put in the RAM user's AccessKey ID" },
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: {
    values: ['your-access-key-secret'],
    fix: "put in the RAM user's AccessKey secret",
  },
};

/** One problem line per variable still holding a `.env.example` placeholder (for SLACK_ADMIN_USER_IDS: any of its IDs). */
function placeholderProblems(env: NodeJS.ProcessEnv): Map<string, string> {
  const problems = new Map<string, string>();
  for (const [name, { values, fix }] of Object.entries(PLACEHOLDERS)) {
    const value = env[name]?.trim();
    if (!value) continue;
    const parts = name === 'SLACK_ADMIN_USER_IDS' ? value.split(',').map((part) => part.trim()) : [value];
    if (parts.some((part) => values.includes(part) || /(^|-)your-/.test(part))) {
      problems.set(name, `${name}: still the placeholder from .env.example; ${fix}`);
    }
  }
  return problems;
}

/** Validated settings. Durations are in milliseconds. */
export interface Config {
  slack: {
    botToken: string;
    signingSecret: string;
    /** Set → Socket Mode; unset → HTTP mode on `port`. */
    appToken: string | undefined;
    apiUrl: string | undefined;
    adminChannelId: string;
    adminUserIds: readonly string[];
  };
  port: number;
  /** HTTP mode: the address to listen on; undefined → every interface (Node's default). */
  host: string | undefined;
  /**
   * CloudMonitor access; `callsPerSecond` is the client-side cap (CloudMonitor allows 20/s per API per account).
   * The AccessKey (and STS token) are set only when given in the environment; unset → the other sources of the
   * default credential chain (src/cms/credentials.ts). `endpoint` is CMS_ENDPOINT, else CMS_REGION's endpoint,
   * else the unified one. `site`: the Alibaba Cloud site of the account (SMS and TradeManager are China-site only).
   */
  cms: {
    accessKeyId: string | undefined;
    accessKeySecret: string | undefined;
    securityToken: string | undefined;
    endpoint: string;
    region: string | undefined;
    site: Site;
    callsPerSecond: number;
  };
  storeUrl: string;
  /** Offsets after registration, ascending, in ms. */
  reminderDelaysMs: readonly number[];
  /** Age after which an approval still in progress counts as abandoned and is resumed, ms. */
  resumeAfterMs: number;
  /**
   * How long data is kept, ms. `auditMs` (AUDIT_RETENTION): audit entries, by their time. `requestsMs`
   * (REQUEST_RETENTION): a decided request (registered, removed, rejected, superseded) with the contact details it
   * carries, from its decision; a removed contact's phone number, e-mail and DingTalk token go with it.
   */
  retention: { auditMs: number; requestsMs: number };
  /** Language of the messages in the admin channel (people get their own Slack locale's). */
  adminLanguage: 'en' | 'zh-cn';
  /**
   * required: every request waits for an admin. auto: a user's own new contact with no name collision, and an
   * edit that changes no channel or group, is carried out at once and admins get an FYI.
   */
  approval: 'required' | 'auto';
  /** Contact groups people may join or leave themselves; undefined = every group. */
  selfServiceGroups: readonly string[] | undefined;
  /** Most contact-form submissions one user may send per window (window in ms). */
  submissionLimit: { count: number; windowMs: number };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

/** Thrown by {@link loadConfig}; `problems` holds one line per bad variable, naming it, never its value. */
export class ConfigError extends Error {
  readonly code = 'config_invalid';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment (see .env.example for every variable).
 * @param env usually `process.env`
 * @returns the typed {@link Config}
 * @throws ConfigError listing each missing or invalid variable with what is expected, and each still holding a
 *   `.env.example` placeholder; values are never echoed
 */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const result = envSchema.safeParse(env);
  const pairProblems = accessKeyPairProblems(env);
  const placeholders = placeholderProblems(env);
  if (!result.success || pairProblems.size > 0 || placeholders.size > 0) {
    const problems = new Map<string, string>(placeholders);
    for (const issue of result.success ? [] : result.error.issues) {
      const name = String(issue.path[0] ?? 'environment');
      if (problems.has(name)) continue;
      const missing = env[name] === undefined || env[name] === '';
      problems.set(name, `${name}: ${missing && EXPECTED[name] ? EXPECTED[name] : issue.message}`);
    }
    for (const [name, line] of pairProblems) if (!problems.has(name)) problems.set(name, line);
    throw new ConfigError([...problems.values()]);
  }
  const e = result.data;
  return {
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      adminChannelId: e.SLACK_ADMIN_CHANNEL_ID,
      adminUserIds: e.SLACK_ADMIN_USER_IDS,
    },
    port: e.PORT,
    host: e.HOST,
    cms: {
      accessKeyId: e.ALIBABA_CLOUD_ACCESS_KEY_ID,
      accessKeySecret: e.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
      securityToken: e.ALIBABA_CLOUD_SECURITY_TOKEN,
      endpoint: e.CMS_ENDPOINT ?? (e.CMS_REGION ? cmsEndpointFor(e.CMS_REGION) : DEFAULT_CMS_ENDPOINT),
      region: e.CMS_REGION,
      site: e.CMS_SITE,
      callsPerSecond: e.CMS_CALLS_PER_SECOND,
    },
    storeUrl: e.STORE_URL,
    reminderDelaysMs: e.REMINDER_DELAYS,
    submissionLimit: e.SUBMISSION_LIMIT,
    resumeAfterMs: e.RESUME_AFTER,
    retention: { auditMs: e.AUDIT_RETENTION, requestsMs: e.REQUEST_RETENTION },
    approval: e.APPROVAL,
    adminLanguage: e.ADMIN_LANGUAGE,
    selfServiceGroups: e.SELF_SERVICE_GROUPS,
    logLevel: e.LOG_LEVEL,
  };
}
