import { z } from 'zod';
import { OFFLINE_TRANSFER_STATUSES, ORDER_STATUSES, PAYMENT_CHANNELS, PAYMENT_STATUSES } from '../statuses';
import { access, defineRoute, Id } from './route';
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
  body: z.object({
    prepayId: z.string().min(1),
    openid: z.string().min(1).optional(),
    force: z.boolean().optional(),
    /** false: the payment happens but its notification is lost (the daily reconciliation finds it). */
    notify: z.boolean().optional(),
  }),
  response: z.object({ transactionId: z.string(), notified: z.boolean() }),
});

// ---- Alipay, offline transfer and the member's payment view (issue 10, pay slice) ----

export const PaymentView = z.object({
  id: z.number().int(),
  orderNo: OrderNo,
  channel: z.enum(PAYMENT_CHANNELS),
  outTradeNo: z.string(),
  status: z.enum(PAYMENT_STATUSES),
  amountFen: z.number().int(),
  refundedFen: z.number().int(),
  transactionId: z.string().nullable(),
  paidAt: z.string().nullable(),
  createdAt: z.string(),
  offline: z
    .object({
      reference: z.string(),
      status: z.enum(OFFLINE_TRANSFER_STATUSES),
      hasProof: z.boolean(),
      rejectReason: z.string().nullable(),
      deadlineAt: z.string(),
    })
    .nullable(),
});
export type PaymentView = z.infer<typeof PaymentView>;

export const myOrderPayments = defineRoute({
  method: 'GET',
  path: '/api/payments/orders/:orderNo',
  summary: "The payment attempts of one of the member's orders (another member's order answers 404)",
  tags: ['payments'],
  access: access.member,
  params: z.object({ orderNo: OrderNo }),
  response: z.object({ items: z.array(PaymentView) }),
});

export const alipayPay = defineRoute({
  method: 'POST',
  path: '/api/payments/alipay/pay',
  summary:
    'Start an Alipay payment: alipay.trade.create for an Alipay mini-program buyer (answers tradeNo for my.tradePay) ' +
    'or alipay.trade.wap.pay for H5 (answers the cashier URL to open)',
  tags: ['payments'],
  access: access.member,
  body: z.discriminatedUnion('mode', [
    z.object({ orderNo: OrderNo, mode: z.literal('miniprogram'), buyerOpenId: z.string().min(1).max(128) }),
    z.object({ orderNo: OrderNo, mode: z.literal('wap'), returnUrl: z.url().optional() }),
  ]),
  response: z.object({ outTradeNo: z.string(), tradeNo: z.string().optional(), payUrl: z.string().optional() }),
});

export const alipayNotify = defineRoute({
  method: 'POST',
  path: '/api/payments/alipay/notify',
  summary: 'Alipay asynchronous notification (form-encoded); the literal "success" acknowledges, anything else refuses',
  tags: ['payments'],
  access: access.platform('alipay'),
});

export const BankAccountView = z.object({ bankName: z.string(), accountName: z.string(), accountNo: z.string() });

export const startOfflineTransfer = defineRoute({
  method: 'POST',
  path: '/api/payments/offline/start',
  summary: 'Pay an order by bank transfer: answers the receiving account and the reference to write on the transfer',
  tags: ['payments'],
  access: access.member,
  body: z.object({ orderNo: OrderNo }),
  response: z.object({ payment: PaymentView, account: BankAccountView }),
});

export const uploadOfflineProof = defineRoute({
  method: 'POST',
  path: '/api/payments/offline/:paymentId/proof',
  summary: 'Upload the bank receipt (multipart field "file": PNG, JPEG or WebP) of a bank transfer',
  tags: ['payments'],
  access: access.member,
  params: z.object({ paymentId: Id }),
  response: PaymentView,
});

export const sandboxAlipayPay = defineRoute({
  method: 'POST',
  path: '/sandbox/alipay/pay',
  summary: 'Sandbox: the buyer pays an Alipay trade (my.tradePay stand-in); the sandbox posts a signed notification',
  tags: ['sandbox'],
  access: access.sandbox,
  body: z.object({
    outTradeNo: z.string().min(1),
    force: z.boolean().optional(),
    /** false: the payment happens but its notification is lost (the daily reconciliation finds it). */
    notify: z.boolean().optional(),
  }),
  response: z.object({ tradeNo: z.string(), notified: z.boolean() }),
});
