import type { Transaction } from 'sequelize';
import type { OrderView, ShippingAddress } from '@mall/shared';
import type { PlatformDeps } from '../../platform/deps';
import type { OrderStatusChanged } from '../../platform/events/domain-events';
import { enqueueAfterCommit } from '../../platform/queue/queues';
import { nextOrderNo } from './order-number';
import { statusPayloadOf } from './order-status-event';
import { insertRows } from '../../platform/db/raw-sql';
import { Order } from './order.model';
import { orderViewsOf, toOrderView } from './order-view';
import type { AppliedAdjustment } from './quote';

const ORDER_COLUMNS = [
  'order_no',
  'member_id',
  'status',
  'items_fen',
  'discount_fen',
  'shipping_fen',
  'payable_fen',
  'paid_fen',
  'address_json',
  'remark',
  'request_id',
  'expires_at',
  'referrer_chain',
  'created_at',
  'updated_at',
];
const LINE_COLUMNS = [
  'order_id',
  'sku_id',
  'product_id',
  'product_name',
  'specs_json',
  'cover_url',
  'unit_price_fen',
  'quantity',
  'line_total_fen',
  'discount_fen',
  'payable_fen',
  'base_price_fen',
  'price_source',
  'price_rule_id',
  'price_label',
];

export const EXPIRE_JOB = 'expire-unpaid';
export const expireJobId = (orderNo: string) => `expire:${orderNo}`;

/** One line as the quote decided it: what was bought, the price the resolver gave, and its discounts. */
export interface NewOrderLine {
  skuId: number;
  productId: number;
  productName: string;
  specsJson: string;
  coverUrl: string;
  quantity: number;
  unitPriceFen: number;
  /** How unitPriceFen came about (modules/pricing); basePriceFen is the list price. */
  basePriceFen: number;
  priceSource: string;
  priceRuleId: number | null;
  priceLabel: string | null;
  /** The line's share of the adjustments; the line pays unitPriceFen × quantity - discountFen. */
  discountFen: number;
}

export interface NewOrder {
  /** Allocated before the transaction (allocateOrderNo): Redis is not asked while rows are locked. */
  orderNo: string;
  memberId: number;
  /** The member's idempotency key: unique per member (the unique index is the dedupe, no SELECT first). */
  requestId: string;
  address: ShippingAddress;
  remark: string;
  /** The buyer's referrers nearest first (at most 2), frozen on the order. */
  referrerChain: number[];
  lines: NewOrderLine[];
  adjustments: AppliedAdjustment[];
  shippingFen: number;
}

/** What the checkout flow gets back: the ids to reserve stock under, and the answer built from what was written. */
export interface CreatedOrder {
  orderId: number;
  orderNo: string;
  view: OrderView;
}

type OrderNoDeps = Pick<PlatformDeps, 'config' | 'redis'>;

/** The next order number (one Redis round trip), taken before the placing transaction opens. */
export function allocateOrderNo(deps: OrderNoDeps, now = new Date()): Promise<string> {
  return nextOrderNo({ redis: deps.redis, redisPrefix: deps.config.redisPrefix, secret: deps.config.jwtSecret }, now);
}

/**
 * Writes a pending order, its lines (one multi-row insert), its adjustments and its first event inside the
 * caller's transaction; `order.pending_payment` goes to the outbox in the same transaction, and the
 * payment-timeout job is scheduled only after commit. Nothing is read back: the event and the answer are
 * built from the rows as written. payableFen = itemsFen - discountFen + shippingFen.
 */
export async function createOrder(
  deps: Pick<PlatformDeps, 'config' | 'events' | 'queues' | 'logger'>,
  tx: Transaction,
  input: NewOrder,
): Promise<CreatedOrder> {
  const lineRows = input.lines.map((l) => {
    const lineTotalFen = l.unitPriceFen * l.quantity;
    return { ...l, lineTotalFen, payableFen: lineTotalFen - l.discountFen };
  });
  const itemsFen = lineRows.reduce((sum, l) => sum + l.lineTotalFen, 0);
  const discountFen = lineRows.reduce((sum, l) => sum + l.discountFen, 0);
  const sequelize = Order.sequelize!;
  const now = new Date();
  const order = {
    orderNo: input.orderNo,
    memberId: input.memberId,
    status: 'pending_payment' as const,
    itemsFen,
    discountFen,
    shippingFen: input.shippingFen,
    payableFen: itemsFen - discountFen + input.shippingFen,
    paidFen: 0,
    addressJson: JSON.stringify(input.address),
    remark: input.remark,
    requestId: input.requestId,
    expiresAt: new Date(now.getTime() + deps.config.orders.paymentTimeoutMinutes * 60_000),
    referrerChainJson: JSON.stringify(input.referrerChain.slice(0, 2)),
    paidAt: null,
    createdAt: now,
  };
  // raw multi-row inserts: Model.create/bulkCreate build and validate an instance per row, the hot path's main cost
  const { firstId: orderId } = await insertRows(sequelize, tx, 'orders', ORDER_COLUMNS, [
    [
      order.orderNo,
      order.memberId,
      order.status,
      order.itemsFen,
      order.discountFen,
      order.shippingFen,
      order.payableFen,
      order.paidFen,
      order.addressJson,
      order.remark,
      order.requestId,
      order.expiresAt,
      order.referrerChainJson,
      now,
      now,
    ],
  ]);
  const { firstId: firstLineId } = await insertRows(
    sequelize,
    tx,
    'order_lines',
    LINE_COLUMNS,
    lineRows.map((l) => [
      orderId,
      l.skuId,
      l.productId,
      l.productName,
      l.specsJson,
      l.coverUrl,
      l.unitPriceFen,
      l.quantity,
      l.lineTotalFen,
      l.discountFen,
      l.payableFen,
      l.basePriceFen,
      l.priceSource,
      l.priceRuleId,
      l.priceLabel,
    ]),
  );
  const lines = lineRows.map((l, i) => ({ id: firstLineId + i, orderId, ...l }));
  if (input.adjustments.length) {
    await insertRows(
      sequelize,
      tx,
      'order_adjustments',
      ['order_id', 'code', 'label', 'amount_fen', 'points', 'ref'],
      input.adjustments.map((a) => [orderId, a.code, a.label, a.amountFen, a.points, a.ref]),
    );
  }
  const { firstId: placedEventId } = await insertRows(
    sequelize,
    tx,
    'order_events',
    ['order_id', 'from_status', 'to_status', 'actor', 'reason', 'created_at'],
    [[orderId, null, 'pending_payment', `member:${input.memberId}`, 'placed', now]],
  );
  const created = { id: orderId, ...order };
  await deps.events.record<OrderStatusChanged>(
    tx,
    'order.pending_payment',
    String(placedEventId),
    statusPayloadOf(created, lines, '', 'pending_payment'),
  );
  enqueueAfterCommit(
    tx,
    deps.queues.orders,
    EXPIRE_JOB,
    { orderNo: created.orderNo },
    { jobId: expireJobId(created.orderNo), delay: created.expiresAt.getTime() - Date.now() },
    deps.logger,
  );
  return { orderId, orderNo: created.orderNo, view: toOrderView(created, lines, input.adjustments) };
}

/** The order a member already placed with this requestId (a retried submit), or null. */
export async function findPlacedOrder(memberId: number, requestId: string): Promise<OrderView | null> {
  const existing = await Order.findOne({ where: { memberId, requestId } });
  return existing ? (await orderViewsOf([existing]))[0]! : null;
}

/** An order's view by id. */
export async function orderViewById(orderId: number): Promise<OrderView> {
  const order = await Order.findByPk(orderId, { rejectOnEmpty: true });
  return (await orderViewsOf([order]))[0]!;
}
