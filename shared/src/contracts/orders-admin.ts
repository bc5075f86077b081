import { z } from 'zod';
import { ORDER_STATUSES, PAYMENT_CHANNELS, WAREHOUSE_HANDOFF_STATUSES } from '../statuses';
import { ShipmentView, ShippingUploadView } from './fulfilment';
import { OrderNo, OrderView } from './orders';
import { access, defineRoute, Id, PageQuery, pageOf } from './route';

const Instant = z.iso.datetime({ offset: true });
const FenQuery = z.coerce.number().int().min(0);

/** The admin order search: every filter optional, combined with AND. Times are ISO with offset. */
export const OrderSearchQuery = PageQuery.extend({
  status: z.enum(ORDER_STATUSES).optional(),
  /** The channel the order was paid through. */
  channel: z.enum(PAYMENT_CHANNELS).optional(),
  memberId: Id.optional(),
  /** Exact order number, or its leading digits (at least 8). */
  orderNo: z
    .string()
    .regex(/^[0-9A-Z]{8,32}$/)
    .optional(),
  createdFrom: Instant.optional(),
  createdTo: Instant.optional(),
  minPayableFen: FenQuery.optional(),
  maxPayableFen: FenQuery.optional(),
  /** true: only orders whose member reminded the shop to ship (提醒发货); false: only those never reminded. */
  reminded: z.enum(['true', 'false']).optional(),
});
export type OrderSearchQuery = z.input<typeof OrderSearchQuery>;

export const AdminOrderRow = OrderView.extend({
  memberId: z.number().int(),
  shippedAt: z.string().nullable(),
  /** 提醒发货: how many times the member reminded the shop, and the latest. */
  reminderCount: z.number().int(),
  lastRemindedAt: z.string().nullable(),
});

export const adminSearchOrders = defineRoute({
  method: 'GET',
  path: '/api/admin/orders',
  summary: 'Search orders: status, payment channel, member, time range, amount range, order number',
  tags: ['admin', 'orders'],
  access: access.admin('orders:read'),
  query: OrderSearchQuery,
  response: pageOf(AdminOrderRow),
});

export const adminExportOrders = defineRoute({
  method: 'GET',
  path: '/api/admin/orders/export',
  summary: 'The same search as an xlsx file, one row per order line (at most 50,000 lines); audited',
  tags: ['admin', 'orders'],
  access: access.admin('orders:read'),
  query: OrderSearchQuery.omit({ page: true, pageSize: true }),
});

export const OrderLogEntry = z.object({
  from: z.enum(ORDER_STATUSES).nullable(),
  to: z.enum(ORDER_STATUSES),
  actor: z.string(),
  reason: z.string(),
  at: z.string(),
});

export const AdminOrderDetail = AdminOrderRow.extend({
  receivedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  /** Every status change, oldest first (order_events). */
  log: z.array(OrderLogEntry),
  /** Every 提醒发货 of the member, oldest first. */
  shippingReminders: z.array(z.object({ at: z.string() })),
  shipments: z.array(ShipmentView),
  /** Shipped quantity per order line (部分发货 when some but not all). */
  shippedQuantities: z.array(
    z.object({ orderLineId: z.number().int(), ordered: z.number().int(), shipped: z.number().int() }),
  ),
  /** The WeChat shipping-information upload; null when the order was not paid with WeChat Pay or not shipped yet. */
  wechatShipping: ShippingUploadView.nullable(),
  warehouse: z.object({ status: z.enum(WAREHOUSE_HANDOFF_STATUSES), updatedAt: z.string() }).nullable(),
});
export type AdminOrderDetail = z.infer<typeof AdminOrderDetail>;

export const adminGetOrder = defineRoute({
  method: 'GET',
  path: '/api/admin/orders/:orderNo',
  summary: 'One order with its status log, shipments, WeChat shipping upload and warehouse state',
  tags: ['admin', 'orders'],
  access: access.admin('orders:read'),
  params: z.object({ orderNo: OrderNo }),
  response: AdminOrderDetail,
});
