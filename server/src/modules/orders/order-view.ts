import type { OrderView, ShippingAddress } from '@mall/shared';
import { type Order, OrderLine } from './order.model';

export function toOrderView(order: Order, lines: OrderLine[]): OrderView {
  return {
    orderNo: order.orderNo,
    status: order.status,
    itemsFen: order.itemsFen,
    shippingFen: order.shippingFen,
    payableFen: order.payableFen,
    paidFen: order.paidFen,
    lines: lines.map((l) => ({
      skuId: l.skuId,
      productId: l.productId,
      productName: l.productName,
      specs: JSON.parse(l.specsJson) as Record<string, string>,
      coverUrl: l.coverUrl,
      unitPriceFen: l.unitPriceFen,
      quantity: l.quantity,
      lineTotalFen: l.lineTotalFen,
    })),
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
