import type { PaymentChannel } from '@mall/shared';
import { findOrderForPayment, type OrderForPaymentView } from '../orders';
import { withTx } from '../../platform/db/database';
import { DomainError, NotFoundError } from '../../platform/errors';
import type { PlatformDeps } from '../../platform/deps';
import { Payment } from './payment.model';

/** out_trade_no per channel: one attempt per order and channel, reused on every retry of that channel. */
export function outTradeNoFor(orderNo: string, channel: PaymentChannel): string {
  if (channel === 'wechatpay') return orderNo; // kept as before: WeChat Pay already knows these numbers
  return `${orderNo}${channel === 'alipay' ? 'AL' : 'OF'}`;
}

/**
 * The member's unpaid order and its payment row on `channel`, written before any platform is called, so a retry
 * reuses the same out_trade_no and the platform sees one trade, never two. Another member's order is a 404.
 */
export async function openPaymentAttempt(
  deps: PlatformDeps,
  memberId: number,
  orderNo: string,
  channel: PaymentChannel,
): Promise<{ order: OrderForPaymentView; payment: Payment }> {
  const order = await findOrderForPayment(orderNo, memberId);
  if (!order) throw new NotFoundError('This order', 'orderNo');
  if (order.status !== 'pending_payment') {
    throw new DomainError(
      'ORDER_NOT_PAYABLE',
      `This order is ${order.status}, not waiting for payment`,
      409,
      'orderNo',
    );
  }
  if (order.expiresAt.getTime() <= Date.now() && channel !== 'offline') {
    throw new DomainError('ORDER_EXPIRED', 'This order passed its payment deadline', 409, 'orderNo');
  }
  const payment = await withTx(deps.sequelize, async (tx) => {
    const [row] = await Payment.findOrCreate({
      where: { orderId: order.orderId, channel },
      defaults: {
        orderId: order.orderId,
        orderNo: order.orderNo,
        memberId,
        channel,
        outTradeNo: outTradeNoFor(order.orderNo, channel),
        status: 'pending',
        amountFen: order.payableFen,
        prepayId: null,
        prepayExpiresAt: null,
      },
      transaction: tx,
    });
    return row;
  });
  if (payment.status !== 'pending') {
    throw new DomainError('ORDER_NOT_PAYABLE', 'This order is already paid or its payment closed', 409, 'orderNo');
  }
  return { order, payment };
}
