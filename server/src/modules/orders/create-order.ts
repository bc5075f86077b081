import type { ChainableCommander } from 'ioredis';
import type { Transaction } from 'sequelize';
import type { OrderView, ShippingAddress } from '@mall/shared';
import type { PlatformDeps } from '../../platform/deps';
import type { OrderStatusChanged } from '../../platform/events/domain-events';
import { enqueueAfterCommit, type AfterCommit } from '../../platform/queue/queues';
import { nextOrderNo, queueOrderNo } from './order-number';
import { statusPayloadOf } from './order-status-event';
import { insertRows, insertSql } from '../../platform/db/raw-sql';
import type { StatementBatch } from '../../platform/db/statement-batch';
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
const ADJUSTMENT_COLUMNS = ['order_id', 'code', 'label', 'amount_fen', 'points', 'ref'];
const EVENT_COLUMNS = ['order_id', 'from_status', 'to_status', 'actor', 'reason', 'created_at'];

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

/** allocateOrderNo, queued on a Redis pipeline to share a round trip; answers how to read it from the reply. */
export function queueOrderNoOn(
  deps: OrderNoDeps,
  pipeline: ChainableCommander,
  now = new Date(),
): (reply: [Error | null, unknown]) => string {
  return queueOrderNo(
    { redis: deps.redis, redisPrefix: deps.config.redisPrefix, secret: deps.config.jwtSecret },
    pipeline,
    now,
  );
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
  const { order, lineRows, now } = newOrderRows(deps, input);
  const sequelize = Order.sequelize!;
  // raw multi-row inserts: Model.create/bulkCreate build and validate an instance per row, the hot path's main cost
  const { firstId: orderId } = await insertRows(sequelize, tx, 'orders', ORDER_COLUMNS, [orderValues(order, now)]);
  const { firstId: firstLineId } = await insertRows(
    sequelize,
    tx,
    'order_lines',
    LINE_COLUMNS,
    lineRows.map((l) => [orderId, ...lineValues(l)]),
  );
  if (input.adjustments.length) {
    await insertRows(
      sequelize,
      tx,
      'order_adjustments',
      ADJUSTMENT_COLUMNS,
      input.adjustments.map((a) => [orderId, ...adjustmentValues(a)]),
    );
  }
  const { firstId: placedEventId } = await insertRows(sequelize, tx, 'order_events', EVENT_COLUMNS, [
    [orderId, ...placedEventValues(input, now)],
  ]);
  const created = { id: orderId, ...order };
  const lines = lineRows.map((l, i) => ({ id: firstLineId + i, orderId, ...l }));
  await deps.events.record<OrderStatusChanged>(
    tx,
    'order.pending_payment',
    String(placedEventId),
    statusPayloadOf(created, lines, '', 'pending_payment'),
  );
  enqueueExpiry(deps, tx, created);
  return { orderId, orderNo: created.orderNo, view: toOrderView(created, lines, input.adjustments) };
}

/**
 * createOrder on a statement batch (platform/db/statement-batch.ts), for a transaction sent in one round trip:
 * the same rows, queued, the ids passed on inside the batch (the order's and its first line's in user variables,
 * the first event's by LAST_INSERT_ID() in the statement right after it), so the lines, adjustments, first event
 * and the `order.pending_payment` outbox row (its key and payload carry those ids, set by the server) go in the
 * same text as the order. Resolves once the batch answered, with the answer built from the ids it gave.
 */
export async function createOrderInBatch(
  deps: Pick<PlatformDeps, 'config' | 'events' | 'queues' | 'logger'>,
  batch: StatementBatch,
  input: NewOrder,
): Promise<CreatedOrder> {
  const { order, lineRows, now } = newOrderRows(deps, input);
  const orderId = { order_id: '@mall_order_id' };
  const inserted = batch.add<InsertHeader>(insertSql('orders', ORDER_COLUMNS, 1), orderValues(order, now));
  // the lines keep the order's id for the statements after them: within a statement LAST_INSERT_ID() is the
  // previous statement's (the order's) for every row
  const linesInserted = batch.add<InsertHeader>(
    insertSql('order_lines', LINE_COLUMNS, lineRows.length, {
      expressions: { order_id: '(@mall_order_id := LAST_INSERT_ID())' },
    }),
    lineRows.flatMap(lineValues),
  );
  // a multi-row insert's ids are consecutive from the first (InnoDB gives a simple insert its ids at once)
  batch.add('SET @mall_line_id = LAST_INSERT_ID()');
  if (input.adjustments.length) {
    batch.add(
      insertSql('order_adjustments', ADJUSTMENT_COLUMNS, input.adjustments.length, { expressions: orderId }),
      input.adjustments.flatMap(adjustmentValues),
    );
  }
  // the outbox row is the next statement: its key is the event's id, LAST_INSERT_ID() there
  const eventInserted = batch.add<InsertHeader>(
    insertSql('order_events', EVENT_COLUMNS, 1, { expressions: orderId }),
    placedEventValues(input, now),
  );
  let answered: { orderId: number; firstLineId: number; eventId: number } | null = null;
  const payloadWith = (ids: { orderId: number; firstLineId: number }) =>
    statusPayloadOf(
      { id: ids.orderId, ...order },
      lineRows.map((l, i) => ({ id: ids.firstLineId + i, ...l })),
      '',
      'pending_payment',
    );
  deps.events.recordWithIdsInBatch(
    batch,
    'order.pending_payment',
    {
      keySql: 'CAST(LAST_INSERT_ID() AS CHAR)',
      draft: payloadWith({ orderId: 0, firstLineId: 0 }),
      ids: [
        ['$.orderId', '@mall_order_id'],
        ...lineRows.map((_, i) => [`$.lines[${i}].orderLineId`, `@mall_line_id + ${i}`] as const),
      ],
    },
    () => ({ key: String(answered!.eventId), payload: payloadWith(answered!) }),
  );
  enqueueExpiry(deps, batch, order);
  const [orderHeader, linesHeader, eventHeader] = await Promise.all([inserted, linesInserted, eventInserted]);
  answered = {
    orderId: Number(orderHeader.insertId),
    firstLineId: Number(linesHeader.insertId),
    eventId: Number(eventHeader.insertId),
  };
  const created = { id: answered.orderId, ...order };
  const lines = lineRows.map((l, i) => ({ id: answered!.firstLineId + i, orderId: created.id, ...l }));
  return { orderId: created.id, orderNo: created.orderNo, view: toOrderView(created, lines, input.adjustments) };
}

interface InsertHeader {
  insertId: number;
  affectedRows: number;
}

/** The order row and its lines as written (ids aside), from what the quote decided. */
function newOrderRows(deps: Pick<PlatformDeps, 'config'>, input: NewOrder) {
  const lineRows = input.lines.map((l) => {
    const lineTotalFen = l.unitPriceFen * l.quantity;
    return { ...l, lineTotalFen, payableFen: lineTotalFen - l.discountFen };
  });
  const itemsFen = lineRows.reduce((sum, l) => sum + l.lineTotalFen, 0);
  const discountFen = lineRows.reduce((sum, l) => sum + l.discountFen, 0);
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
  return { order, lineRows, now };
}

type OrderRow = ReturnType<typeof newOrderRows>['order'];
type LineRow = ReturnType<typeof newOrderRows>['lineRows'][number];

const orderValues = (order: OrderRow, now: Date) => [
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
];

/** A line's values after its order_id. */
const lineValues = (l: LineRow) => [
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
];

const adjustmentValues = (a: AppliedAdjustment) => [a.code, a.label, a.amountFen, a.points, a.ref];

const placedEventValues = (input: NewOrder, now: Date) => [
  null,
  'pending_payment',
  `member:${input.memberId}`,
  'placed',
  now,
];

/** The payment-timeout job, scheduled once the placement committed. */
function enqueueExpiry(
  deps: Pick<PlatformDeps, 'queues' | 'logger'>,
  tx: AfterCommit,
  created: Pick<OrderRow, 'orderNo' | 'expiresAt'>,
) {
  enqueueAfterCommit(
    tx,
    deps.queues.orders,
    EXPIRE_JOB,
    { orderNo: created.orderNo },
    { jobId: expireJobId(created.orderNo), delay: created.expiresAt.getTime() - Date.now() },
    deps.logger,
  );
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
