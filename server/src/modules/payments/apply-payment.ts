import { assertTransition, paymentTransitions } from '@mall/shared';
import { markOrderPaid } from '../orders';
import { forUpdate, withTx } from '../../platform/db/database';
import { DomainError } from '../../platform/errors';
import type { PlatformDeps } from '../../platform/deps';
import { Payment } from './payment.model';

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
    if (payment.status === 'succeeded' || payment.status === 'refunded') return 'duplicate';
    if (paid.amountFen !== payment.amountFen) {
      throw new DomainError('AMOUNT_MISMATCH', `Paid ${paid.amountFen} fen, expected ${payment.amountFen}`, 400);
    }
    assertTransition('payment', paymentTransitions, payment.status, 'succeeded');
    const paidAt = paid.successTime ? new Date(paid.successTime) : new Date();
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
        // the order was cancelled (stock released) before the money came: the money must go back
        needsRefund: !isOrderOpen,
      },
      { transaction: tx },
    );
    if (!isOrderOpen) {
      deps.logger.error(
        { outTradeNo: paid.outTradeNo, orderStatus: order.status },
        'payment arrived for a closed order; refund required',
      );
      return 'paid_after_cancel';
    }
    return 'paid';
  });
}
