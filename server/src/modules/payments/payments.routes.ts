import type { Middleware } from 'koa';
import multer from 'multer';
import {
  alipayNotify,
  alipayPay,
  myOrderPayments,
  startOfflineTransfer as startOfflineTransferRoute,
  syncPayment,
  uploadOfflineProof as uploadOfflineProofRoute,
  wechatPayNotify,
  wechatPrepay,
} from '@mall/shared';
import { findOrderForPayment } from '../orders';
import { NotFoundError, ValidationError } from '../../platform/errors';
import type { ApiRouter } from '../../platform/http/api-router';
import { handleAlipayNotify } from './alipay-notify';
import { startAlipayPayment } from './alipay-pay';
import { startOfflineTransfer, uploadOfflineProof } from './offline-transfer';
import { Payment } from './payment.model';
import { memberOrderPayments } from './payment-views';
import type { PaymentsDeps } from './payments-deps';
import { queryAndApply } from './settle-payment';
import { createWechatPrepay } from './wechat-prepay';
import { handleWechatNotify } from './wechat-notify';

const proofUpload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: 5 * 1024 * 1024, files: 1, fields: 0 },
});

/** One image in the field "file" into ctx.state.upload; anything else is a 400 naming the field. */
const receiveProof: Middleware = async (ctx, next) => {
  ctx.state.upload = await new Promise<Express.Multer.File | undefined>((resolve, reject) => {
    proofUpload.single('file')(ctx.req as never, ctx.res as never, (error: unknown) =>
      error ? reject(error) : resolve((ctx.req as unknown as { file?: Express.Multer.File }).file),
    );
  }).catch(() => {
    throw new ValidationError('Send one image of at most 5 MB in the field "file"', 'file', 'PROOF_REFUSED');
  });
  await next();
};

export function registerPaymentRoutes(api: ApiRouter, deps: PaymentsDeps) {
  api.add(wechatPrepay, ({ ctx, body }) => createWechatPrepay(deps, ctx.state.member.memberId, body.orderNo));
  api.add(wechatPayNotify, ({ ctx }) => handleWechatNotify(deps, ctx));
  api.add(alipayPay, ({ ctx, body }) => startAlipayPayment(deps, ctx.state.member.memberId, body));
  api.add(alipayNotify, ({ ctx }) => handleAlipayNotify(deps, ctx));
  api.add(myOrderPayments, ({ ctx, params }) => memberOrderPayments(ctx.state.member.memberId, params.orderNo));
  api.add(startOfflineTransferRoute, ({ ctx, body }) =>
    startOfflineTransfer(deps, ctx.state.member.memberId, body.orderNo),
  );
  api.add(
    uploadOfflineProofRoute,
    ({ ctx, params }) =>
      uploadOfflineProof(deps, ctx.state.member.memberId, params.paymentId, ctx.state.upload as Express.Multer.File),
    [receiveProof],
  );
  // 主动查单 on every open attempt of the order (WeChat Pay and Alipay), whichever the member used
  api.add(syncPayment, async ({ ctx, body }) => {
    const memberId = ctx.state.member.memberId as number;
    const order = await findOrderForPayment(body.orderNo, memberId);
    if (!order) throw new NotFoundError('This order', 'orderNo');
    if (order.status === 'pending_payment') {
      const open = await Payment.findAll({ where: { orderId: order.orderId, status: 'pending' } });
      for (const payment of open.filter((p) => p.channel !== 'offline')) await queryAndApply(deps, payment);
      const now = await findOrderForPayment(body.orderNo, memberId);
      return { orderNo: order.orderNo, status: now?.status ?? order.status };
    }
    return { orderNo: order.orderNo, status: order.status };
  });
}
