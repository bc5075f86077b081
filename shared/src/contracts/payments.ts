import { z } from 'zod';
import { ORDER_STATUSES } from '../statuses';
import { access, defineRoute } from './route';
import { OrderNo } from './orders';

/** Exactly the object wx.requestPayment takes. */
export const WechatPayParams = z.object({
  appId: z.string(),
  timeStamp: z.string(),
  nonceStr: z.string(),
  package: z.string(),
  signType: z.literal('RSA'),
  paySign: z.string(),
});
export type WechatPayParams = z.infer<typeof WechatPayParams>;

export const wechatPrepay = defineRoute({
  method: 'POST',
  path: '/api/payments/wechat/prepay',
  summary: 'Create (or reuse) a WeChat Pay JSAPI prepay for an unpaid order; returns wx.requestPayment params',
  tags: ['payments'],
  access: access.member,
  body: z.object({ orderNo: OrderNo }),
  response: WechatPayParams,
});

export const syncPayment = defineRoute({
  method: 'POST',
  path: '/api/payments/wechat/sync',
  summary: 'Ask WeChat Pay for the state of an order (主动查单) when the client returns before the notification',
  tags: ['payments'],
  access: access.member,
  body: z.object({ orderNo: OrderNo }),
  response: z.object({ orderNo: OrderNo, status: z.enum(ORDER_STATUSES) }),
});

export const wechatPayNotify = defineRoute({
  method: 'POST',
  path: '/api/payments/wechat/notify',
  summary: 'WeChat Pay v3 notification (TRANSACTION.* and REFUND.*); 204 acknowledges, 4xx/5xx {code:FAIL} refuses',
  tags: ['payments'],
  access: access.platform('wechatpay'),
  status: 204,
});

/** Sandbox: the member confirms the payment in the (simulated) WeChat cashier. */
export const sandboxWechatPayConfirm = defineRoute({
  method: 'POST',
  path: '/sandbox/wechatpay/confirm',
  summary: 'Sandbox: pay a prepay_id as the WeChat cashier would; the sandbox then posts a signed notification',
  tags: ['sandbox'],
  access: access.sandbox,
  body: z.object({ prepayId: z.string().min(1), openid: z.string().min(1).optional() }),
  response: z.object({ transactionId: z.string(), notified: z.boolean() }),
});
