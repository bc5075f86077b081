import type { Transaction } from 'sequelize';
import { sumFen, type OrderView, type ShippingAddress } from '@mall/shared';
import type { PlatformDeps } from '../../platform/deps';
import type { OrderStatusChanged } from '../../platform/events/domain-events';
import { enqueueAfterCommit } from '../../platform/queue/queues';
import { nextOrderNo } from './order-number';
import { orderStatusPayload } from './order-status-event';
import { Order, OrderEvent, OrderLine } from './order.model';
import { linesOf, toOrderView } from './order-view';

export const EXPIRE_JOB = 'expire-unpaid';
export const expireJobId = (orderNo: string) => `expire:${orderNo}`;

/** One line as the checkout flow decided it: what was bought, and the price the resolver gave. */
export interface NewOrderLine {
  skuId: number;
  productId: number;
  productName: string;
  specsJson: string;
  coverUrl: string;
  quantity: number;
  unitPriceFen: number;
  /** How unitPriceFen came about (modules/pricing). */
  basePriceFen: number;
  priceSource: string;
  priceRuleId: number | null;
  priceLabel: string | null;
}

export interface NewOrder {
  memberId: number;
  /** The member's idempotency key: unique per member. */
  requestId: string;
  address: ShippingAddress;
  remark: string;
  /** The buyer's referrers nearest first (at most 2), frozen on the order. */
  referrerChain: number[];
  lines: NewOrderLine[];
}

/** What the checkout flow needs back to reserve stock under the order's number. */
export interface CreatedOrder {
  orderId: number;
  orderNo: string;
}

/**
 * Writes a pending order, its lines and its first event inside the caller's transaction; `order.pending_payment`
 * is announced and the payment-timeout job scheduled only after commit. Totals are the sum of the lines
 * (shipping is free until the logistics issue brings templates).
 */
export async function createOrder(
  deps: Pick<PlatformDeps, 'config' | 'events' | 'queues' | 'logger' | 'redis'>,
  tx: Transaction,
  input: NewOrder,
): Promise<CreatedOrder> {
  const itemsFen = sumFen(input.lines.map((l) => l.unitPriceFen * l.quantity));
  const shippingFen = 0;
  const now = new Date();
  const orderNo = await nextOrderNo(
    { redis: deps.redis, redisPrefix: deps.config.redisPrefix, secret: deps.config.jwtSecret },
    now,
  );
  const created = await Order.create(
    {
      orderNo,
      memberId: input.memberId,
      status: 'pending_payment',
      itemsFen,
      shippingFen,
      payableFen: itemsFen + shippingFen,
      addressJson: JSON.stringify(input.address),
      remark: input.remark,
      requestId: input.requestId,
      expiresAt: new Date(now.getTime() + deps.config.orders.paymentTimeoutMinutes * 60_000),
      referrerChainJson: JSON.stringify(input.referrerChain.slice(0, 2)),
    },
    { transaction: tx },
  );
  await OrderLine.bulkCreate(
    input.lines.map((l) => ({ orderId: created.id, ...l, lineTotalFen: l.unitPriceFen * l.quantity })),
    { transaction: tx },
  );
  const actor = `member:${input.memberId}`;
  const placed = await OrderEvent.create(
    { orderId: created.id, fromStatus: null, toStatus: 'pending_payment', actor, reason: 'placed' },
    { transaction: tx },
  );
  const payload = await orderStatusPayload(created, '', 'pending_payment', tx);
  await deps.events.record<OrderStatusChanged>(tx, 'order.pending_payment', String(placed.id), payload);
  enqueueAfterCommit(
    tx,
    deps.queues.orders,
    EXPIRE_JOB,
    { orderNo: created.orderNo },
    { jobId: expireJobId(created.orderNo), delay: created.expiresAt.getTime() - Date.now() },
    deps.logger,
  );
  return { orderId: created.id, orderNo: created.orderNo };
}

/** The order a member already placed with this requestId (a retried submit), or null. */
export async function findPlacedOrder(memberId: number, requestId: string): Promise<OrderView | null> {
  const existing = await Order.findOne({ where: { memberId, requestId } });
  return existing ? toOrderView(existing, (await linesOf([existing.id])).get(existing.id) ?? []) : null;
}

/** An order's view by id (read after the placing transaction commits). */
export async function orderViewById(orderId: number): Promise<OrderView> {
  const order = await Order.findByPk(orderId, { rejectOnEmpty: true });
  return toOrderView(order, (await linesOf([order.id])).get(order.id) ?? []);
}
