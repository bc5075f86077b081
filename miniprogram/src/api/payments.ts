import { sandboxWechatPayConfirm, syncPayment as syncRoute, wechatPrepay as prepayRoute } from '@mall/shared';
import { call } from './client';

export const wechatPrepay = (orderNo: string) => call(prepayRoute, { body: { orderNo } });

export const syncPayment = (orderNo: string) => call(syncRoute, { body: { orderNo } });

/** Sandbox stand-in for the WeChat cashier (H5 only): pays the prepay and makes the sandbox notify the server. */
export const confirmSandboxPayment = (prepayId: string) => call(sandboxWechatPayConfirm, { body: { prepayId } });
