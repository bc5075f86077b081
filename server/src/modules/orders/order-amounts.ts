import { Order } from './order.model';

/** An order's amounts, for listeners that take back a share (points returned on a refund). */
export interface OrderAmountsView {
  orderNo: string;
  memberId: number;
  payableFen: number;
  paidFen: number;
}

export async function orderAmountsOf(orderNo: string): Promise<OrderAmountsView | null> {
  const order = await Order.findOne({
    where: { orderNo },
    attributes: ['orderNo', 'memberId', 'payableFen', 'paidFen'],
  });
  return order
    ? { orderNo: order.orderNo, memberId: order.memberId, payableFen: order.payableFen, paidFen: order.paidFen }
    : null;
}
