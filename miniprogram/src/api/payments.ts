import type {
  sandboxWechatPayConfirm as sandboxWechatPayConfirmContract,
  syncPayment as syncRouteContract,
  wechatPrepay as prepayRouteContract,
} from '@mall/shared';
import { call, route } from './client';

const sandboxWechatPayConfirm = route<typeof sandboxWechatPayConfirmContract>('POST', '/sandbox/wechatpay/confirm');
const syncRoute = route<typeof syncRouteContract>('POST', '/api/payments/wechat/sync');
const prepayRoute = route<typeof prepayRouteContract>('POST', '/api/payments/wechat/prepay');

export const wechatPrepay = (orderNo: string) => call(prepayRoute, { body: { orderNo } });

export const syncPayment = (orderNo: string) => call(syncRoute, { body: { orderNo } });

/** Sandbox stand-in for the WeChat cashier (H5 only): pays the prepay and makes the sandbox notify the server. */
export const confirmSandboxPayment = (prepayId: string) => call(sandboxWechatPayConfirm, { body: { prepayId } });
