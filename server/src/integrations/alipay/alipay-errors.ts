/**
 * A refusal or failure of the Alipay gateway. `code` is Alipay's sub_code (ACQ.TRADE_NOT_EXIST, ...) or its code,
 * or ours (NETWORK_ERROR, RESPONSE_BAD_SIGNATURE). The message never carries key material.
 */
export class AlipayApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AlipayApiError';
  }
}
