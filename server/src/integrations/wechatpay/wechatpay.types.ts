/** Shapes shared by the WeChat Pay v3 adapter, its sandbox twin and their callers. */
import type { PlatformBill } from '../platform-bill';

export interface WechatPayConfig {
  appId: string;
  mchId: string;
  merchantSerialNo: string;
  merchantPrivateKeyPem: string;
  /** 32 bytes (32 ASCII characters). */
  apiV3Key: string;
  /** Public-key mode: id like PUB_KEY_ID_0114... with the pub_key.pem text. */
  platformPublicKeys: { id: string; pem: string }[];
  /** Certificate mode: platform certificate serial with the certificate PEM text. */
  platformCertificates: { serialNo: string; pem: string }[];
  /** https://api.mch.weixin.qq.com or the sandbox, e.g. http://127.0.0.1:3000/sandbox/wechatpay */
  baseUrl: string;
  notifyUrl: string;
}

export interface VerifiedNotification {
  id: string;
  eventType: string;
  resourceType: string;
  /** The decrypted resource JSON (a transaction for TRANSACTION.*, a refund for REFUND.*). */
  resource: Record<string, unknown>;
}

export interface JsapiPrepayInput {
  outTradeNo: string;
  description: string;
  amountFen: number;
  openid: string;
  expiresAt: Date;
  attach?: string;
}

export interface TransactionQueryResult {
  /** SUCCESS, REFUND, NOTPAY, CLOSED, REVOKED, USERPAYING, PAYERROR */
  tradeState: string;
  transactionId?: string;
  amountFen?: number;
  payerOpenid?: string;
  successTime?: string;
}

/** The parameters wx.requestPayment takes, signed with the merchant key. */
export interface RequestPaymentParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

export interface WechatPayGateway {
  jsapiPrepay(input: JsapiPrepayInput): Promise<{ prepayId: string }>;
  /** null when WeChat Pay has no such order (ORDER_NOT_EXIST). */
  queryByOutTradeNo(outTradeNo: string): Promise<TransactionQueryResult | null>;
  close(outTradeNo: string): Promise<void>;
  requestPaymentParams(prepayId: string): RequestPaymentParams;
  /**
   * POST /v3/refund/domestic/refunds. A 200 means accepted (status PROCESSING, sometimes SUCCESS already); the end
   * comes by REFUND.* notification or queryRefund. The same out_refund_no never refunds twice.
   */
  refund(input: RefundInput): Promise<RefundResult>;
  /** GET /v3/refund/domestic/refunds/{out_refund_no}; null when WeChat Pay has no such refund. */
  queryRefund(outRefundNo: string): Promise<RefundResult | null>;
  /**
   * The ALL trade bill of a day (GET /v3/bill/tradebill, then its download_url): gunzipped, its SHA-1 checked,
   * parsed. No trade that day is an empty bill; not made yet (STATEMENT_CREATING) or a hash that does not match
   * throw BillUnavailableError.
   */
  tradeBill(billDate: string): Promise<PlatformBill>;
}

export interface RefundInput {
  outTradeNo: string;
  outRefundNo: string;
  refundFen: number;
  totalFen: number;
  reason: string;
}

export interface RefundResult {
  /** SUCCESS | CLOSED | PROCESSING | ABNORMAL */
  status: string;
  refundId?: string;
  refundFen?: number;
}

export interface SandboxKeyMaterial {
  appId: string;
  mchId: string;
  merchantSerialNo: string;
  merchantPrivateKeyPem: string;
  merchantCertificatePem: string;
  apiV3Key: string;
  platformPrivateKeyPem: string;
  platformPublicKeyPem: string;
  platformPublicKeyId: string;
  platformCertificatePem: string;
  platformCertificateSerialNo: string;
  appSecret: string;
}

/** A merchant transfer (商家转账) to a member's WeChat balance, the 2025 "user confirms" version. */
export interface TransferBillInput {
  /** Our idempotency key at WeChat Pay: the same number never pays twice. [0-9A-Za-z]{5,32} */
  outBillNo: string;
  openid: string;
  amountFen: number;
  /** Shown to the member, at most 32 characters. */
  remark: string;
  sceneId: string;
  reportInfos: ReadonlyArray<{ infoType: string; infoContent: string }>;
  /** The payee's real name: required from 2,000 yuan; encrypted before it leaves. */
  userName?: string;
  userRecvPerception?: string;
  notifyUrl: string;
}

export interface TransferBill {
  outBillNo: string;
  transferBillNo?: string;
  /** ACCEPTED PROCESSING WAIT_USER_CONFIRM TRANSFERING CANCELING (on the way); SUCCESS FAIL CANCELLED (final). */
  state: string;
  /** Only in WAIT_USER_CONFIRM: what wx.requestMerchantTransfer takes as `package`. */
  packageInfo?: string;
  failReason?: string;
  amountFen?: number;
  openid?: string;
  mchId?: string;
}
