import { Op, type Transaction } from 'sequelize';
import {
  assertTransition,
  orderTransitions,
  type OrderStatus,
  type OrderView,
  type ShippingAddress,
} from '@mall/shared';
import { forUpdate, withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { DomainError, NotFoundError } from '../../platform/errors';
import { enqueueAfterCommit } from '../../platform/queue/queues';
import { Order, OrderLine } from './order.model';
import { transitionOrder } from './order-transitions';
import { orderViewsOf } from './order-view';

/**
 * The order's side of fulfilment: paid → shipped → received → completed, each through transitionOrder (so each
 * writes its order_events row and announces `order.<status>` with the same payload as every order event).
 * Shipping itself (parcels, tracking) is the fulfilment module's; the story that joins them is flows/ship-order.ts.
 */

export const AUTO_RECEIVE_JOB = 'auto-receive';
export const COMPLETE_JOB = 'complete';
export const autoReceiveJobId = (orderId: number) => `auto-receive:${orderId}`;
export const completeJobId = (orderId: number) => `complete:${orderId}`;
const DAY_MS = 86_400_000;

type Deps = Pick<PlatformDeps, 'events' | 'queues' | 'logger' | 'config' | 'sequelize'>;

/**
 * Whether something outside orders holds an order open past its after-sales window (a port: an open after-sales
 * request). A held order is not completed; the sweep comes back for it.
 */
export interface CompletionHold {
  isHeld(orderId: number, tx: Transaction): Promise<boolean>;
}
type CompletionDeps = Deps & { completionHold?: CompletionHold };

/** An order as shipping needs it: who, where to, and what (lines with what was ordered). */
export interface OrderForShippingView {
  orderId: number;
  orderNo: string;
  memberId: number;
  status: OrderStatus;
  paidAt: Date | null;
  shippedAt: Date | null;
  address: ShippingAddress;
  remark: string;
  lines: { orderLineId: number; skuId: number; productName: string; specs: Record<string, string>; quantity: number }[];
}

async function shippingViewOf(order: Order, tx?: Transaction): Promise<OrderForShippingView> {
  const lines = await OrderLine.findAll({ where: { orderId: order.id }, order: [['id', 'ASC']], transaction: tx });
  return {
    orderId: order.id,
    orderNo: order.orderNo,
    memberId: order.memberId,
    status: order.status,
    paidAt: order.paidAt,
    shippedAt: order.shippedAt,
    address: JSON.parse(order.addressJson) as ShippingAddress,
    remark: order.remark,
    lines: lines.map((l) => ({
      orderLineId: l.id,
      skuId: l.skuId,
      productName: l.productName,
      specs: JSON.parse(l.specsJson) as Record<string, string>,
      quantity: l.quantity,
    })),
  };
}

/** Locks the order for the rest of the caller's transaction (ship one parcel at a time per order). 404 if unknown. */
export async function lockOrderForShipping(orderNo: string, tx: Transaction): Promise<OrderForShippingView> {
  const order = await Order.findOne({ where: { orderNo }, ...forUpdate(tx) });
  if (!order) throw new NotFoundError('This order', 'orderNo');
  return shippingViewOf(order, tx);
}

/** Without a lock (the warehouse push reads it); with `memberId`, only that member's order. */
export async function orderForShipping(orderNo: string, memberId?: number): Promise<OrderForShippingView | null> {
  const order = await Order.findOne({ where: { orderNo, ...(memberId === undefined ? {} : { memberId }) } });
  return order ? shippingViewOf(order) : null;
}

/**
 * paid → shipped, once every line has gone out (the caller knows; the order does not count parcels). The member
 * has `autoConfirmReceiptDays` to confirm receipt, then the delayed job (or the sweep) confirms it.
 */
export async function markOrderShipped(
  deps: Deps,
  tx: Transaction,
  orderNo: string,
  change: { actor: string; reason?: string; at?: Date },
): Promise<void> {
  const order = await Order.findOne({ where: { orderNo }, ...forUpdate(tx) });
  if (!order) throw new NotFoundError('This order', 'orderNo');
  assertTransition('order', orderTransitions, order.status, 'shipped');
  const at = change.at ?? new Date();
  await order.update({ shippedAt: at }, { transaction: tx });
  await transitionOrder(deps, order, 'shipped', { actor: change.actor, reason: change.reason ?? 'shipped' }, tx);
  const delay = Math.max(0, at.getTime() + deps.config.fulfilment.autoConfirmReceiptDays * DAY_MS - Date.now());
  enqueueAfterCommit(
    tx,
    deps.queues.orders,
    AUTO_RECEIVE_JOB,
    { orderNo },
    { jobId: autoReceiveJobId(order.id), delay },
    deps.logger,
  );
}

/**
 * shipped → received, by the member (only their own order: another's is 404) or automatically. A repeat on an
 * order already received or completed answers it unchanged; any other status is 409 ORDER_NOT_RECEIVABLE.
 * The after-sales window starts now: a delayed job completes the order when it closes.
 */
export async function confirmOrderReceipt(
  deps: Deps,
  orderNo: string,
  by: { actor: string; reason: string; memberId?: number; at?: Date },
): Promise<OrderView> {
  const order = await withTx(deps.sequelize, async (tx) => {
    const where = { orderNo, ...(by.memberId === undefined ? {} : { memberId: by.memberId }) };
    const locked = await Order.findOne({ where, ...forUpdate(tx) });
    if (!locked) throw new NotFoundError('This order', 'orderNo');
    if (locked.status === 'received' || locked.status === 'completed') return locked;
    if (locked.status !== 'shipped') {
      throw new DomainError(
        'ORDER_NOT_RECEIVABLE',
        `This order is ${locked.status}; only a shipped order can be received`,
        409,
        'orderNo',
      );
    }
    const at = by.at ?? new Date();
    await locked.update({ receivedAt: at }, { transaction: tx });
    await transitionOrder(deps, locked, 'received', { actor: by.actor, reason: by.reason }, tx);
    const delay = Math.max(0, at.getTime() + deps.config.fulfilment.afterSalesDays * DAY_MS - Date.now());
    enqueueAfterCommit(
      tx,
      deps.queues.orders,
      COMPLETE_JOB,
      { orderNo },
      { jobId: completeJobId(locked.id), delay },
      deps.logger,
    );
    return locked;
  });
  return (await orderViewsOf([order]))[0]!;
}

/**
 * received → completed once the after-sales window has closed. Anything else (refunding: an after-sales request
 * is open; already completed) changes nothing: the sweep comes back for an order that returns to received.
 */
export async function completeOrder(
  deps: CompletionDeps,
  orderNo: string,
  now = new Date(),
): Promise<OrderStatus | null> {
  return withTx(deps.sequelize, async (tx) => {
    const order = await Order.findOne({ where: { orderNo }, ...forUpdate(tx) });
    if (!order) return null;
    const windowEnd = (order.receivedAt?.getTime() ?? Infinity) + deps.config.fulfilment.afterSalesDays * DAY_MS;
    if (order.status !== 'received' || windowEnd > now.getTime()) return order.status;
    if (await deps.completionHold?.isHeld(order.id, tx)) return order.status; // an after-sales request is open
    await order.update({ completedAt: now }, { transaction: tx });
    await transitionOrder(
      deps,
      order,
      'completed',
      { actor: 'system:after-sales-window', reason: 'window closed' },
      tx,
    );
    return order.status;
  });
}

/** The automatic receipt: only when the order is still shipped and its time has come. */
export async function autoConfirmReceipt(deps: Deps, orderNo: string, now = new Date()): Promise<boolean> {
  const order = await Order.findOne({ where: { orderNo }, attributes: ['status', 'shippedAt'] });
  const due = (order?.shippedAt?.getTime() ?? Infinity) + deps.config.fulfilment.autoConfirmReceiptDays * DAY_MS;
  if (!order || order.status !== 'shipped' || due > now.getTime()) return false;
  await confirmOrderReceipt(deps, orderNo, { actor: 'system:auto-receipt', reason: 'auto-confirmed', at: now });
  return true;
}

/**
 * The sweeps behind the delayed jobs (a job lost to a Redis flush, a config change): every order whose time has
 * come is received or completed now. `now` is injected by tests.
 */
export async function sweepFulfilmentDeadlines(
  deps: CompletionDeps,
  now = new Date(),
): Promise<{ received: number; completed: number }> {
  const { autoConfirmReceiptDays, afterSalesDays } = deps.config.fulfilment;
  const toReceive = await Order.findAll({
    where: { status: 'shipped', shippedAt: { [Op.lte]: new Date(now.getTime() - autoConfirmReceiptDays * DAY_MS) } },
    attributes: ['orderNo'],
    limit: 500,
  });
  let received = 0;
  for (const { orderNo } of toReceive) if (await autoConfirmReceipt(deps, orderNo, now)) received++;
  const toComplete = await Order.findAll({
    where: { status: 'received', receivedAt: { [Op.lte]: new Date(now.getTime() - afterSalesDays * DAY_MS) } },
    attributes: ['orderNo'],
    limit: 500,
  });
  let completed = 0;
  for (const { orderNo } of toComplete) if ((await completeOrder(deps, orderNo, now)) === 'completed') completed++;
  return { received, completed };
}

export const SWEEP_FULFILMENT_JOB = 'sweep-fulfilment';

/** Delayed receipt and completion jobs on the orders queue, plus a sweep every 10 minutes. */
export async function registerOrderFulfilmentJobs(deps: CompletionDeps): Promise<void> {
  const queue = deps.queues.orders;
  void queue.process(AUTO_RECEIVE_JOB, 2, async (job) => ({
    received: await autoConfirmReceipt(deps, (job.data as { orderNo: string }).orderNo),
  }));
  void queue.process(COMPLETE_JOB, 2, async (job) => ({
    status: await completeOrder(deps, (job.data as { orderNo: string }).orderNo),
  }));
  void queue.process(SWEEP_FULFILMENT_JOB, 1, () => sweepFulfilmentDeadlines(deps));
  await queue.add(SWEEP_FULFILMENT_JOB, {}, { repeat: { every: 600_000 }, jobId: SWEEP_FULFILMENT_JOB });
}

/** Shipped / received / completed times of orders (admin views). */
export async function orderFulfilmentTimes(orderNo: string) {
  const order = await Order.findOne({ where: { orderNo }, attributes: ['shippedAt', 'receivedAt', 'completedAt'] });
  return order ? { shippedAt: order.shippedAt, receivedAt: order.receivedAt, completedAt: order.completedAt } : null;
}
