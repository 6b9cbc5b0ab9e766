import { type Logger, LogLevel } from '@slack/bolt';
import { type DestinationStream, type Logger as PinoLogger, pino } from 'pino';
import { scrub } from './redact.js';

export type { PinoLogger };

/**
 * Creates the app's one logger: pino JSON lines (pretty-printed only when stdout is a TTY), with every argument
 * passed through {@link scrub} so secrets never reach the output and phone numbers/e-mails are masked.
 * @param options.level pino level name
 * @param options.secrets exact values to redact (bot/app tokens, signing secret, AccessKey secret)
 * @param options.destination where lines go (tests pass a stream to capture them); default stdout
 */
export function createLogger(options: {
  level: string;
  secrets: readonly string[];
  destination?: DestinationStream;
}): PinoLogger {
  const { secrets } = options;
  const pretty = !options.destination && process.stdout.isTTY;
  const pinoOptions = {
    level: options.level,
    base: { app: 'alert-contact-bot' },
    hooks: {
      logMethod(this: PinoLogger, args: unknown[], method: (...args: unknown[]) => void) {
        method.apply(
          this,
          args.map((arg) => scrub(arg, secrets)),
        );
      },
    },
    // Objects are scrubbed above; pino's own serialisers would bypass that for `err`.
    serializers: { err: (err: unknown) => scrub(err, secrets) },
  };
  const logger = options.destination
    ? pino(pinoOptions, options.destination)
    : pretty
      ? pino({ ...pinoOptions, transport: { target: 'pino-pretty', options: { colorize: true } } })
      : pino(pinoOptions);
  // Child bindings bypass the logMethod hook; scrub them on the way in. Children inherit this `child`.
  const child = logger.child;
  logger.child = function scrubbedChild(this: PinoLogger, bindings, childOptions) {
    return child.call(this, scrub(bindings, secrets) as typeof bindings, childOptions);
  } as typeof logger.child;
  return logger;
}

const BOLT_TO_PINO: Record<LogLevel, string> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
};

/**
 * Adapts a pino logger to Bolt's `Logger` interface (bolt-js docs, "Logging"), so Bolt's own lines are JSON and
 * scrubbed like ours. Also accepts pino's `(fields, message)` form, which listeners use through Bolt's `logger`.
 * `setLevel` changes only this child.
 */
export function toBoltLogger(parent: PinoLogger, name = 'bolt'): Logger {
  let child = parent.child({ component: name });
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...msg: unknown[]) => {
      const [first, ...rest] = msg;
      if (typeof first === 'string') child[level](rest.length ? { args: rest } : {}, first);
      // pino style, as our listeners call it: (fields, message)
      else if (
        typeof first === 'object' &&
        first !== null &&
        !Array.isArray(first) &&
        typeof rest[0] === 'string' &&
        rest.length === 1
      )
        child[level](first as Record<string, unknown>, rest[0]);
      else child[level]({ args: msg }, 'bolt');
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel(level: LogLevel) {
      child.level = BOLT_TO_PINO[level] ?? 'info';
    },
    getLevel() {
      return (
        (Object.entries(BOLT_TO_PINO).find(([, value]) => value === child.level)?.[0] as LogLevel) ?? LogLevel.INFO
      );
    },
    setName(newName: string) {
      const level = child.level;
      child = parent.child({ component: newName });
      child.level = level;
    },
  };
}
