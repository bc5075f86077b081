import { assertTransition, paymentTransitions } from '@mall/shared';
import { findOrderForPayment, type PaymentSettler } from '../orders';
import { forUpdate, withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { WechatPayApiError, type WechatPayGateway } from '../../integrations/wechatpay';
import { applyPaidTransaction, type ApplyOutcome } from './apply-payment';
import { Payment } from './payment.model';

type Deps = PlatformDeps & { wechatpay: WechatPayGateway };

/**
 * 主动查单: asks WeChat Pay for the trade's state and records a success we have not heard of.
 * Used when the client returns before the notification, and before an unpaid order is cancelled.
 */
export async function queryAndApply(deps: Deps, payment: Payment): Promise<ApplyOutcome | 'unpaid' | 'missing'> {
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

async function markClosed(deps: Deps, paymentId: number) {
  await withTx(deps.sequelize, async (tx) => {
    const locked = await Payment.findByPk(paymentId, forUpdate(tx));
    if (!locked || locked.status !== 'pending') return;
    assertTransition('payment', paymentTransitions, locked.status, 'closed');
    await locked.update({ status: 'closed' }, { transaction: tx });
  });
}

export function createPaymentSettler(deps: Deps): PaymentSettler {
  return {
    async settleBeforeCancel(orderNo) {
      const order = await findOrderForPayment(orderNo);
      const payment = order && (await Payment.findOne({ where: { orderId: order.orderId, channel: 'wechatpay' } }));
      if (!payment) return 'unpaid';
      if (payment.status === 'succeeded') return 'paid';
      if (payment.status !== 'pending') return 'unpaid';
      const before = await queryAndApply(deps, payment);
      if (before === 'paid' || before === 'duplicate') return 'paid';
      if (before === 'unpaid') {
        try {
          await deps.wechatpay.close(payment.outTradeNo);
        } catch (error) {
          // paid while we were closing: record the money instead of cancelling
          if (error instanceof WechatPayApiError && error.code === 'ORDERPAID') {
            const after = await queryAndApply(deps, payment);
            if (after === 'paid' || after === 'duplicate') return 'paid';
          }
          throw error;
        }
      }
      await markClosed(deps, payment.id);
      return 'unpaid';
    },
  };
}
