import type { WhereOptions } from 'sequelize';
import type { OrderStatus } from '@mall/shared';
import { NotFoundError } from '../../platform/errors';
import { Order } from './order.model';
import { orderViewsOf } from './order-view';

export async function listOrders(filter: { memberId?: number; status?: OrderStatus; page: number; pageSize: number }) {
  const where: WhereOptions<Order> = {
    ...(filter.memberId ? { memberId: filter.memberId } : {}),
    ...(filter.status ? { status: filter.status } : {}),
  };
  const { rows, count } = await Order.findAndCountAll({
    where,
    order: [['id', 'DESC']],
    limit: filter.pageSize,
    offset: (filter.page - 1) * filter.pageSize,
  });
  const views = await orderViewsOf(rows);
  return {
    items: rows.map((o, i) => ({ ...views[i]!, memberId: o.memberId })),
    total: count,
    page: filter.page,
    pageSize: filter.pageSize,
  };
}

/** A member sees only their own orders: someone else's order is "not found", not "forbidden". */
export async function getMemberOrder(memberId: number, orderNo: string) {
  const order = await Order.findOne({ where: { orderNo, memberId } });
  if (!order) throw new NotFoundError('This order', 'orderNo');
  const [view] = await orderViewsOf([order]);
  return view!;
}
