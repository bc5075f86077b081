import { syncPayment, wechatPayNotify, wechatPrepay } from '@mall/shared';
import { findOrderForPayment } from '../orders';
import { NotFoundError } from '../../platform/errors';
import type { ApiRouter } from '../../platform/http/api-router';
import type { PlatformDeps } from '../../platform/deps';
import type { WechatPayConfig, WechatPayGateway } from '../../integrations/wechatpay';
import { Payment } from './payment.model';
import { queryAndApply } from './settle-payment';
import { createWechatPrepay } from './wechat-prepay';
import { handleWechatNotify } from './wechat-notify';

export function registerPaymentRoutes(
  api: ApiRouter,
  deps: PlatformDeps & { wechatpay: WechatPayGateway; wechatpayConfig: WechatPayConfig },
) {
  api.add(wechatPrepay, ({ ctx, body }) => createWechatPrepay(deps, ctx.state.member.memberId, body.orderNo));
  api.add(wechatPayNotify, ({ ctx }) => handleWechatNotify(deps, ctx));
  api.add(syncPayment, async ({ ctx, body }) => {
    const memberId = ctx.state.member.memberId as number;
    const order = await findOrderForPayment(body.orderNo, memberId);
    if (!order) throw new NotFoundError('This order', 'orderNo');
    const payment = await Payment.findOne({ where: { orderId: order.orderId, channel: 'wechatpay' } });
    if (order.status === 'pending_payment' && payment?.status === 'pending') {
      await queryAndApply(deps, payment);
      const now = await findOrderForPayment(body.orderNo, memberId);
      return { orderNo: order.orderNo, status: now?.status ?? order.status };
    }
    return { orderNo: order.orderNo, status: order.status };
  });
}
