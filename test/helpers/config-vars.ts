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
