import type { Transaction } from 'sequelize';
import { assertTransition, promotionOrderTransitions, sumFen, type PromotionOrderStatus } from '@mall/shared';
import { forUpdate, withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import type { DomainEvent, OrderRefundApplied, OrderStatusChanged } from '../../platform/events/domain-events';
import { PromotionOrder, PromotionOrderRefund } from './promotion.model';

type Deps = Pick<PlatformDeps, 'sequelize' | 'events'>;

const skusOf = (row: PromotionOrder) => new Set(JSON.parse(row.skuIds) as number[]);

/** The order's activity rows, locked; most orders have none and this is one indexed read. */
const rowsOf = (orderId: number, tx: Transaction) =>
  PromotionOrder.findAll({ where: { orderId }, order: [['id', 'ASC']], ...forUpdate(tx) });

async function move(row: PromotionOrder, to: PromotionOrderStatus, tx: Transaction, extra: { paidFen?: number } = {}) {
  if (row.status === to) return; // a redelivered event: already there
  assertTransition('promotion order', promotionOrderTransitions, row.status, to);
  await row.update({ status: to, ...extra }, { transaction: tx });
}

async function refundedSoFar(row: PromotionOrder, tx: Transaction): Promise<number> {
  const refunds = await PromotionOrderRefund.findAll({ where: { promotionOrderId: row.id }, transaction: tx });
  return sumFen(refunds.map((r) => r.refundFen));
}

/** A refund of the activity's lines, once per refund number, never beyond what those lines paid. */
async function recordRefund(row: PromotionOrder, refundNo: string, refundFen: number, tx: Transaction) {
  const amountFen = Math.min(refundFen, row.paidFen - (await refundedSoFar(row, tx)));
  if (amountFen <= 0) return;
  await PromotionOrderRefund.bulkCreate([{ promotionOrderId: row.id, refundNo, refundFen: amountFen }], {
    ignoreDuplicates: true,
    transaction: tx,
  });
}

/** Paid: the GMV the activity drove is what its lines were paid (their share of the order's payment). */
async function onPaid({ payload }: DomainEvent<OrderStatusChanged>, tx: Transaction) {
  for (const row of await rowsOf(payload.orderId, tx)) {
    const skus = skusOf(row);
    const paidFen = sumFen(payload.lines.filter((l) => skus.has(l.skuId)).map((l) => l.paidFen));
    if (row.status === 'placed') await move(row, 'paid', tx, { paidFen });
  }
}

async function onCancelled({ payload }: DomainEvent<OrderStatusChanged>, tx: Transaction) {
  for (const row of await rowsOf(payload.orderId, tx)) if (row.status === 'placed') await move(row, 'cancelled', tx);
}

async function onRefundApplied({ payload }: DomainEvent<OrderRefundApplied>, tx: Transaction) {
  for (const row of await rowsOf(payload.orderId, tx)) {
    if (row.status !== 'paid') continue; // refunded in full already: order.refunded counted the rest
    const skus = skusOf(row);
    const refundFen = sumFen(payload.lines.filter((l) => skus.has(l.skuId)).map((l) => l.refundFen));
    await recordRefund(row, payload.refundNo, refundFen, tx);
  }
}

/** Refunded in full: whatever the activity's lines still held went back too. */
async function onRefunded({ payload }: DomainEvent<OrderStatusChanged>, tx: Transaction) {
  for (const row of await rowsOf(payload.orderId, tx)) {
    if (row.status !== 'paid') continue;
    await recordRefund(row, 'order-refunded', row.paidFen, tx);
    await move(row, 'refunded', tx);
  }
}

/** Effect tracking follows each order an activity took something off; idempotent per (activity, order, refund). */
export function subscribePromotionListeners(deps: Deps) {
  const inTx =
    <P>(handler: (event: DomainEvent<P>, tx: Transaction) => Promise<void>) =>
    (event: DomainEvent<P>) =>
      withTx(deps.sequelize, (tx) => handler(event, tx));
  deps.events.subscribe<OrderStatusChanged>('order.paid', 'promotions-paid', inTx(onPaid));
  deps.events.subscribe<OrderStatusChanged>('order.cancelled', 'promotions-cancelled', inTx(onCancelled));
  deps.events.subscribe<OrderRefundApplied>('order.refund_applied', 'promotions-refund-part', inTx(onRefundApplied));
  deps.events.subscribe<OrderStatusChanged>('order.refunded', 'promotions-refunded', inTx(onRefunded));
}
