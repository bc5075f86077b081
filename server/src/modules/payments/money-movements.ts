import { Op } from 'sequelize';
import type { PaymentChannel } from '@mall/shared';
import { Payment } from './payment.model';
import { Refund } from './refund.model';

/** Money that came in: a payment the platform confirmed, at the time the money arrived. */
export interface MoneyInView {
  paymentId: number;
  orderId: number;
  orderNo: string;
  memberId: number | null;
  channel: PaymentChannel;
  outTradeNo: string;
  transactionId: string | null;
  amountFen: number;
  at: Date;
}

/** Money that went back: a refund the platform confirmed, at the time it succeeded. */
export interface MoneyOutView {
  refundId: number;
  refundNo: string;
  orderId: number;
  orderNo: string;
  memberId: number | null;
  channel: PaymentChannel;
  amountFen: number;
  at: Date;
}

/**
 * Payments that arrived and refunds that succeeded in [from, to), oldest first (issue 11, finance reports). A
 * payment later refunded stays money in; its refund is money out on its own day.
 */
export async function moneyMovementsBetween(
  from: Date,
  to: Date,
  channel?: PaymentChannel,
): Promise<{ payments: MoneyInView[]; refunds: MoneyOutView[] }> {
  const payments = await Payment.findAll({
    where: {
      status: ['succeeded', 'refunded'],
      paidAt: { [Op.gte]: from, [Op.lt]: to },
      ...(channel ? { channel } : {}),
    },
    order: [
      ['paidAt', 'ASC'],
      ['id', 'ASC'],
    ],
  });
  const refunds = await Refund.findAll({
    where: {
      status: 'succeeded',
      succeededAt: { [Op.gte]: from, [Op.lt]: to },
      ...(channel ? { channel } : {}),
    },
    order: [
      ['succeededAt', 'ASC'],
      ['id', 'ASC'],
    ],
  });
  return {
    payments: payments.map((p) => ({
      paymentId: p.id,
      orderId: p.orderId,
      orderNo: p.orderNo ?? p.outTradeNo.slice(0, 20),
      memberId: p.memberId,
      channel: p.channel,
      outTradeNo: p.outTradeNo,
      transactionId: p.transactionId ?? null,
      amountFen: p.amountFen,
      at: p.paidAt!,
    })),
    refunds: refunds.map((r) => ({
      refundId: r.id,
      refundNo: r.refundNo,
      orderId: r.orderId,
      orderNo: r.orderNo,
      memberId: r.memberId,
      channel: r.channel,
      amountFen: r.amountFen,
      at: r.succeededAt!,
    })),
  };
}
