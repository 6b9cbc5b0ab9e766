import { ConfigError, loadConfig } from '../../src/config.js';

/** loadConfig's problem lines, or [] when it accepts the environment. Rethrows anything but a ConfigError. */
export function problemsOf(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

/** The environment variable names loadConfig looks at, recorded through a Proxy over `env`. */
export function namesReadBy(env: NodeJS.ProcessEnv): Set<string> {
  const read = new Set<string>();
  const record = (key: string | symbol): void => {
    if (typeof key === 'string' && /^[A-Z][A-Z0-9_]*$/.test(key)) read.add(key);
  };
  const spy = new Proxy(env, {
    get: (target, key, receiver) => (record(key), Reflect.get(target, key, receiver)),
    has: (target, key) => (record(key), Reflect.has(target, key)),
    getOwnPropertyDescriptor: (target, key) => (record(key), Reflect.getOwnPropertyDescriptor(target, key)),
  });
  problemsOf(spy);
  return read;
}

/** Values a person would put in place of `.env.example`'s placeholders (valid, not placeholders). */
const FILLED_IN: Record<string, string> = {
  SLACK_BOT_TOKEN: 'xoxb-filled-in-bot-token',
  SLACK_SIGNING_SECRET: 'filled-in-signing-secret',
  SLACK_APP_TOKEN: 'xapp-filled-in-app-token',
  SLACK_ADMIN_CHANNEL_ID: 'C0FILLED01',
  SLACK_ADMIN_USER_IDS: 'U0FILLED01,U0FILLED02',
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'filled-in-access-key-id',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'filled-in-access-key-secret',
};

/** The variables loadConfig refuses as still holding a `.env.example` placeholder. */
export function placeholdersIn(env: NodeJS.ProcessEnv): string[] {
  return problemsOf(env).flatMap((line) =>
    /^\w+: still the placeholder from \.env\.example/.test(line) ? [line.split(':')[0] ?? ''] : [],
  );
}

/**
 * `env` as a person would fill it in: each variable loadConfig refuses as a `.env.example` placeholder gets a
 * value of the right shape. Throws when a refused variable has no fill-in value here.
 */
export function filledIn(env: NodeJS.ProcessEnv): Record<string, string> {
  const filled: Record<string, string> = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  for (const name of placeholdersIn(env)) {
    const value = FILLED_IN[name];
    if (value === undefined) throw new Error(`no fill-in value for the placeholder of ${name}`);
    filled[name] = value;
  }
  return filled;
}
