/** WeChat Pay v3: outgoing calls, notification verification, and the sandbox twin. The only door. */
export type {
  JsapiPrepayInput,
  RefundInput,
  RefundResult,
  RequestPaymentParams,
  SandboxKeyMaterial,
  TransactionQueryResult,
  TransferBill,
  TransferBillInput,
  VerifiedNotification,
  WechatPayConfig,
  WechatPayGateway,
} from './wechatpay.types';
export { NotifyRejected, WechatPayApiError, type NotifyRejectReason } from './wechatpay-errors';
export { verifyNotification } from './notify-verifier';
export { checkTransactionMatches, type TransactionMismatch } from './transaction-check';
export { createWechatPayGateway } from './wechatpay-gateway';
export { ensureSandboxKeys } from './sandbox-keys';
export { createWechatPaySandboxRouter, WECHATPAY_SANDBOX_PATH } from './wechatpay-sandbox.routes';
export { signNotificationForTest } from './notification-signer';
export { createMerchantTransfers, TRANSFER_REAL_NAME_FROM_FEN, type MerchantTransfers } from './merchant-transfer';
