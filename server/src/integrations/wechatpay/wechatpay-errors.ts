/** Stable reasons a WeChat Pay notification is refused; the payments module maps them to logs and metrics. */
export type NotifyRejectReason =
  | 'MISSING_HEADER'
  | 'SIGNTEST_PROBE'
  | 'STALE_TIMESTAMP'
  | 'UNKNOWN_SERIAL'
  | 'BAD_SIGNATURE'
  | 'BAD_BODY'
  | 'DECRYPT_FAILED';

/** A notification that must not be trusted. Messages never carry key material. */
export class NotifyRejected extends Error {
  constructor(
    readonly reason: NotifyRejectReason,
    message: string,
  ) {
    super(message);
    this.name = 'NotifyRejected';
  }
}

/**
 * A non-2xx answer (or an unverifiable 2xx answer) from the WeChat Pay API.
 * `code` is WeChat's own code (SIGN_ERROR, ORDERPAID, PARAM_ERROR, ...) or ours (NETWORK_ERROR,
 * RESPONSE_BAD_SIGNATURE, UNEXPECTED_RESPONSE). The message is WeChat's message, never key material.
 */
export class WechatPayApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'WechatPayApiError';
  }
}
