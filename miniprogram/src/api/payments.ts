import Taro from '@tarojs/taro';
import {
  buildPath,
  type alipayPay as alipayPayContract,
  type myOrderPayments as paymentsContract,
  type PaymentView,
  type sandboxWechatPayConfirm as sandboxWechatPayConfirmContract,
  type startOfflineTransfer as offlineStartContract,
  type syncPayment as syncRouteContract,
  type uploadOfflineProof as proofContract,
  type wechatPrepay as prepayRouteContract,
} from '@mall/shared';
import { getToken } from '../stores/session';
import { withDeviceHeader } from './device';
import { API_BASE } from './base';
import { ApiError, call, route } from './client';

const sandboxWechatPayConfirm = route<typeof sandboxWechatPayConfirmContract>('POST', '/sandbox/wechatpay/confirm');
const syncRoute = route<typeof syncRouteContract>('POST', '/api/payments/wechat/sync');
const prepayRoute = route<typeof prepayRouteContract>('POST', '/api/payments/wechat/prepay');
const alipayPayRoute = route<typeof alipayPayContract>('POST', '/api/payments/alipay/pay');
const paymentsRoute = route<typeof paymentsContract>('GET', '/api/payments/orders/:orderNo');
const offlineStartRoute = route<typeof offlineStartContract>('POST', '/api/payments/offline/start');
const proofRoute = route<typeof proofContract>('POST', '/api/payments/offline/:paymentId/proof');

export const wechatPrepay = (orderNo: string) => call(prepayRoute, { body: { orderNo } });

export const syncPayment = (orderNo: string) => call(syncRoute, { body: { orderNo } });

/** Sandbox stand-in for the WeChat cashier (H5 only): pays the prepay and makes the sandbox notify the server. */
export const confirmSandboxPayment = (prepayId: string) => call(sandboxWechatPayConfirm, { body: { prepayId } });

/** H5 Alipay (alipay.trade.wap.pay): the cashier URL to open; Alipay sends the buyer back to `returnUrl`. */
export const startAlipayWap = (orderNo: string, returnUrl: string) =>
  call(alipayPayRoute, { body: { orderNo, mode: 'wap', returnUrl } });

/** The order's payment attempts (one per channel). */
export const listOrderPayments = (orderNo: string) => call(paymentsRoute, { params: { orderNo } });

/** Bank transfer: the receiving account and this order's reference (the same answer on every call). */
export const startOfflineTransfer = (orderNo: string) => call(offlineStartRoute, { body: { orderNo } });

/** The bank receipt picked with chooseImage, sent as multipart field "file"; answers the payment. */
export async function uploadTransferProof(paymentId: number, filePath: string): Promise<PaymentView> {
  const token = getToken();
  const res = await Taro.uploadFile({
    url: `${API_BASE}${buildPath(proofRoute.path, { paymentId })}`,
    filePath,
    name: 'file',
    header: await withDeviceHeader(token ? { Authorization: `Bearer ${token}` } : {}),
  });
  let data: unknown = null;
  try {
    data = JSON.parse(res.data);
  } catch {
    /* not JSON */
  }
  if (res.statusCode === 200) return data as PaymentView;
  const error = (data as { error?: { code?: string; message?: string } } | null)?.error;
  throw new ApiError(res.statusCode, error?.code ?? 'HTTP_ERROR', error?.message ?? `上传失败（${res.statusCode}）`);
}
