import { CallDeadlineError } from './call-scheduler.js';
/**
 * A failed CloudMonitor call, with what CloudMonitor said. Built from whatever pop-core rejected with (an Error
 * with `code`/`data`, a network error, a timeout, or a plain object for non-JSON bodies: @alicloud/pop-core 1.8.0 lib/rpc.js and json-bigint).
 * `message` never holds the request URL (pop-core appends it, and with GET it carries every parameter).
 */
export class CmsError extends Error {
  /**
   * CloudMonitor's error code (e.g. `InvalidParameterValue`, `Throttling.User`), or ours: `Timeout`, `NetworkError`,
   * `BadResponse`, `SuccessFalse`, and for contact groups `ContactGroupFull`, `ContactGroupWouldBeEmpty`,
   * `ContactGroupNotUpdated`.
   */
  readonly code: string;
  /** CloudMonitor's RequestId, when it sent one. */
  readonly requestId: string | undefined;
  /** HTTP status of the answer, when there was one. */
  readonly httpStatus: number | undefined;

  constructor(details: { code: string; message: string; requestId?: string; httpStatus?: number; cause?: unknown }) {
    super(details.message, { cause: details.cause });
    this.name = 'CmsError';
    this.code = details.code;
    this.requestId = details.requestId;
    this.httpStatus = details.httpStatus;
  }

  /**
   * Whether another try may succeed: throttling, 5xx, network errors and unreadable answers (retry classification
   * as the Terraform provider's `NeedRetry` (aliyun/terraform-provider-alicloud); Alibaba's POP common error codes:
   * https://help.aliyun.com/document_detail/51132.html). 4xx answers are final. A timeout is retryable only for reads:
   * for writes its outcome is unknown (see {@link CmsError.isTimeout}).
   */
  get retryable(): boolean {
    if (/^Throttling/.test(this.code) || this.code === 'ServiceUnavailable' || this.code === 'InternalError')
      return true;
    if (this.code === 'NetworkError' || this.code === 'BadResponse' || this.code === 'Timeout') return true;
    return this.httpStatus !== undefined && this.httpStatus >= 500;
  }

  /** True when the call timed out: the server may or may not have applied it (httpx 2.3.3's ReadTimeout: a write may or may not have been applied). */
  get isTimeout(): boolean {
    return this.code === 'Timeout';
  }
}

const stripUrl = (message: string) =>
  message
    .replace(/,? ?URL: \S+$/, '')
    .replace(/(GET|POST) \S+ failed\.$/, '')
    .trim();

/**
 * Turns anything pop-core rejects with into a {@link CmsError} (@alicloud/pop-core 1.8.0 lib/rpc.js; json-bigint rejects non-JSON bodies with a plain object).
 * @param thrown the rejection value, of any type
 */
export function asCmsError(thrown: unknown): CmsError {
  if (thrown instanceof CmsError) return thrown;
  if (thrown instanceof CallDeadlineError)
    return new CmsError({ code: thrown.code, message: thrown.message, cause: thrown });
  const value = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as Record<string, unknown>;
  const data = (typeof value.data === 'object' && value.data !== null ? value.data : {}) as Record<string, unknown>;
  const entry = value.entry as { response?: { statusCode?: number } } | undefined;
  const httpStatus = entry?.response?.statusCode;
  const requestId = typeof data.RequestId === 'string' ? data.RequestId : undefined;
  const message = typeof value.message === 'string' ? stripUrl(value.message) : String(thrown);
  if (typeof data.Code === 'string' || typeof data.Code === 'number') {
    // SignatureDoesNotMatch echoes the whole string-to-sign (every parameter: phone, e-mail): keep only the sentence.
    const cmsMessage = (typeof data.Message === 'string' ? data.Message : message).replace(
      /\s*server string to sign is:[\s\S]*$/,
      '',
    );
    return new CmsError({ code: String(data.Code), message: cmsMessage, requestId, httpStatus, cause: thrown });
  }
  if (value.name === 'RequestTimeoutError') {
    return new CmsError({ code: 'Timeout', message: 'CloudMonitor did not answer in time', cause: thrown });
  }
  if (value.name === 'SyntaxError' || !(thrown instanceof Error)) {
    return new CmsError({
      code: 'BadResponse',
      message: 'CloudMonitor sent an answer that is not JSON (a gateway error page?)',
      httpStatus,
      cause: thrown,
    });
  }
  if (typeof value.code === 'string' && /^E[A-Z_]+$/.test(value.code)) {
    return new CmsError({
      code: 'NetworkError',
      message: `Could not reach CloudMonitor (${value.code})`,
      cause: thrown,
    });
  }
  return new CmsError({ code: 'UnknownError', message, cause: thrown });
}
