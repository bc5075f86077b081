import { Op, type Transaction } from 'sequelize';
import type { PaymentChannel } from '@mall/shared';
import { Payment } from './payment.model';

/** The WeChat Pay transaction that paid an order, as the shipping-information upload names it. */
export interface PaidWechatTransactionView {
  outTradeNo: string;
  transactionId: string | null;
  payerOpenid: string | null;
  paidAt: Date | null;
}

/** The succeeded WeChat Pay payment of an order; null when it was paid another way (or not at all). */
export async function paidWechatTransactionOf(
  orderId: number,
  tx?: Transaction,
): Promise<PaidWechatTransactionView | null> {
  const payment = await Payment.findOne({
    where: { orderId, channel: 'wechatpay', status: 'succeeded' },
    order: [['id', 'DESC']],
    transaction: tx,
  });
  return payment
    ? {
        outTradeNo: payment.outTradeNo,
        transactionId: payment.transactionId,
        payerOpenid: payment.payerOpenid,
        paidAt: payment.paidAt,
      }
    : null;
}

/** Orders paid through a channel (the admin order search filter), newest first, at most `limit`. */
export async function orderIdsPaidVia(channel: PaymentChannel, limit = 50_000): Promise<number[]> {
  const rows = await Payment.findAll({
    where: { channel, status: { [Op.in]: ['succeeded', 'refunded'] } },
    attributes: ['orderId'],
    order: [['orderId', 'DESC']],
    limit,
  });
  return [...new Set(rows.map((r) => r.orderId))];
}

/** The channel each order was paid through (orders without a succeeded payment are absent). */
export async function paidChannelsOf(orderIds: number[]): Promise<Map<number, PaymentChannel>> {
  if (!orderIds.length) return new Map();
  const rows = await Payment.findAll({
    where: { orderId: orderIds, status: { [Op.in]: ['succeeded', 'refunded'] } },
    attributes: ['orderId', 'channel'],
  });
  return new Map(rows.map((r) => [r.orderId, r.channel]));
}

/**
 * A succeeded WeChat Pay payment by transaction id or out_trade_no, as WeChat's own records would show it. Used
 * only by the shipping-information sandbox (which must check the payment exists, like WeChat does).
 */
export async function paidWechatTradeOf(key: {
  transactionId?: string;
  outTradeNo?: string;
}): Promise<{ transactionId: string; outTradeNo: string; openid: string } | null> {
  if (!key.transactionId && !key.outTradeNo) return null;
  const payment = await Payment.findOne({
    where: {
      channel: 'wechatpay',
      status: { [Op.in]: ['succeeded', 'refunded'] },
      ...(key.transactionId ? { transactionId: key.transactionId } : { outTradeNo: key.outTradeNo }),
    },
  });
  if (!payment?.transactionId) return null;
  return { transactionId: payment.transactionId, outTradeNo: payment.outTradeNo, openid: payment.payerOpenid ?? '' };
}
