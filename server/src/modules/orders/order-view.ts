import type { OrderView, ShippingAddress } from '@mall/shared';
import { OrderAdjustment, type Order, OrderLine } from './order.model';

type LineFields = Pick<
  OrderLine,
  | 'skuId'
  | 'productId'
  | 'productName'
  | 'specsJson'
  | 'coverUrl'
  | 'unitPriceFen'
  | 'quantity'
  | 'lineTotalFen'
  | 'basePriceFen'
  | 'discountFen'
  | 'payableFen'
>;
type AdjustmentFields = Pick<OrderAdjustment, 'code' | 'label' | 'amountFen' | 'points'>;

/** An order as its member sees it; built from rows just written or just read (never re-read for the answer). */
/** The order columns a view shows (a model instance, or the row placement just wrote). */
export type OrderViewFields = Pick<
  Order,
  | 'orderNo'
  | 'status'
  | 'itemsFen'
  | 'shippingFen'
  | 'discountFen'
  | 'payableFen'
  | 'paidFen'
  | 'addressJson'
  | 'remark'
  | 'createdAt'
  | 'paidAt'
  | 'expiresAt'
>;

export function toOrderView(
  order: OrderViewFields,
  lines: readonly LineFields[],
  adjustments: readonly AdjustmentFields[] = [],
): OrderView {
  return {
    orderNo: order.orderNo,
    status: order.status,
    itemsFen: order.itemsFen,
    shippingFen: order.shippingFen,
    discountFen: order.discountFen ?? 0,
    payableFen: order.payableFen,
    paidFen: order.paidFen ?? 0,
    lines: lines.map((l) => ({
      skuId: l.skuId,
      productId: l.productId,
      productName: l.productName,
      specs: JSON.parse(l.specsJson) as Record<string, string>,
      coverUrl: l.coverUrl,
      unitPriceFen: l.unitPriceFen,
      quantity: l.quantity,
      lineTotalFen: l.lineTotalFen,
      listPriceFen: l.basePriceFen ?? l.unitPriceFen,
      discountFen: l.discountFen ?? 0,
      payableFen: l.payableFen ?? l.lineTotalFen,
    })),
    adjustments: adjustments.map((a) => ({ code: a.code, label: a.label, amountFen: a.amountFen, points: a.points })),
    address: JSON.parse(order.addressJson) as ShippingAddress,
    remark: order.remark,
    createdAt: order.createdAt.toISOString(),
    paidAt: order.paidAt ? order.paidAt.toISOString() : null,
    expiresAt: order.expiresAt.toISOString(),
  };
}

export async function linesOf(orderIds: number[]): Promise<Map<number, OrderLine[]>> {
  const rows = orderIds.length ? await OrderLine.findAll({ where: { orderId: orderIds }, order: [['id', 'ASC']] }) : [];
  const map = new Map<number, OrderLine[]>();
  for (const line of rows) map.set(line.orderId, [...(map.get(line.orderId) ?? []), line]);
  return map;
}

export async function adjustmentsOf(orderIds: number[]): Promise<Map<number, OrderAdjustment[]>> {
  const rows = orderIds.length
    ? await OrderAdjustment.findAll({ where: { orderId: orderIds }, order: [['id', 'ASC']] })
    : [];
  const map = new Map<number, OrderAdjustment[]>();
  for (const row of rows) map.set(row.orderId, [...(map.get(row.orderId) ?? []), row]);
  return map;
}

/** Views of orders read from the database: their lines and adjustments in two queries. */
export async function orderViewsOf(orders: Order[]): Promise<OrderView[]> {
  const ids = orders.map((o) => o.id);
  const [lines, adjustments] = await Promise.all([linesOf(ids), adjustmentsOf(ids)]);
  return orders.map((o) => toOrderView(o, lines.get(o.id) ?? [], adjustments.get(o.id) ?? []));
}
