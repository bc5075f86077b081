import type { Transaction } from 'sequelize';
import type { OrderStatus } from '@mall/shared';
import { forUpdate } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { Order } from './order.model';
import { transitionOrder } from './order-transitions';
import { referrerChainOf } from './order-status-event';

/** An order as the payment side needs it. */
export interface OrderForPaymentView {
  orderId: number;
  orderNo: string;
  memberId: number;
  status: OrderStatus;
  payableFen: number;
  expiresAt: Date;
  /** The buyer's referrers, frozen at placement (refund events carry it like order events do). */
  referrerChain: number[];
}

const toView = (o: Order): OrderForPaymentView => ({
  orderId: o.id,
  orderNo: o.orderNo,
  memberId: o.memberId,
  status: o.status,
  payableFen: o.payableFen,
  expiresAt: o.expiresAt,
  referrerChain: referrerChainOf(o),
});

/** By order number; with `memberId`, only that member's order (someone else's answers null, like a missing one). */
export async function findOrderForPayment(
  orderNo: string,
  memberId?: number,
  tx?: Transaction,
): Promise<OrderForPaymentView | null> {
  const order = await Order.findOne({
    where: { orderNo, ...(memberId === undefined ? {} : { memberId }) },
    transaction: tx,
  });
  return order ? toView(order) : null;
}

/**
 * Locks the order for the rest of the caller's transaction and marks it paid when it still waits for payment.
 * Answers the order as it was found: a status other than pending_payment means it was not changed (cancelled
 * before the money came: the caller flags the payment for refund; already paid: a duplicate).
 */
export async function markOrderPaid(
  deps: Pick<PlatformDeps, 'events'>,
  tx: Transaction,
  orderId: number,
  paid: { paidFen: number; paidAt: Date; actor: string; reason: string },
): Promise<OrderForPaymentView | null> {
  const order = await Order.findByPk(orderId, forUpdate(tx));
  if (!order) return null;
  const found = toView(order);
  if (order.status !== 'pending_payment') return found;
  await transitionOrder(
    deps,
    order,
    'paid',
    { actor: paid.actor, reason: paid.reason, fields: { paidFen: paid.paidFen, paidAt: paid.paidAt } },
    tx,
  );
  return found;
}
