/** Alipay (OpenAPI v2 gateway): outgoing calls, notification verification, and the sandbox twin. The only door. */
export type { AlipayConfig, AlipayGateway, AlipayTradeQueryResult } from './alipay.types';
export { AlipayApiError } from './alipay-errors';
export { createAlipayGateway } from './alipay-gateway';
export { ensureAlipaySandboxKeys, type AlipaySandboxKeys } from './sandbox-keys';
export { createAlipaySandboxRouter, ALIPAY_SANDBOX_PATH } from './alipay-sandbox.routes';
export { signNotificationForm } from './alipay-sign';
