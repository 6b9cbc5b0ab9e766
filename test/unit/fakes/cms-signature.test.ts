/**
 * Reproduces Alibaba's published RPC signature example (https://alibabacloud.com/help/doc-detail/25488.htm), two CloudMonitor
 * vectors computed with @alicloud/pop-core 1.8.0's signing code (`lib/rpc.js`), and the percent-encoding rule both use.
 */
import { describe, expect, it } from 'vitest';
import {
  buildSignedQuery,
  canonicalize,
  computeSignature,
  percentEncode,
  stringToSign,
} from '../../fakes/cms-signature.js';

const SECRET = 'testsecret';

/** Alibaba's published example (https://alibabacloud.com/help/doc-detail/25488.htm). */
const DOC_EXAMPLE: Record<string, string> = {
  AccessKeyId: 'testid',
  Action: 'DescribeRegions',
  Format: 'XML',
  SignatureMethod: 'HMAC-SHA1',
  SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
  SignatureVersion: '1.0',
  Timestamp: '2016-02-23T12:46:24Z',
  Version: '2014-05-26',
};

/** CMS PutContact vector, computed with pop-core 1.8.0 (`lib/rpc.js`); insertion order deliberately scrambled to prove sorting. */
const PUT_CONTACT: Record<string, string> = {
  Version: '2019-01-01',
  Timestamp: '2024-01-01T00:00:00Z',
  ContactName: '李伟_ops',
  Describe: "on-call (DB) *primary* ~ it's 100% + more!",
  'Channels.SMS': '13800000000',
  'Channels.Mail': 'dana.ops+cms@example.com',
  AccessKeyId: 'testid',
  Action: 'PutContact',
  Format: 'JSON',
  Lang: 'zh-cn',
  SignatureMethod: 'HMAC-SHA1',
  SignatureNonce: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  SignatureVersion: '1.0',
};

/** CMS DescribeContactList vector, computed with pop-core 1.8.0 (`lib/rpc.js`). */
const DESCRIBE_CONTACT_LIST: Record<string, string> = {
  AccessKeyId: 'testid',
  Action: 'DescribeContactList',
  ContactName: 'dana_ops',
  Format: 'JSON',
  SignatureMethod: 'HMAC-SHA1',
  SignatureNonce: '11111111111111111111111111111111',
  SignatureVersion: '1.0',
  Timestamp: '2024-01-01T00:00:00Z',
  Version: '2019-01-01',
};

const PUT_CONTACT_CANONICAL =
  'AccessKeyId=testid&Action=PutContact&Channels.Mail=dana.ops%2Bcms%40example.com&Channels.SMS=13800000000' +
  '&ContactName=%E6%9D%8E%E4%BC%9F_ops&Describe=on-call%20%28DB%29%20%2Aprimary%2A%20~%20it%27s%20100%25%20%2B%20more%21' +
  '&Format=JSON&Lang=zh-cn&SignatureMethod=HMAC-SHA1&SignatureNonce=0f1e2d3c4b5a69788796a5b4c3d2e1f0' +
  '&SignatureVersion=1.0&Timestamp=2024-01-01T00%3A00%3A00Z&Version=2019-01-01';

describe("percentEncode (Alibaba's RFC 3986 rule, pop-core's encode)", () => {
  it('leaves only unreserved characters literal', () => {
    expect(percentEncode('AZaz09-_.~')).toBe('AZaz09-_.~');
  });

  it('encodes space as %20, * as %2A and the sub-delims encodeURIComponent keeps', () => {
    expect(percentEncode("a b*c!d'e(f)g")).toBe('a%20b%2Ac%21d%27e%28f%29g');
  });

  it('UTF-8 encodes with upper-case hex (reference examples)', () => {
    expect(percentEncode('李伟_ops')).toBe('%E6%9D%8E%E4%BC%9F_ops');
    expect(percentEncode('a+b@x')).toBe('a%2Bb%40x');
    expect(percentEncode('/')).toBe('%2F');
    expect(percentEncode(':')).toBe('%3A');
  });

  it('throws URIError on a lone surrogate, like pop-core (encodeURIComponent throws)', () => {
    expect(() => percentEncode('\uD83D')).toThrow(URIError);
  });
});

describe('canonicalize (sorted, encoded name=value pairs)', () => {
  it('gives the published canonical string of the PutContact vector', () => {
    expect(canonicalize(PUT_CONTACT)).toBe(PUT_CONTACT_CANONICAL);
  });

  it('drops Signature and keeps unknown and empty parameters', () => {
    expect(canonicalize({ Signature: 'x', SignatureType: '', RegionId: 'cn-hangzhou', Action: 'A' })).toBe(
      'Action=A&RegionId=cn-hangzhou&SignatureType=',
    );
  });

  it('sorts by code unit, not by locale (upper case before lower case, "." before digits)', () => {
    const canonical = canonicalize({
      b: '1',
      a: '1',
      B: '1',
      'ContactNames.10': 'x',
      'ContactNames.2': 'y',
      'ContactNames.1': 'z',
    });
    expect(canonical).toBe('B=1&ContactNames.1=z&ContactNames.10=x&ContactNames.2=y&a=1&b=1');
    // localeCompare would give a, b, B, ... : make sure the test itself can tell the difference.
    expect(['b', 'a', 'B'].sort((x, y) => x.localeCompare(y))).not.toEqual(['B', 'a', 'b']);
  });

  it('matches the documented name order for the PutContact parameter set', () => {
    const names = canonicalize({
      ...PUT_CONTACT,
      RegionId: 'x',
      SecurityToken: 'y',
      'Channels.AliIM': 'z',
      'Channels.DingWebHook': 'w',
    })
      .split('&')
      .map((pair) => pair.split('=')[0]);
    expect(names).toEqual([
      'AccessKeyId',
      'Action',
      'Channels.AliIM',
      'Channels.DingWebHook',
      'Channels.Mail',
      'Channels.SMS',
      'ContactName',
      'Describe',
      'Format',
      'Lang',
      'RegionId',
      'SecurityToken',
      'SignatureMethod',
      'SignatureNonce',
      'SignatureVersion',
      'Timestamp',
      'Version',
    ]);
  });
});

describe('stringToSign and computeSignature (published example and pop-core vectors)', () => {
  it('Alibaba doc example: StringToSign and OLeaidS1JvxuMvnyHOwuJ+uX5qY=', () => {
    expect(stringToSign('GET', DOC_EXAMPLE)).toBe(
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1' +
        '%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0' +
        '%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26',
    );
    expect(computeSignature('GET', DOC_EXAMPLE, SECRET)).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  it('CMS PutContact POST: fz5UJUKfmwLNZfFBQU8kCv1CPsk=', () => {
    expect(computeSignature('POST', PUT_CONTACT, SECRET)).toBe('fz5UJUKfmwLNZfFBQU8kCv1CPsk=');
    expect(stringToSign('POST', PUT_CONTACT)).toBe(`POST&%2F&${percentEncode(PUT_CONTACT_CANONICAL)}`);
  });

  it('CMS PutContact GET: D8t1GPumwnsd8NyhWbkBZrIKi+o=', () => {
    expect(computeSignature('GET', PUT_CONTACT, SECRET)).toBe('D8t1GPumwnsd8NyhWbkBZrIKi+o=');
  });

  it('CMS DescribeContactList GET: GTqONueuZr2xh4lM7U65rYG99lY=', () => {
    expect(computeSignature('GET', DESCRIBE_CONTACT_LIST, SECRET)).toBe('GTqONueuZr2xh4lM7U65rYG99lY=');
  });

  it('ignores a Signature parameter and upper-cases the method like pop-core', () => {
    expect(computeSignature('post', { ...PUT_CONTACT, Signature: 'whatever' }, SECRET)).toBe(
      'fz5UJUKfmwLNZfFBQU8kCv1CPsk=',
    );
  });

  it('the "&" suffix on the key matters (the HMAC key is secret + "&")', () => {
    expect(computeSignature('GET', DOC_EXAMPLE, 'testsecret&')).not.toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
    expect(computeSignature('GET', DOC_EXAMPLE, 'testsecreT')).not.toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });
});

describe('buildSignedQuery (as pop-core request() builds the wire string)', () => {
  it('appends the encoded signature last, as pop-core sends it', () => {
    expect(buildSignedQuery('POST', PUT_CONTACT, SECRET)).toBe(
      `${PUT_CONTACT_CANONICAL}&Signature=fz5UJUKfmwLNZfFBQU8kCv1CPsk%3D`,
    );
  });

  it("agrees with pop-core 1.8.0's encode() rule on awkward characters", () => {
    // pop-core does not export encode(); its rule is encodeURIComponent + !'()* (lib/rpc.js). The end-to-end
    // check that the fake accepts pop-core's own signatures is in cloudmonitor.test.ts.
    const sample = "¡Hola! (ü) *~* 'x' 100% + € 😀";
    const popCoreRule = encodeURIComponent(sample)
      .replace(/!/g, '%21')
      .replace(/'/g, '%27')
      .replace(/\(/g, '%28')
      .replace(/\)/g, '%29')
      .replace(/\*/g, '%2A');
    expect(percentEncode(sample)).toBe(popCoreRule);
  });
});
