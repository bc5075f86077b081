import type { Transaction } from 'sequelize';
import { canTransition, orderTransitions, sumFen, type OrderStatus } from '@mall/shared';
import { forUpdate } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { DomainError, NotFoundError } from '../../platform/errors';
import type { OrderRefundApplied } from '../../platform/events/domain-events';
import { Order, OrderLine } from './order.model';
import { OrderLineRefund } from './order-refund.model';
import { linePaidShares, referrerChainOf } from './order-status-event';
import { transitionOrder } from './order-transitions';

/** One order line as after-sales sees it: what it paid, what has gone back already. */
export interface RefundableLineView {
  orderId: number;
  orderNo: string;
  memberId: number;
  orderStatus: OrderStatus;
  orderLineId: number;
  skuId: number;
  productId: number;
  productName: string;
  quantity: number;
  /** The line's share of what the order paid. */
  paidFen: number;
  refundedFen: number;
  refundedQuantity: number;
}

async function refundedByLine(orderId: number, tx: Transaction) {
  // a locking read: it sees the latest committed rows, not the snapshot this transaction may have taken before it
  // waited for the order's lock (a plain read would miss a refund committed meanwhile)
  const rows = await OrderLineRefund.findAll({ where: { orderId }, ...forUpdate(tx) });
  const byLine = new Map<number, { fen: number; quantity: number }>();
  for (const r of rows) {
    const sum = byLine.get(r.orderLineId) ?? { fen: 0, quantity: 0 };
    byLine.set(r.orderLineId, { fen: sum.fen + r.refundFen, quantity: sum.quantity + r.quantity });
  }
  return { byLine, refundNos: new Set(rows.map((r) => r.refundNo)) };
}

/**
 * The order's lines with their paid and refunded amounts, the order row locked for the rest of the caller's
 * transaction: everything that asks for money back on one order waits here, so two requests never both see the
 * same refundable amount. `memberId` restricts to the buyer (another member's order is not found).
 */
export async function lockRefundableLines(
  tx: Transaction,
  orderNo: string,
  memberId: number | null,
): Promise<RefundableLineView[]> {
  const order = await Order.findOne({ where: { orderNo }, ...forUpdate(tx) });
  if (!order || (memberId !== null && order.memberId !== memberId)) throw new NotFoundError('This order', 'orderNo');
  const lines = await OrderLine.findAll({ where: { orderId: order.id }, order: [['id', 'ASC']], transaction: tx });
  const shares = linePaidShares(order.paidFen ?? 0, lines);
  const { byLine } = await refundedByLine(order.id, tx);
  return lines.map((l, i) => ({
    orderId: order.id,
    orderNo: order.orderNo,
    memberId: order.memberId,
    orderStatus: order.status,
    orderLineId: l.id,
    skuId: l.skuId,
    productId: l.productId,
    productName: l.productName,
    quantity: l.quantity,
    paidFen: shares[i] ?? 0,
    refundedFen: byLine.get(l.id)?.fen ?? 0,
    refundedQuantity: byLine.get(l.id)?.quantity ?? 0,
  }));
}

/** What `quantity` more units of a line are worth, given what its earlier refunds took (cumulative rounding). */
export function refundShareFen(line: Pick<RefundableLineView, 'paidFen' | 'quantity'>, before: number, more: number) {
  const upTo = (n: number) => Math.floor((line.paidFen * n) / line.quantity);
  const last = before + more >= line.quantity;
  return (last ? line.paidFen : upTo(before + more)) - upTo(before);
}

export interface AppliedRefund {
  refundNo: string;
  orderNo: string;
  /** Per line; a line may appear once. */
  lines: { skuId: number; quantity: number; refundFen: number }[];
  actor: string;
  reason: string;
}

/**
 * Money went back to the buyer (the payment channel confirmed it): written to the order's refund ledger, announced
 * as `order.refund_applied` (listeners take back exactly this much), and the order becomes `refunded` once every
 * fen it paid has gone back. Reported twice, it changes nothing. More than a line paid is refused.
 */
export async function applyOrderRefund(
  deps: Pick<PlatformDeps, 'events'>,
  tx: Transaction,
  refund: AppliedRefund,
): Promise<{ duplicate: boolean; fullyRefunded: boolean }> {
  const order = await Order.findOne({ where: { orderNo: refund.orderNo }, ...forUpdate(tx) });
  if (!order) throw new NotFoundError('This order', 'orderNo');
  const lines = await OrderLine.findAll({ where: { orderId: order.id }, order: [['id', 'ASC']], transaction: tx });
  const shares = linePaidShares(order.paidFen ?? 0, lines);
  const { byLine, refundNos } = await refundedByLine(order.id, tx);
  if (refundNos.has(refund.refundNo)) return { duplicate: true, fullyRefunded: false };

  const rows = refund.lines.map((r) => {
    const index = lines.findIndex((l) => l.skuId === r.skuId);
    if (index < 0) throw new DomainError('REFUND_LINE_UNKNOWN', `SKU ${r.skuId} is not on this order`, 409, 'lines');
    const line = lines[index]!;
    const done = byLine.get(line.id) ?? { fen: 0, quantity: 0 };
    if (done.fen + r.refundFen > (shares[index] ?? 0) || done.quantity + r.quantity > line.quantity) {
      throw new DomainError(
        'REFUND_EXCEEDS_PAID',
        `SKU ${r.skuId}: ${done.fen + r.refundFen} fen would exceed the ${shares[index] ?? 0} fen it paid`,
        409,
        'lines',
      );
    }
    return {
      refundNo: refund.refundNo,
      orderId: order.id,
      orderLineId: line.id,
      quantity: r.quantity,
      refundFen: r.refundFen,
    };
  });
  const written: OrderLineRefund[] = [];
  for (const row of rows) written.push(await OrderLineRefund.create(row, { transaction: tx }));

  const refundFen = sumFen(rows.map((r) => r.refundFen));
  const refundedBefore = sumFen([...byLine.values()].map((v) => v.fen));
  const fullyRefunded = refundedBefore + refundFen >= (order.paidFen ?? 0);
  const payload: OrderRefundApplied = {
    orderId: order.id,
    orderNo: order.orderNo,
    memberId: order.memberId,
    refundNo: refund.refundNo,
    refundId: Math.min(...written.map((w) => w.id)),
    refundFen,
    orderPaidFen: order.paidFen ?? 0,
    orderRefundedFen: refundedBefore + refundFen,
    fullyRefunded,
    paidAt: order.paidAt ? order.paidAt.toISOString() : null,
    lines: rows.map((r) => {
      const line = lines.find((l) => l.id === r.orderLineId)!;
      return {
        orderLineId: r.orderLineId,
        skuId: line.skuId,
        productId: line.productId,
        quantity: r.quantity,
        refundFen: r.refundFen,
      };
    }),
    referrerChain: referrerChainOf(order),
  };
  await deps.events.record<OrderRefundApplied>(tx, 'order.refund_applied', refund.refundNo, payload);
  // (a completed order keeps its status: its money is in the ledger, its window had closed)
  if (fullyRefunded && canTransition(orderTransitions, order.status, 'refunded')) {
    await transitionOrder(deps, order, 'refunded', { actor: refund.actor, reason: refund.reason }, tx);
  }
  return { duplicate: false, fullyRefunded };
}
