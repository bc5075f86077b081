/** Shapes shared by the Alipay adapter, its sandbox twin and their callers. */
import type { PlatformBill } from '../platform-bill';

export interface AlipayConfig {
  appId: string;
  /** The merchant's Alipay user id (2088...), seller_id in notifications. */
  sellerId: string;
  appPrivateKeyPem: string;
  alipayPublicKeyPem: string;
  /** https://openapi.alipay.com/gateway.do or the sandbox's /sandbox/alipay/gateway.do */
  gateway: string;
  notifyUrl: string;
  returnUrl: string;
}

/** WAIT_BUYER_PAY, TRADE_CLOSED (unpaid timeout or fully refunded), TRADE_SUCCESS, TRADE_FINISHED. */
export interface AlipayTradeQueryResult {
  tradeStatus: string;
  tradeNo?: string;
  totalFen?: number;
  buyerId?: string;
  paidAt?: string;
}

export interface AlipayGateway {
  /** alipay.trade.create (JSAPI_PAY) for an Alipay mini-program buyer: the trade_no for my.tradePay. */
  createTrade(input: {
    outTradeNo: string;
    amountFen: number;
    subject: string;
    buyerOpenId: string;
    expiresAt: Date;
  }): Promise<{ tradeNo: string }>;
  /** alipay.trade.wap.pay: a page API, so no call is made; answers the signed cashier URL to open. */
  wapPayUrl(input: {
    outTradeNo: string;
    amountFen: number;
    subject: string;
    expiresAt: Date;
    returnUrl?: string;
  }): string;
  /** null when Alipay has no such trade (ACQ.TRADE_NOT_EXIST: a wap trade exists only once the cashier opened). */
  query(outTradeNo: string): Promise<AlipayTradeQueryResult | null>;
  /** Nothing to close is fine; a paid trade throws AlipayApiError ACQ.TRADE_STATUS_ERROR. */
  close(outTradeNo: string): Promise<void>;
  /** alipay.trade.refund; out_request_no is the idempotency key (the same number never refunds twice). */
  refund(input: {
    outTradeNo: string;
    outRequestNo: string;
    refundFen: number;
    reason: string;
  }): Promise<{ fundChange: boolean }>;
  /** alipay.trade.fastpay.refund.query: true when REFUND_SUCCESS. */
  refundSucceeded(outTradeNo: string, outRequestNo: string): Promise<boolean>;
  /**
   * The trade bill of a day (alipay.data.dataservice.bill.downloadurl.query, bill_type trade, then its 30-second
   * URL): the zip's detail file, parsed. No trade that day is an empty bill.
   */
  tradeBill(billDate: string): Promise<PlatformBill>;
  /** checkNotifySignV2 over the parsed form (raw values, no second decoding). */
  verifyNotification(form: Record<string, string>): boolean;
}
