import { canTransition, refundTransitions, type RefundStatus } from '@mall/shared';
import { findOrderForPayment } from '../orders';
import { forUpdate, withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import type { RefundFailed, RefundSucceeded } from '../../platform/events/event-types';
import { Payment } from './payment.model';
import { Refund } from './refund.model';

export type RefundChange = 'changed' | 'unchanged';

/**
 * Moves a refund to what the platform reported (answer, notification or query), once: a repeated report, or one
 * that arrives after a final state, changes nothing. Closed and failed refunds give their amount back to the
 * payment; a success announces `refund.succeeded` (outbox, same transaction) and marks a fully refunded payment.
 */
export async function applyRefundState(
  deps: PlatformDeps,
  refundNo: string,
  to: RefundStatus,
  info: { providerRefundId?: string; error?: string; source: string },
): Promise<RefundChange> {
  return withTx(deps.sequelize, async (tx) => {
    const refund = await Refund.findOne({ where: { refundNo }, ...forUpdate(tx) });
    if (!refund) return 'unchanged';
    if (refund.status === to || !canTransition(refundTransitions, refund.status, to)) {
      if (refund.status !== to) {
        deps.logger.warn({ refundNo, from: refund.status, to, source: info.source }, 'refund report ignored');
      }
      return 'unchanged';
    }
    const payment = await Payment.findByPk(refund.paymentId, forUpdate(tx));
    if (!payment) return 'unchanged';
    await refund.update(
      {
        status: to,
        providerRefundId: info.providerRefundId ?? refund.providerRefundId,
        lastError: info.error?.slice(0, 200) ?? refund.lastError,
        succeededAt: to === 'succeeded' ? new Date() : refund.succeededAt,
      },
      { transaction: tx },
    );
    if (to === 'closed' || to === 'failed') {
      await payment.update({ refundedFen: payment.refundedFen - refund.amountFen }, { transaction: tx });
      await deps.events.record<RefundFailed>(tx, 'refund.failed', refund.refundNo, {
        refundNo: refund.refundNo,
        businessKey: refund.businessKey,
        orderNo: refund.orderNo,
        status: to,
        error: refund.lastError ?? null,
      });
    }
    if (to === 'succeeded') {
      const succeededFen =
        ((await Refund.sum('amountFen', {
          where: { paymentId: payment.id, status: 'succeeded' },
          transaction: tx,
        })) as number | null) ?? 0;
      if (Number(succeededFen) === payment.amountFen && payment.status === 'succeeded') {
        await payment.update({ status: 'refunded' }, { transaction: tx });
      }
      const order = await findOrderForPayment(refund.orderNo, undefined, tx);
      await deps.events.record<RefundSucceeded>(tx, 'refund.succeeded', refund.refundNo, {
        refundNo: refund.refundNo,
        orderNo: refund.orderNo,
        orderId: refund.orderId,
        memberId: order?.memberId ?? refund.memberId ?? 0,
        channel: refund.channel,
        refundFen: refund.amountFen,
        lines: JSON.parse(refund.linesJson) as RefundSucceeded['lines'],
        reason: refund.reason,
        referrerChain: order?.referrerChain ?? [],
      });
    }
    return 'changed';
  });
}
