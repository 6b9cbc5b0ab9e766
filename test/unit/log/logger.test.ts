/**
 * createLogger / toBoltLogger (src/log/logger.ts) writing into a capturing stream. Rules: secrets never appear in
 * the output; phones masked (last 4 digits); e-mails with a masked local part; Bolt's Logger interface works for
 * Bolt's own `(...strings)` calls and for pino-style `(fields, message)` calls (one logger, also passed to Bolt, masks
 * before anything is written; the error paths are asserted explicitly).
 */
import { Writable } from 'node:stream';
import { LogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createLogger, toBoltLogger } from '../../../src/log/logger.js';

const BOT = 'xoxb-1111111111-2222222222-AbCdEfGhIjKlMnOpQrStUvWx';
const APP = 'xapp-1-A0123456789-1234567890123-0123456789abcdef0123456789abcdef';
const SIGNING = '8f742231b10e8888abcd99yyyzzz85a5';
const AK_SECRET = 'AkSecretValue0123456789ABCDEFG';
const SIGNATURE = `v0=${'0123456789abcdef'.repeat(4)}`;

type Line = Record<string, unknown>;

/** A logger writing JSON lines into memory. */
function capture(level = 'debug') {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
  const logger = createLogger({ level, secrets: [BOT, APP, SIGNING, AK_SECRET], destination });
  const raw = () => chunks.join('');
  const lines = (): Line[] =>
    raw()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Line);
  return { logger, raw, lines };
}

/** Nothing secret or personal in the raw output. */
function expectClean(raw: string): void {
  for (const secret of [BOT, APP, SIGNING, AK_SECRET, SIGNATURE, SIGNATURE.slice(3)]) expect(raw).not.toContain(secret);
  for (const phone of ['13800001234', '138 0000 1234', '+86 138 0000 1234', '1380000'])
    expect(raw).not.toContain(phone);
  expect(raw).not.toContain('dana@example.com');
  expect(raw).not.toContain('dana@');
}

describe('createLogger', () => {
  it('writes one JSON line per call, with level, time, msg and the app name', () => {
    const { logger, lines } = capture();
    logger.info('hello');
    logger.warn({ requestId: 'req_1' }, 'careful');
    const [first, second] = lines();
    expect(lines()).toHaveLength(2);
    expect(first).toMatchObject({ msg: 'hello', app: 'alert-contact-bot', level: 30 });
    expect(typeof first?.time).toBe('number');
    expect(second).toMatchObject({ msg: 'careful', requestId: 'req_1', level: 40 });
  });

  it('redacts secrets and masks personal data in the fields object and in the message', () => {
    const { logger, raw, lines } = capture();
    logger.info(
      {
        token: BOT,
        sms: '13800001234',
        email: 'dana@example.com',
        nested: { accessKeySecret: AK_SECRET, note: 'kept' },
      },
      `bot ${BOT} app ${APP} sig ${SIGNATURE} phone +86 138 0000 1234 mail dana@example.com signing ${SIGNING}`,
    );
    expectClean(raw());
    const [line] = lines();
    expect(line?.sms).toMatch(/^\*+1234$/);
    expect(line?.email).toMatch(/^[^@]*@example\.com$/);
    expect(line?.nested).toMatchObject({ note: 'kept' });
    expect(String(line?.msg)).toMatch(/^bot .* app .* sig .* phone .*1234 mail .*@example\.com signing /);
  });

  it('scrubs printf-style arguments too', () => {
    const { logger, raw, lines } = capture();
    logger.info('user %s at %s', 'dana@example.com', '13800001234');
    expectClean(raw());
    expect(lines()[0]?.msg).toMatch(/^user .*@example\.com at \*+1234$/);
  });

  it('an Error logged as `err` keeps type, message, code and requestId but loses secrets', () => {
    const { logger, raw, lines } = capture();
    const err = Object.assign(new Error(`CloudMonitor refused ${AK_SECRET} for 13800001234`), {
      code: 'InvalidParameterValue',
      requestId: 'F7FA82F0-8627-441B-9B2B-8663617F36B9',
      data: { AccessKeySecret: AK_SECRET },
    });
    logger.error({ err }, 'PutContact failed');
    expectClean(raw());
    const [line] = lines();
    expect(line?.msg).toBe('PutContact failed');
    expect(line?.err).toMatchObject({
      type: 'Error',
      code: 'InvalidParameterValue',
      requestId: 'F7FA82F0-8627-441B-9B2B-8663617F36B9',
    });
    expect(String((line?.err as Line | undefined)?.message)).toContain('CloudMonitor refused');
  });

  it('an Error passed directly keeps code and requestId, loses secrets', () => {
    const { logger, raw } = capture();
    logger.error(
      Object.assign(new Error(`token ${BOT}`), { code: 'slack_webapi_platform_error', requestId: 'R1' }),
      'postMessage failed',
    );
    expectClean(raw());
    expect(raw()).toContain('slack_webapi_platform_error');
    expect(raw()).toContain('"R1"');
  });

  it('respects the level', () => {
    const { logger, lines } = capture('warn');
    logger.info('dropped');
    logger.debug('dropped');
    logger.error('kept');
    expect(lines().map((line) => line.msg)).toEqual(['kept']);
  });

  // BUG (reported): only the arguments of each call go through scrub; bindings given to `logger.child({...})` are
  // written by pino as they are, so a child created with a token or a phone number leaks it on every line.
  it('scrubs child-logger bindings too', () => {
    const { logger, raw } = capture();
    logger.child({ token: BOT, phone: '13800001234' }).info('in child');
    expectClean(raw());
  });
});

describe('toBoltLogger', () => {
  it('Bolt-style calls (...strings): first string is the message, the rest is kept and scrubbed', () => {
    const { logger, raw, lines } = capture();
    const bolt = toBoltLogger(logger);
    bolt.info('An incoming event was not acknowledged', `token ${BOT}`, { phone: '13800001234' });
    bolt.error('Failed to post', 'to dana@example.com');
    expectClean(raw());
    const [first, second] = lines();
    expect(first).toMatchObject({ msg: 'An incoming event was not acknowledged', level: 30, component: 'bolt' });
    expect(JSON.stringify(first)).toContain('token');
    expect(JSON.stringify(first)).toMatch(/\*+1234/);
    expect(second).toMatchObject({ msg: 'Failed to post', level: 50 });
    expect(JSON.stringify(second)).toContain('@example.com');
  });

  it('pino-style calls (fields, message): fields become properties, scrubbed', () => {
    const { logger, raw, lines } = capture();
    const bolt = toBoltLogger(logger);
    bolt.warn({ userId: 'U123', email: 'dana@example.com', token: BOT }, 'contact submitted');
    expectClean(raw());
    expect(lines()[0]).toMatchObject({
      msg: 'contact submitted',
      userId: 'U123',
      level: 40,
      email: expect.stringMatching(/@example\.com$/),
    });
  });

  it('other shapes (no string, several fields) are still written and scrubbed', () => {
    const { logger, raw, lines } = capture();
    const bolt = toBoltLogger(logger);
    bolt.debug({ a: 1 }, { sms: '13800001234' });
    bolt.error(new Error(`failed with ${BOT}`));
    expectClean(raw());
    expect(lines()).toHaveLength(2);
    expect(lines()[0]?.level).toBe(20);
  });

  it('setLevel / getLevel round-trip and filter', () => {
    const { logger, lines } = capture('debug');
    const bolt = toBoltLogger(logger);
    for (const level of [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR]) {
      bolt.setLevel(level);
      expect(bolt.getLevel()).toBe(level);
    }
    bolt.setLevel(LogLevel.WARN);
    bolt.info('dropped');
    bolt.warn('kept');
    expect(lines().map((line) => line.msg)).toEqual(['kept']);
  });

  it('setLevel changes only the Bolt child, not the parent logger', () => {
    const { logger, lines } = capture('debug');
    toBoltLogger(logger).setLevel(LogLevel.ERROR);
    logger.info('parent still logs');
    expect(lines().map((line) => line.msg)).toEqual(['parent still logs']);
  });

  it('setName changes the component of later lines', () => {
    const { logger, lines } = capture();
    const bolt = toBoltLogger(logger);
    bolt.setName('bolt-app');
    bolt.info('named');
    expect(lines()[0]).toMatchObject({ component: 'bolt-app', msg: 'named' });
  });

  // BUG (reported, low): setName replaces the child logger and so forgets a level set earlier with setLevel
  // (Bolt's Logger contract treats name and level as independent settings).
  it('setName keeps the level set by setLevel', () => {
    const { logger } = capture('debug');
    const bolt = toBoltLogger(logger);
    bolt.setLevel(LogLevel.ERROR);
    bolt.setName('renamed');
    expect(bolt.getLevel()).toBe(LogLevel.ERROR);
  });
});
