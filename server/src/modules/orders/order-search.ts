import { literal, Op, type WhereOptions } from 'sequelize';
import type { OrderStatus } from '@mall/shared';
import type { OrderSearchQuery } from '@mall/shared/admin';
import { NotFoundError } from '../../platform/errors';
import { Order, OrderEvent } from './order.model';
import { adjustmentsOf, linesOf, toOrderView } from './order-view';
import { OrderShippingReminder } from './shipping-reminder.model';
import { remindersOf, remindersOfOrder } from './shipping-reminders';

/** The admin search filters, parsed; `orderIds` narrows to orders another module picked (paid via a channel). */
export interface OrderSearchFilter {
  status?: OrderStatus;
  memberId?: number;
  orderNo?: string;
  createdFrom?: string;
  createdTo?: string;
  minPayableFen?: number;
  maxPayableFen?: number;
  orderIds?: number[];
  /** 'true': only orders reminded to ship; 'false': only never reminded. */
  reminded?: 'true' | 'false';
}
export type { OrderSearchQuery };

function whereOf(f: OrderSearchFilter): WhereOptions<Order> {
  const created = {
    ...(f.createdFrom ? { [Op.gte]: new Date(f.createdFrom) } : {}),
    ...(f.createdTo ? { [Op.lt]: new Date(f.createdTo) } : {}),
  };
  const payable = {
    ...(f.minPayableFen !== undefined ? { [Op.gte]: f.minPayableFen } : {}),
    ...(f.maxPayableFen !== undefined ? { [Op.lte]: f.maxPayableFen } : {}),
  };
  return {
    ...(f.status ? { status: f.status } : {}),
    ...(f.memberId ? { memberId: f.memberId } : {}),
    // a full number matches exactly; a shorter one by its leading digits (the time part: one second of orders)
    ...(f.orderNo ? { orderNo: f.orderNo.length >= 20 ? f.orderNo : { [Op.startsWith]: f.orderNo } } : {}),
    ...(f.createdFrom || f.createdTo ? { createdAt: created } : {}),
    ...(f.minPayableFen !== undefined || f.maxPayableFen !== undefined ? { payableFen: payable } : {}),
    ...(f.orderIds ? { id: f.orderIds } : {}),
    ...(f.reminded ? { [Op.and]: [remindedWhere(f.reminded === 'true')] } : {}),
  };
}

/** Orders with (or without) a 提醒发货: a subquery on the reminders' (order_id, created_at) index. */
function remindedWhere(isReminded: boolean): WhereOptions<Order> {
  const table = OrderShippingReminder.getTableName() as string;
  const ids = literal(`(SELECT r.order_id FROM ${table} r)`);
  return { id: { [isReminded ? Op.in : Op.notIn]: ids } };
}

type Parts = {
  lines: Awaited<ReturnType<typeof linesOf>> extends Map<number, infer L> ? L : never;
  adjustments: Parameters<typeof toOrderView>[2];
  reminders: { count: number; lastAt: Date } | undefined;
};

const adminRow = (o: Order, { lines, adjustments, reminders }: Parts) => ({
  ...toOrderView(o, lines, adjustments),
  memberId: o.memberId,
  shippedAt: o.shippedAt ? o.shippedAt.toISOString() : null,
  reminderCount: reminders?.count ?? 0,
  lastRemindedAt: reminders ? reminders.lastAt.toISOString() : null,
});

/** Lines, adjustments (points ...) and reminders of a page of orders: three queries, not three per order. */
async function partsOf(orderIds: number[]): Promise<(orderId: number) => Parts> {
  const [lines, adjustments, reminders] = await Promise.all([
    linesOf(orderIds),
    adjustmentsOf(orderIds),
    remindersOf(orderIds),
  ]);
  return (id) => ({
    lines: lines.get(id) ?? [],
    adjustments: adjustments.get(id) ?? [],
    reminders: reminders.get(id),
  });
}

export async function searchOrders(filter: OrderSearchFilter & { page: number; pageSize: number }) {
  const { rows, count } = await Order.findAndCountAll({
    where: whereOf(filter),
    order: [['id', 'DESC']],
    limit: filter.pageSize,
    offset: (filter.page - 1) * filter.pageSize,
  });
  const parts = await partsOf(rows.map((o) => o.id));
  return {
    items: rows.map((o) => adminRow(o, parts(o.id))),
    total: count,
    page: filter.page,
    pageSize: filter.pageSize,
  };
}

/** One order for the admin, with every status change (order_events, oldest first). */
export async function adminOrderOf(orderNo: string) {
  const order = await Order.findOne({ where: { orderNo } });
  if (!order) throw new NotFoundError('This order', 'orderNo');
  const [parts, events, reminders] = await Promise.all([
    partsOf([order.id]),
    OrderEvent.findAll({ where: { orderId: order.id }, order: [['id', 'ASC']] }),
    remindersOfOrder(order.id),
  ]);
  const orderParts = parts(order.id);
  const orderLines = orderParts.lines;
  return {
    ...adminRow(order, orderParts),
    shippingReminders: reminders.map((at) => ({ at: at.toISOString() })),
    orderId: order.id,
    lineIds: orderLines.map((l) => ({ orderLineId: l.id, ordered: l.quantity })),
    receivedAt: order.receivedAt ? order.receivedAt.toISOString() : null,
    completedAt: order.completedAt ? order.completedAt.toISOString() : null,
    log: events.map((e) => ({
      from: e.fromStatus,
      to: e.toStatus,
      actor: e.actor,
      reason: e.reason,
      at: e.createdAt.toISOString(),
    })),
  };
}

export const MAX_EXPORT_LINES = 50_000;

/** The search as an xlsx workbook, one row per order line; the address as placed (admins ship from it). */
export async function exportOrdersXlsx(
  filter: OrderSearchFilter,
  channelOf: (orderIds: number[]) => Promise<Map<number, string>>,
): Promise<{ file: Buffer; rowCount: number }> {
  const { default: ExcelJS } = await import('exceljs'); // loaded on use: a large share of boot time otherwise
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('orders');
  sheet.columns = [
    'orderNo',
    'status',
    'memberId',
    'channel',
    'createdAt',
    'paidAt',
    'shippedAt',
    'orderLineId',
    'productName',
    'specs',
    'quantity',
    'unitPriceFen',
    'lineTotalFen',
    'payableFen',
    'paidFen',
    'receiver',
    'phone',
    'address',
  ].map((key) => ({ header: key, key, width: 16 }));
  let rowCount = 0;
  let afterId: number | undefined;
  // keyset pages of 500 orders: an export of many orders never holds them all at once
  for (;;) {
    const where = whereOf(filter);
    const orders = await Order.findAll({
      where: afterId ? { [Op.and]: [where, { id: { [Op.lt]: afterId } }] } : where,
      order: [['id', 'DESC']],
      limit: 500,
    });
    if (!orders.length) break;
    afterId = orders[orders.length - 1].id;
    const [lines, channels] = await Promise.all([linesOf(orders.map((o) => o.id)), channelOf(orders.map((o) => o.id))]);
    for (const o of orders) {
      const address = JSON.parse(o.addressJson) as {
        receiverName: string;
        phone: string;
        region: string;
        detail: string;
      };
      for (const l of lines.get(o.id) ?? []) {
        if (rowCount >= MAX_EXPORT_LINES) break;
        sheet.addRow({
          orderNo: o.orderNo,
          status: o.status,
          memberId: o.memberId,
          channel: channels.get(o.id) ?? '',
          createdAt: o.createdAt.toISOString(),
          paidAt: o.paidAt?.toISOString() ?? '',
          shippedAt: o.shippedAt?.toISOString() ?? '',
          orderLineId: l.id,
          productName: l.productName,
          specs: Object.values(JSON.parse(l.specsJson) as Record<string, string>).join(' '),
          quantity: l.quantity,
          unitPriceFen: l.unitPriceFen,
          lineTotalFen: l.lineTotalFen,
          payableFen: o.payableFen,
          paidFen: o.paidFen,
          receiver: address.receiverName,
          phone: address.phone,
          address: `${address.region} ${address.detail}`,
        });
        rowCount++;
      }
    }
    if (rowCount >= MAX_EXPORT_LINES) break;
  }
  return { file: Buffer.from(await workbook.xlsx.writeBuffer()), rowCount };
}
