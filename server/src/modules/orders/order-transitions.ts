import type { Transaction } from 'sequelize';
import { assertTransition, orderTransitions, type OrderStatus } from '@mall/shared';
import type { OrderStatusChanged } from '../../platform/events/domain-events';
import type { PlatformDeps } from '../../platform/deps';
import { forUpdate } from '../../platform/db/database';
import { NotFoundError } from '../../platform/errors';
import { Order, OrderEvent } from './order.model';
import { orderStatusPayload } from './order-status-event';

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
  const payload = await orderStatusPayload(order, from, to, tx);
  await deps.events.record<OrderStatusChanged>(tx, `order.${to}`, String(event.id), payload);
}

/** A status change as other code may ask for it: who, why, and the facts that come with it. */
export interface OrderChange {
  actor: string;
  reason?: string;
  fields?: { paidFen?: number; paidAt?: Date | null; cancelledAt?: Date | null };
}

/**
 * transitionOrder by order number, for callers outside the module (flows, tests): locks the order in the caller's
 * transaction first. Throws 404 for an unknown order and 409 ILLEGAL_TRANSITION for a move the table refuses.
 */
export async function transitionOrderByNo(
  deps: Pick<PlatformDeps, 'events'>,
  tx: Transaction,
  orderNo: string,
  to: OrderStatus,
  change: OrderChange,
): Promise<void> {
  const order = await Order.findOne({ where: { orderNo }, ...forUpdate(tx) });
  if (!order) throw new NotFoundError('This order', 'orderNo');
  await transitionOrder(deps, order, to, change, tx);
}
