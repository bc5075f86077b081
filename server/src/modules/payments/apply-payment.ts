import type { Transaction } from 'sequelize';
import { assertTransition, paymentTransitions } from '@mall/shared';
import { markOrderPaid } from '../orders';
import { forUpdate, withTx } from '../../platform/db/database';
import { DomainError } from '../../platform/errors';
import type { PlatformDeps } from '../../platform/deps';
import { Payment } from './payment.model';
import { requestRefund } from './request-refund';

export interface PaidTransaction {
  outTradeNo: string;
  transactionId: string;
  amountFen: number;
  payerOpenid?: string;
  successTime?: string;
}

export type ApplyOutcome = 'paid' | 'duplicate' | 'paid_after_cancel';

/**
 * Records money that the platform confirmed (a verified notification or an active query), once.
 * The payment row lock serializes concurrent copies of one notification: the first moves the payment and the
 * order; every later copy finds the payment succeeded and changes nothing.
 */
export async function applyPaidTransaction(
  deps: PlatformDeps,
  paid: PaidTransaction,
  source: string,
): Promise<ApplyOutcome> {
  return withTx(deps.sequelize, async (tx) => {
    const payment = await Payment.findOne({ where: { outTradeNo: paid.outTradeNo }, ...forUpdate(tx) });
    if (!payment) throw new DomainError('UNKNOWN_OUT_TRADE_NO', `No payment ${paid.outTradeNo}`, 404);
    return applyPaidToLockedPayment(deps, tx, payment, paid, source);
  });
}

/** The same, for a caller that already holds the payment's row lock in `tx` (an admin confirming a transfer). */
export async function applyPaidToLockedPayment(
  deps: PlatformDeps,
  tx: Transaction,
  payment: Payment,
  paid: PaidTransaction,
  source: string,
): Promise<ApplyOutcome> {
  if (payment.status === 'succeeded' || payment.status === 'refunded') return 'duplicate';
  if (paid.amountFen !== payment.amountFen) {
    throw new DomainError('AMOUNT_MISMATCH', `Paid ${paid.amountFen} fen, expected ${payment.amountFen}`, 400);
  }
  assertTransition('payment', paymentTransitions, payment.status, 'succeeded');
  const paidAt =
    paid.successTime && !Number.isNaN(Date.parse(paid.successTime)) ? new Date(paid.successTime) : new Date();
  // the order row lock (taken here) and the payment row lock serialize every path that settles this order
  const order = await markOrderPaid(deps, tx, payment.orderId, {
    paidFen: paid.amountFen,
    paidAt,
    actor: source,
    reason: `paid ${paid.transactionId}`,
  });
  if (!order) throw new DomainError('ORDER_MISSING', `Payment ${paid.outTradeNo} has no order`, 500);
  const isOrderOpen = order.status === 'pending_payment';
  await payment.update(
    {
      status: 'succeeded',
      transactionId: paid.transactionId,
      payerOpenid: paid.payerOpenid ?? null,
      paidAt,
      // the order was cancelled (stock released), or already paid on another channel: the money must go back
      needsRefund: !isOrderOpen,
    },
    { transaction: tx },
  );
  if (isOrderOpen) return 'paid';
  deps.logger.warn(
    { outTradeNo: paid.outTradeNo, orderStatus: order.status },
    'payment arrived for an order that is no longer waiting for it; refunding it',
  );
  // in the same transaction: the money is recorded and its way back is on record, or neither
  await requestRefund(
    deps,
    {
      businessKey: `late-payment:${payment.id}`,
      orderNo: order.orderNo,
      paymentId: payment.id,
      amountFen: payment.amountFen,
      reason: order.status === 'cancelled' ? '订单已取消，款项原路退回' : '订单已支付，重复付款原路退回',
      actor: 'system:late-payment',
    },
    tx,
  );
  return 'paid_after_cancel';
}
