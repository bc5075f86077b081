import { Op } from 'sequelize';
import { releaseStock } from '../inventory';
import { forUpdate, withTx } from '../../platform/db/database';
import { DomainError, NotFoundError } from '../../platform/errors';
import type { PlatformDeps } from '../../platform/deps';
import { Order } from './order.model';
import { transitionOrder } from './order-transitions';
import { orderViewsOf } from './order-view';
import { EXPIRE_JOB, expireJobId } from './create-order';

/**
 * Before an unpaid order is cancelled, the payment side must make sure no money can still arrive:
 * it asks the platform (主动查单) and closes the trade there. Implemented by the payments module.
 */
export interface PaymentSettler {
  /**
   * 'paid' when the platform says the money arrived (the order is then paid, not cancelled); 'wait' when a payment
   * is still legitimately under way (a bank transfer before its own deadline, or its proof under review): a timeout
   * leaves the order alone and a member's cancel is refused.
   */
  settleBeforeCancel(orderNo: string, by: { isTimeout: boolean }): Promise<'paid' | 'unpaid' | 'wait'>;
}

export async function cancelUnpaidOrder(
  deps: PlatformDeps,
  settler: PaymentSettler,
  orderNo: string,
  by: { actor: string; reason: string; memberId?: number },
) {
  const found = await Order.findOne({ where: { orderNo, ...(by.memberId ? { memberId: by.memberId } : {}) } });
  if (!found) throw new NotFoundError('This order', 'orderNo');
  if (found.status === 'pending_payment') {
    const settled = await settler.settleBeforeCancel(orderNo, { isTimeout: !by.memberId });
    if (settled === 'wait') {
      if (by.memberId) {
        throw new DomainError(
          'PAYMENT_UNDER_WAY',
          'A bank transfer for this order is being checked; it cannot be cancelled now',
          409,
          'orderNo',
        );
      }
      return (await orderViewsOf([found]))[0]!;
    }
  }

  const order = await withTx(deps.sequelize, async (tx) => {
    const locked = await Order.findByPk(found.id, forUpdate(tx));
    if (!locked) throw new NotFoundError('This order', 'orderNo');
    // paid meanwhile, or already cancelled: a timeout job has nothing to do; a member is told why
    if (locked.status !== 'pending_payment') {
      if (by.memberId && locked.status !== 'cancelled') {
        throw new DomainError(
          'ORDER_NOT_CANCELLABLE',
          `This order is ${locked.status}; only unpaid orders can be cancelled`,
          409,
          'orderNo',
        );
      }
      return locked;
    }
    await transitionOrder(deps, locked, 'cancelled', { ...by, fields: { cancelledAt: new Date() } }, tx);
    await releaseStock(deps, { orderNo: locked.orderNo, operator: by.actor, reason: by.reason }, tx);
    return locked;
  });
  return (await orderViewsOf([order]))[0]!;
}

/** Catches timeouts whose delayed job was lost (Redis flushed, enqueue failed after commit). */
export async function sweepExpiredOrders(deps: PlatformDeps, now = new Date()): Promise<number> {
  const overdue = await Order.findAll({
    where: { status: 'pending_payment', expiresAt: { [Op.lt]: now } },
    attributes: ['orderNo'],
    limit: 500,
  });
  for (const { orderNo } of overdue) {
    await deps.queues.orders.add(EXPIRE_JOB, { orderNo }, { jobId: expireJobId(orderNo) });
  }
  return overdue.length;
}
