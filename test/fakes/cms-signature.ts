/**
 * Alibaba Cloud RPC signature (V1, HMAC-SHA1) as used by CloudMonitor API 2019-01-01 and by
 * `@alicloud/pop-core` 1.8.0 `RPCClient`.
 *
 * Pure functions, no I/O. Sources of every rule: Alibaba's "Request syntax and signature method V2 for RPC APIs"
 * (https://alibabacloud.com/help/doc-detail/25488.htm), aliyun/alibaba-cloud-sdk-go `sdk/auth/rpc_signature_composer.go`, and
 * `@alicloud/pop-core` 1.8.0 `lib/rpc.js` (`encode`, `normalize`). test/unit/fakes/cms-signature.test.ts checks
 * Alibaba's published example and two CloudMonitor vectors computed with pop-core 1.8.0.
 */
import { createHmac } from 'node:crypto';

/**
 * Percent-encodes one name or value with Alibaba's RFC 3986 rule (https://alibabacloud.com/help/doc-detail/25488.htm; pop-core `lib/rpc.js` `encode`).
 *
 * Only `A–Z a–z 0–9 - _ . ~` stay literal; everything else is UTF-8 encoded as `%XY` with upper-case
 * hex; space becomes `%20` (never `+`), `*` becomes `%2A`, `!'()` become `%21 %27 %28 %29`.
 * Identical to pop-core's `encode()` (`encodeURIComponent` plus those five replacements).
 *
 * @param s any string
 * @returns the encoded string
 * @throws URIError when `s` holds a lone UTF-16 surrogate (same as pop-core: `encodeURIComponent` throws)
 */
export function percentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Code-unit (UTF-16) comparison, the order JavaScript's default `Array.prototype.sort` uses and the
 * case-sensitive sort by parameter name that Alibaba's signature doc asks for (https://alibabacloud.com/help/doc-detail/25488.htm). Never `localeCompare`.
 */
function compareCodeUnits(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

/**
 * Builds the canonicalised query string (https://alibabacloud.com/help/doc-detail/25488.htm).
 *
 * @param params decoded request parameters (query and form body merged). `Signature` is dropped;
 *   every other parameter is kept, including unknown ones and empty values (signed as `Name=`).
 * @returns `pct(name)=pct(value)` pairs sorted by raw name in code-unit order, joined with `&`
 * @throws URIError if a name or value holds a lone surrogate
 */
export function canonicalize(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((name) => name !== 'Signature')
    .sort(compareCodeUnits)
    .map((name) => `${percentEncode(name)}=${percentEncode(params[name] ?? '')}`)
    .join('&');
}

/**
 * Builds the string to sign: `METHOD + "&" + pct("/") + "&" + pct(canonical)` (https://alibabacloud.com/help/doc-detail/25488.htm).
 *
 * @param method HTTP method actually used (`GET` or `POST`); upper-cased like pop-core does (`lib/rpc.js`)
 * @param params decoded request parameters; `Signature` is ignored
 * @returns the string to sign, e.g. `GET&%2F&AccessKeyId%3Dtestid%26…`
 */
export function stringToSign(method: string, params: Record<string, string>): string {
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonicalize(params))}`;
}

/**
 * Computes the RPC signature (https://alibabacloud.com/help/doc-detail/25488.htm).
 *
 * @param method HTTP method (`GET` | `POST`)
 * @param params decoded request parameters; `Signature` is ignored
 * @param accessKeySecret the AccessKey secret; the HMAC key is `accessKeySecret + "&"`
 * @returns `Base64(HMAC-SHA1(secret + "&", UTF-8(stringToSign)))`, not percent-encoded (e.g. `OLeaidS1JvxuMvnyHOwuJ+uX5qY=`)
 */
export function computeSignature(method: string, params: Record<string, string>, accessKeySecret: string): string {
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign(method, params), 'utf8').digest('base64');
}

/**
 * Builds a signed wire string exactly as pop-core does (@alicloud/pop-core 1.8.0 `lib/rpc.js` `request()`): the
 * canonical string followed by `&Signature=<pct(signature)>` (appended last, not sorted in).
 * Usable as a POST form body or as a GET query string; lets tests craft requests without pop-core.
 *
 * @param method HTTP method the request will be sent with
 * @param params all parameters to send (common ones included), without `Signature`
 * @param accessKeySecret the AccessKey secret to sign with
 * @returns the encoded `k=v&…&Signature=…` string
 */
export function buildSignedQuery(method: string, params: Record<string, string>, accessKeySecret: string): string {
  const signature = computeSignature(method, params, accessKeySecret);
  return `${canonicalize(params)}&Signature=${percentEncode(signature)}`;
}
