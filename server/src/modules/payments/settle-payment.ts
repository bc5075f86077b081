import { assertTransition, paymentTransitions } from '@mall/shared';
import { findOrderForPayment, type PaymentSettler } from '../orders';
import { forUpdate, withTx } from '../../platform/db/database';
import { AlipayApiError } from '../../integrations/alipay';
import { WechatPayApiError } from '../../integrations/wechatpay';
import { applyPaidTransaction, type ApplyOutcome } from './apply-payment';
import { OfflineTransfer } from './refund.model';
import { Payment } from './payment.model';
import type { PaymentsDeps } from './payments-deps';

type QueryOutcome = ApplyOutcome | 'unpaid' | 'missing';

/** Beijing "yyyy-MM-dd HH:mm:ss" (Alipay) as an ISO instant. */
export const alipayTimeToIso = (text?: string) => (text ? `${text.replace(' ', 'T')}+08:00` : undefined);

/**
 * 主动查单: asks the payment's platform for the trade's state and records a success we have not heard of.
 * Used when the client returns before the notification, and before an unpaid order is cancelled.
 */
export async function queryAndApply(deps: PaymentsDeps, payment: Payment): Promise<QueryOutcome> {
  if (payment.channel === 'wechatpay') {
    const trade = await deps.wechatpay.queryByOutTradeNo(payment.outTradeNo);
    if (!trade) return 'missing';
    if ((trade.tradeState !== 'SUCCESS' && trade.tradeState !== 'REFUND') || !trade.transactionId) return 'unpaid';
    return applyPaidTransaction(
      deps,
      {
        outTradeNo: payment.outTradeNo,
        transactionId: trade.transactionId,
        amountFen: trade.amountFen ?? -1,
        payerOpenid: trade.payerOpenid,
        successTime: trade.successTime,
      },
      'wechatpay:query',
    );
  }
  if (payment.channel === 'alipay' && deps.alipay) {
    const trade = await deps.alipay.query(payment.outTradeNo);
    if (!trade) return 'missing';
    const isPaid = trade.tradeStatus === 'TRADE_SUCCESS' || trade.tradeStatus === 'TRADE_FINISHED';
    if (!isPaid || !trade.tradeNo) return 'unpaid';
    return applyPaidTransaction(
      deps,
      {
        outTradeNo: payment.outTradeNo,
        transactionId: trade.tradeNo,
        amountFen: trade.totalFen ?? -1,
        payerOpenid: trade.buyerId,
        successTime: alipayTimeToIso(trade.paidAt),
      },
      'alipay:query',
    );
  }
  return 'unpaid';
}

async function markClosed(deps: PaymentsDeps, paymentId: number) {
  await withTx(deps.sequelize, async (tx) => {
    const locked = await Payment.findByPk(paymentId, forUpdate(tx));
    if (!locked || locked.status !== 'pending') return;
    assertTransition('payment', paymentTransitions, locked.status, 'closed');
    await locked.update({ status: 'closed' }, { transaction: tx });
  });
}

/** A close refused because the trade was paid meanwhile (the ORDERPAID race). */
const isPaidMeanwhile = (error: unknown) =>
  (error instanceof WechatPayApiError && error.code === 'ORDERPAID') ||
  (error instanceof AlipayApiError && error.code === 'ACQ.TRADE_STATUS_ERROR');

/**
 * Closes one pending online attempt at its platform so no money can arrive on it. A close that answers "already
 * paid" (ORDERPAID, ACQ.TRADE_STATUS_ERROR) is followed by a query: the money is recorded and the order ends paid.
 */
async function closeAttempt(deps: PaymentsDeps, payment: Payment): Promise<'paid' | 'closed'> {
  const before = await queryAndApply(deps, payment);
  if (before === 'paid' || before === 'duplicate') return 'paid';
  if (before === 'paid_after_cancel') return 'closed'; // refunded by itself; this order is not paid by it
  try {
    if (payment.channel === 'wechatpay') await deps.wechatpay.close(payment.outTradeNo);
    else if (payment.channel === 'alipay' && deps.alipay) await deps.alipay.close(payment.outTradeNo);
  } catch (error) {
    if (!isPaidMeanwhile(error)) throw error;
    const after = await queryAndApply(deps, payment);
    if (after === 'paid' || after === 'duplicate') return 'paid';
    throw error;
  }
  await markClosed(deps, payment.id);
  return 'closed';
}

export function createPaymentSettler(deps: PaymentsDeps): PaymentSettler {
  return {
    async settleBeforeCancel(orderNo, by) {
      const order = await findOrderForPayment(orderNo);
      if (!order) return 'unpaid';
      const payments = await Payment.findAll({ where: { orderId: order.orderId }, order: [['id', 'ASC']] });
      if (payments.some((p) => p.status === 'succeeded')) return 'paid';
      for (const payment of payments.filter((p) => p.status === 'pending')) {
        if (payment.channel === 'offline') {
          const transfer = await OfflineTransfer.findOne({ where: { paymentId: payment.id } });
          const underReview = transfer?.status === 'proof_uploaded' || transfer?.status === 'first_confirmed';
          const inTime = transfer !== null && transfer.deadlineAt.getTime() > Date.now();
          if (underReview || (by.isTimeout && inTime)) return 'wait';
          await markClosed(deps, payment.id);
          continue;
        }
        if ((await closeAttempt(deps, payment)) === 'paid') return 'paid';
      }
      return 'unpaid';
    },
  };
}
