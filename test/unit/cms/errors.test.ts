/**
 * asCmsError / CmsError (src/cms/errors.ts) on every rejection shape pop-core 1.8.0 produces
 * (@alicloud/pop-core 1.8.0 lib/rpc.js, with json-bigint 1.0.0 parsing the body). The rejections are produced by the REAL RPCClient against the
 * CloudMonitor fake (test/fakes/cloudmonitor.ts) where possible, so the shapes are pop-core's own.
 * Rules: the message never holds the request URL (with GET it carries every parameter and the signature);
 * retryable = throttling, 5xx / ServiceUnavailable / InternalError, network errors, unreadable answers
 * (the Terraform provider's NeedRetry, aliyun/terraform-provider-alicloud; Alibaba's POP common error codes,
 * https://help.aliyun.com/document_detail/51132.html); 4xx answers are final; a timeout is flagged as such (unknown outcome for writes).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import RPCClient from '@alicloud/pop-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asCmsError, CmsError } from '../../../src/cms/errors.js';
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  type FakeCloudMonitor,
  type FaultKind,
  startFakeCloudMonitor,
} from '../../fakes/cloudmonitor.js';

let fake: FakeCloudMonitor;
let rpc: RPCClient;

beforeAll(async () => {
  fake = await startFakeCloudMonitor({ rateLimitPerSecond: 0 });
  rpc = new RPCClient({
    endpoint: fake.url,
    apiVersion: '2019-01-01',
    accessKeyId: DEFAULT_ACCESS_KEY_ID,
    accessKeySecret: DEFAULT_ACCESS_KEY_SECRET,
  });
});

afterAll(async () => {
  await fake.close();
});

const PARAMS = {
  ContactName: 'dana_ops',
  Describe: 'DBA',
  'Channels.SMS': '13800001234',
  'Channels.Mail': 'dana@example.com',
};

/** What pop-core rejects with for one call (fails the test if it resolves). */
async function rejection(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (thrown) {
    return thrown;
  }
  throw new Error('expected pop-core to reject');
}

/** pop-core's rejection for a PutContact answered with `fault`. */
function faulted(fault: FaultKind, method: 'GET' | 'POST' = 'POST'): Promise<unknown> {
  fake.injectNext(fault, { action: 'PutContact' });
  return rejection(() => rpc.request('PutContact', PARAMS, { method, timeout: 2000 }));
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The message must not reveal where the call went or what it carried. */
function expectNoUrl(error: CmsError, extra: string[] = []): void {
  for (const leak of [fake.url, '127.0.0.1', 'URL:', 'Signature=', 'AccessKeyId=', ...extra])
    expect(error.message).not.toContain(leak);
}

describe('asCmsError: CloudMonitor error answers (Error with code, data, entry)', () => {
  it('InvalidParameterValue (HTTP 400): code, CloudMonitor’s message, RequestId, status; not retryable', async () => {
    const thrown = await faulted('InvalidParameterValue');
    expect(thrown).toBeInstanceOf(Error); // pop-core's rejection for a body Code outside its success set
    const error = asCmsError(thrown);
    expect(error).toBeInstanceOf(CmsError);
    expect(error.code).toBe('InvalidParameterValue');
    expect(error.message).toBe('Illegal parameters.');
    expect(error.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(error.httpStatus).toBe(400);
    expect(error.retryable).toBe(false);
    expect(error.isTimeout).toBe(false);
    expect(error.cause).toBe(thrown);
    expectNoUrl(error);
  });

  it('with GET, pop-core’s message holds the full signed URL: none of it reaches the CmsError message', async () => {
    const thrown = await faulted('InvalidAuthorization', 'GET');
    expect((thrown as Error).message).toContain('Signature='); // the trap: pop-core appends `, URL: <url>` to the message
    const error = asCmsError(thrown);
    expect(error.code).toBe('InvalidAuthorization');
    expect(error.httpStatus).toBe(403);
    expect(error.retryable).toBe(false);
    expectNoUrl(error, ['13800001234', 'dana@example.com', 'dana%40example.com']);
  });

  it('Throttling.User (HTTP 400) is retryable', async () => {
    const error = asCmsError(await faulted('Throttling.User'));
    expect(error.code).toBe('Throttling.User');
    expect(error.retryable).toBe(true);
    expect(error.isTimeout).toBe(false);
    expectNoUrl(error);
  });

  it('InternalError (HTTP 500) is retryable', async () => {
    const error = asCmsError(await faulted('InternalError'));
    expect(error.code).toBe('InternalError');
    expect(error.httpStatus).toBe(500);
    expect(error.retryable).toBe(true);
  });

  it('a numeric Code is kept as text', () => {
    const error = asCmsError(
      Object.assign(new Error('x, URL: http://h/'), { code: 400, data: { Code: 400, Message: 'bad', RequestId: 'R' } }),
    );
    expect(error.code).toBe('400');
    expect(error.message).toBe('bad');
  });

  it('any 5xx answer is retryable, whatever its code', () => {
    const error = asCmsError(
      Object.assign(new Error('x, URL: http://h/'), {
        data: { Code: 'SomethingNew', Message: 'm' },
        entry: { response: { statusCode: 502 } },
      }),
    );
    expect(error.retryable).toBe(true);
  });

  // Questionable (reported): SignatureDoesNotMatch echoes the server's string-to-sign, which holds every request
  // parameter (phone, e-mail): "server string to sign is:<…>" (aliyun/alibaba-cloud-sdk-go
  // sdk/errors/signature_does_not_match_wrapper.go reads that prefix). asCmsError copies CloudMonitor's Message verbatim, so the admin message
  // ("CloudMonitor refused: …") and logs would show the phone unmasked and the e-mail.
  it('does not pass on request parameters echoed in a SignatureDoesNotMatch message', () => {
    const message =
      'Specified signature is not matched with our calculation. server string to sign is:POST&%2F&AccessKeyId%3DLTAI%26Action%3DPutContact%26Channels.Mail%3Ddana%2540example.com%26Channels.SMS%3D13800001234';
    const error = asCmsError(
      Object.assign(new Error(`${message}, URL: https://metrics.aliyuncs.com/`), {
        data: { Code: 'SignatureDoesNotMatch', Message: message, RequestId: 'R' },
      }),
    );
    expect(error.message).not.toContain('13800001234');
    expect(error.message).not.toContain('dana%2540example.com');
  });
});

describe('asCmsError: answers that are not JSON (plain { name: "SyntaxError" } object)', () => {
  it.each(['html502', 'empty'] as const)('%s → BadResponse, retryable', async (fault) => {
    const thrown = await faulted(fault);
    expect(thrown).not.toBeInstanceOf(Error); // json-bigint's plain object for a non-JSON body
    expect(thrown).toMatchObject({ name: 'SyntaxError' });
    const error = asCmsError(thrown);
    expect(error.code).toBe('BadResponse');
    expect(error.retryable).toBe(true);
    expect(error.isTimeout).toBe(false);
    expect(error.message).not.toContain('<html>');
    expect(error.message.length).toBeGreaterThan(0);
  });
});

describe('asCmsError: timeouts and network errors', () => {
  it('RequestTimeoutError (read timeout) → Timeout, isTimeout, retryable; message without the URL', async () => {
    fake.setLatency(300, 'DescribeContactList');
    try {
      const thrown = await rejection(() =>
        rpc.request('DescribeContactList', { ContactName: 'x' }, { method: 'POST', timeout: 50 }),
      );
      expect(thrown).toMatchObject({ name: 'RequestTimeoutError' });
      const error = asCmsError(thrown);
      expect(error.code).toBe('Timeout');
      expect(error.isTimeout).toBe(true);
      expect(error.retryable).toBe(true);
      expectNoUrl(error);
    } finally {
      fake.setLatency(0, 'DescribeContactList');
    }
  });

  it('ECONNREFUSED (message with the URL glued on) → NetworkError, retryable, URL gone', async () => {
    const port = await closedPort();
    const offline = new RPCClient({
      endpoint: `http://127.0.0.1:${port}`,
      apiVersion: '2019-01-01',
      accessKeyId: 'id',
      accessKeySecret: 'secret',
    });
    const thrown = await rejection(() => offline.request('PutContact', PARAMS, { method: 'GET', timeout: 2000 }));
    expect(thrown).toMatchObject({ code: 'ECONNREFUSED' });
    expect((thrown as Error).message).toContain(`127.0.0.1:${port}`);
    const error = asCmsError(thrown);
    expect(error.code).toBe('NetworkError');
    expect(error.retryable).toBe(true);
    expect(error.isTimeout).toBe(false);
    for (const leak of [`127.0.0.1:${port}`, 'Signature', '13800001234', 'failed.'])
      expect(error.message).not.toContain(leak);
  });

  it.each(['ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE'])('%s → NetworkError, retryable', (code) => {
    const error = asCmsError(Object.assign(new Error(`boom POST https://metrics.aliyuncs.com/ failed.`), { code }));
    expect(error.code).toBe('NetworkError');
    expect(error.retryable).toBe(true);
  });

  // BUG (reported): only codes matching /^E[A-Z]+$/ count as network errors. EAI_AGAIN (temporary DNS failure,
  // getaddrinfo) has an underscore, so it becomes UnknownError and is not retried.
  it('EAI_AGAIN (temporary DNS failure) → NetworkError, retryable', () => {
    const error = asCmsError(
      Object.assign(new Error('getaddrinfo EAI_AGAIN metrics.aliyuncs.comPOST https://metrics.aliyuncs.com/ failed.'), {
        code: 'EAI_AGAIN',
      }),
    );
    expect(error.code).toBe('NetworkError');
    expect(error.retryable).toBe(true);
  });
});

describe('asCmsError: everything else', () => {
  it('a lone surrogate makes pop-core throw URIError before sending: final, not retried', async () => {
    const thrown = await rejection(() =>
      rpc.request('PutContact', { ...PARAMS, Describe: 'half \uD83D' }, { method: 'POST' }),
    );
    expect(thrown).toBeInstanceOf(URIError);
    const error = asCmsError(thrown);
    expect(error.retryable).toBe(false);
    expect(error.isTimeout).toBe(false);
  });

  it('an unknown Error keeps its message without a trailing URL', () => {
    const error = asCmsError(new Error('strange, URL: https://metrics.aliyuncs.com/?Signature=abc'));
    expect(error.message).toBe('strange');
    expect(error.retryable).toBe(false);
  });

  it('non-objects never throw and give a CmsError', () => {
    for (const thrown of [undefined, null, 'text', 42, Symbol('s')]) {
      const error = asCmsError(thrown);
      expect(error).toBeInstanceOf(CmsError);
      expect(typeof error.code).toBe('string');
    }
  });

  it('a CmsError passes through unchanged', () => {
    const error = new CmsError({ code: 'SuccessFalse', message: 'm', requestId: 'R' });
    expect(asCmsError(error)).toBe(error);
  });
});

describe('CmsError', () => {
  it('is an Error with name, code, requestId, httpStatus and cause', () => {
    const cause = new Error('inner');
    const error = new CmsError({ code: 'InternalError', message: 'm', requestId: 'R', httpStatus: 500, cause });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'CmsError',
      code: 'InternalError',
      requestId: 'R',
      httpStatus: 500,
      message: 'm',
    });
    expect(error.cause).toBe(cause);
  });

  it.each([
    ['Throttling', undefined, true],
    ['Throttling.User', 400, true],
    ['Throttling.Api', 400, true],
    ['ServiceUnavailable', 503, true],
    ['InternalError', 500, true],
    ['NetworkError', undefined, true],
    ['BadResponse', 502, true],
    ['Timeout', undefined, true],
    ['Whatever', 504, true],
    ['InvalidParameterValue', 400, false],
    ['InvalidAuthorization', 403, false],
    ['SignatureDoesNotMatch', 400, false],
    ['SuccessFalse', undefined, false],
    ['UnknownError', undefined, false],
  ] as const)('%s (HTTP %s) retryable = %s', (code, httpStatus, retryable) => {
    const error = new CmsError({ code, message: 'm', ...(httpStatus ? { httpStatus } : {}) });
    expect(error.retryable).toBe(retryable);
    expect(error.isTimeout).toBe(code === 'Timeout');
  });
});
