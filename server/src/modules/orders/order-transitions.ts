import type { Transaction } from 'sequelize';
import { assertTransition, orderTransitions, type OrderStatus } from '@mall/shared';
import type { OrderStatusChanged } from '../../platform/events/domain-events';
import type { PlatformDeps } from '../../platform/deps';
import { type Order, OrderEvent } from './order.model';

/**
 * The only way an order changes status: checked against the shared table, written with its event, and
 * announced after commit as `order.<status>` (keyed by the order_events row, so a replay announces nothing new).
 * The caller holds the order's row lock (or SQLite's write lock) inside tx.
 */
export async function transitionOrder(
  deps: Pick<PlatformDeps, 'events'>,
  order: Order,
  to: OrderStatus,
  change: { actor: string; reason?: string; fields?: Partial<Pick<Order, 'paidFen' | 'paidAt' | 'cancelledAt'>> },
  tx: Transaction,
): Promise<void> {
  const from = order.status;
  assertTransition('order', orderTransitions, from, to);
  await order.update({ status: to, ...change.fields }, { transaction: tx });
  const event = await OrderEvent.create(
    { orderId: order.id, fromStatus: from, toStatus: to, actor: change.actor, reason: change.reason ?? '' },
    { transaction: tx },
  );
  deps.events.publishAfterCommit<OrderStatusChanged>(tx, `order.${to}`, String(event.id), {
    orderId: order.id,
    orderNo: order.orderNo,
    memberId: order.memberId,
    from,
    to,
    payableFen: order.payableFen,
    paidFen: order.paidFen ?? 0,
    paidAt: order.paidAt?.toISOString() ?? null, // team dates its figures by it without reading orders
  });
}
