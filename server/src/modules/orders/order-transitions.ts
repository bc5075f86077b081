import type { Transaction } from 'sequelize';
import { assertTransition, orderTransitions, type OrderStatus } from '@mall/shared';
import { type Order, OrderEvent } from './order.model';

/**
 * The only way an order changes status: checked against the shared table, written with its event.
 * The caller holds the order's row lock (or SQLite's write lock) inside tx.
 */
export async function transitionOrder(
  order: Order,
  to: OrderStatus,
  change: { actor: string; reason?: string; fields?: Partial<Pick<Order, 'paidFen' | 'paidAt' | 'cancelledAt'>> },
  tx: Transaction,
): Promise<void> {
  const from = order.status;
  assertTransition('order', orderTransitions, from, to);
  await order.update({ status: to, ...change.fields }, { transaction: tx });
  await OrderEvent.create(
    { orderId: order.id, fromStatus: from, toStatus: to, actor: change.actor, reason: change.reason ?? '' },
    { transaction: tx },
  );
}
