import { Op } from 'sequelize';
import { Order, OrderLine } from './order.model';

/** An order paid in a report's range and what it sold (units per SKU): the profit report's cost side. */
export interface PaidOrderLinesView {
  orderId: number;
  orderNo: string;
  memberId: number;
  paidAt: Date;
  lines: Array<{ orderLineId: number; skuId: number; quantity: number }>;
}

/** Orders whose payment arrived in [from, to) (issue 11, finance reports), oldest first, with their lines. */
export async function paidOrderLinesBetween(from: Date, to: Date): Promise<PaidOrderLinesView[]> {
  const orders = await Order.findAll({
    where: { paidAt: { [Op.gte]: from, [Op.lt]: to } },
    attributes: ['id', 'orderNo', 'memberId', 'paidAt'],
    order: [['paidAt', 'ASC']],
  });
  if (orders.length === 0) return [];
  const byOrder = new Map<number, PaidOrderLinesView['lines']>();
  // in slices: an IN list of a year's orders would be one enormous statement
  for (let i = 0; i < orders.length; i += 1_000) {
    const lines = await OrderLine.findAll({
      where: { orderId: orders.slice(i, i + 1_000).map((o) => o.id) },
      attributes: ['id', 'orderId', 'skuId', 'quantity'],
    });
    for (const l of lines) {
      const list = byOrder.get(l.orderId) ?? [];
      list.push({ orderLineId: l.id, skuId: l.skuId, quantity: l.quantity });
      byOrder.set(l.orderId, list);
    }
  }
  return orders.map((o) => ({
    orderId: o.id,
    orderNo: o.orderNo,
    memberId: o.memberId,
    paidAt: o.paidAt!,
    lines: byOrder.get(o.id) ?? [],
  }));
}
