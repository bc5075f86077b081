import type { Transaction } from 'sequelize';
import { prorate } from '@mall/shared';
import type { OrderStatusChanged } from '../../platform/events/domain-events';
import { OrderLine, type Order } from './order.model';
import { OrderLineRefund } from './order-refund.model';

type PayloadLine = Pick<
  OrderLine,
  'id' | 'skuId' | 'productId' | 'quantity' | 'unitPriceFen' | 'lineTotalFen' | 'payableFen'
>;

/**
 * The `order.<status>` payload: everything listeners need (lines, what each line paid, when, the frozen
 * referrer chain), so no other module reads the orders tables. A line's paid amount is its share of the
 * order's paid amount by what the line pays after discounts (largest remainder, so the shares add up to
 * exactly what was paid).
 */
export async function orderStatusPayload(
  order: Order,
  from: string,
  to: string,
  tx: Transaction,
): Promise<OrderStatusChanged> {
  const lines = await OrderLine.findAll({ where: { orderId: order.id }, order: [['id', 'ASC']], transaction: tx });
  // nothing can have gone back before the money came
  const refundedFen =
    (order.paidFen ?? 0) > 0
      ? Number((await OrderLineRefund.sum('refundFen', { where: { orderId: order.id }, transaction: tx })) ?? 0)
      : 0;
  return statusPayloadOf(order, lines, from, to, refundedFen);
}

/**
 * Each line's share of what the order paid, by what the line pays after discounts (largest remainder, so the shares
 * add up to exactly what was paid). Order events announce these and refunds are capped by them. An order always has
 * lines; a bare order row (bulk test data) simply has nothing to share out.
 */
export function linePaidShares(
  paidFen: number,
  lines: readonly Pick<OrderLine, 'payableFen' | 'lineTotalFen'>[],
): number[] {
  if (paidFen <= 0 || lines.length === 0) return lines.map(() => 0);
  return prorate(
    lines.map((l) => l.payableFen ?? l.lineTotalFen),
    paidFen,
  );
}

/** The same payload from lines the caller holds (placement builds it from what it just wrote). */
export function statusPayloadOf(
  order: Pick<Order, 'id' | 'orderNo' | 'memberId' | 'payableFen' | 'paidFen' | 'paidAt' | 'referrerChainJson'>,
  lines: readonly PayloadLine[],
  from: string,
  to: string,
  refundedFen = 0,
): OrderStatusChanged {
  const paidFen = order.paidFen ?? 0;
  const shares = linePaidShares(paidFen, lines);
  return {
    orderId: order.id,
    orderNo: order.orderNo,
    memberId: order.memberId,
    from,
    to,
    payableFen: order.payableFen,
    paidFen,
    paidAt: order.paidAt ? order.paidAt.toISOString() : null,
    refundedFen,
    lines: lines.map((l, i) => ({
      orderLineId: l.id,
      skuId: l.skuId,
      productId: l.productId,
      quantity: l.quantity,
      unitPriceFen: l.unitPriceFen,
      paidFen: shares[i] ?? 0,
    })),
    referrerChain: referrerChainOf(order),
  };
}

export function referrerChainOf(order: Pick<Order, 'referrerChainJson'>): number[] {
  const parsed: unknown = JSON.parse(order.referrerChainJson || '[]');
  return Array.isArray(parsed) ? parsed.filter((id): id is number => Number.isInteger(id)) : [];
}
