import type { Transaction } from 'sequelize';
import type { AdminAftersaleView } from '@mall/shared/admin';
import { withTx } from '../platform/db/database';
import type { PlatformDeps } from '../platform/deps';
import { DomainError } from '../platform/errors';
import type { ShipmentDelivered } from '../platform/events/domain-events';
import { lockAftersale, moveAftersale, reshippedAftersaleNos } from '../modules/aftersales';
import { recordReshipment, reshipmentOf } from '../modules/fulfilment';
import { shipReplacement } from '../modules/inventory';
import { completeOrder, lockOrderForShipping, type CompletionHold } from '../modules/orders';

/**
 * An exchange's second half (换货): the replacement goes out as a real parcel of the order (tracked by the same
 * polling as every parcel, its stock taken out), and the exchange completes when the member confirms receipt or
 * `exchangeAutoCompleteDays` after the carrier reported it delivered (a delayed job per parcel, and a sweep).
 * A completed exchange releases the order's completion, so the order may complete at once.
 */
export type ExchangeDeps = PlatformDeps & { completionHold: CompletionHold };

export const EXCHANGE_COMPLETE_JOB = 'exchange-complete';
export const SWEEP_EXCHANGES_JOB = 'sweep-exchanges';
const DAY_MS = 86_400_000;

/** Inside the admin action's transaction (the request locked): the parcel, the stock, then the status. */
export async function reshipExchangeInTx(
  deps: PlatformDeps,
  tx: Transaction,
  before: AdminAftersaleView,
  parcel: { carrierCode: string; trackingNo: string },
  actor: string,
): Promise<AdminAftersaleView> {
  if (before.kind !== 'exchange') {
    throw new DomainError('AFTERSALE_NOT_EXCHANGE', 'Only an exchange is reshipped', 409, 'aftersaleNo');
  }
  const sameParcel = before.reshipCarrierCode === parcel.carrierCode && before.reshipTrackingNo === parcel.trackingNo;
  if (before.status !== 'return_received') {
    if (sameParcel) return before; // the same reship again (a double click): nothing changes
    throw new DomainError(
      'AFTERSALE_NOT_RESHIPPABLE',
      before.status === 'reshipped' || before.status === 'completed'
        ? 'The replacement has already been sent'
        : 'The returned goods have not been received yet',
      409,
      'aftersaleNo',
    );
  }
  const order = await lockOrderForShipping(before.orderNo, tx);
  const line = order.lines.find((l) => l.skuId === before.skuId)!;
  await recordReshipment(
    deps,
    tx,
    {
      aftersaleNo: before.aftersaleNo,
      orderId: order.orderId,
      orderNo: order.orderNo,
      memberId: order.memberId,
      receiverPhone: order.address.phone,
      orderLineId: line.orderLineId,
      productName: line.productName,
      quantity: before.quantity,
    },
    { ...parcel, actor },
  );
  await shipReplacement(
    deps,
    { skuId: before.skuId, quantity: before.quantity, ref: `aftersales:${before.aftersaleNo}`, operator: actor },
    tx,
  );
  return moveAftersale(tx, before.aftersaleNo, null, 'reshipped', {
    actor,
    note: `${parcel.carrierCode} ${parcel.trackingNo}`,
    fields: { reshipCarrier: parcel.carrierCode, reshipTrackingNo: parcel.trackingNo },
  });
}

export type ExchangeCompletion = { kind: 'member'; memberId: number } | { kind: 'auto'; now?: Date };

/**
 * reshipped → completed. By the member (their own request only; a repeat answers it unchanged), or automatically
 * once the replacement has been delivered for `exchangeAutoCompleteDays` (otherwise nothing changes and null).
 */
export async function completeExchange(
  deps: ExchangeDeps,
  aftersaleNo: string,
  by: ExchangeCompletion,
): Promise<AdminAftersaleView | null> {
  const memberId = by.kind === 'member' ? by.memberId : null;
  const done = await withTx(deps.sequelize, async (tx) => {
    const request = await lockAftersale(tx, aftersaleNo, memberId);
    if (request.status === 'completed') return { view: request, changed: false };
    if (request.status !== 'reshipped') {
      if (by.kind === 'auto') return null;
      throw new DomainError(
        'AFTERSALE_NOT_RESHIPPED',
        'Only an exchange whose replacement was sent can be confirmed',
        409,
        'aftersaleNo',
      );
    }
    if (by.kind === 'auto') {
      const parcel = await reshipmentOf(aftersaleNo, tx);
      const due =
        (parcel?.deliveredAt?.getTime() ?? Infinity) + deps.config.aftersales.exchangeAutoCompleteDays * DAY_MS;
      if (due > (by.now ?? new Date()).getTime()) return null;
    }
    const view = await moveAftersale(tx, aftersaleNo, memberId, 'completed', {
      actor: by.kind === 'member' ? `member:${by.memberId}` : 'system:exchange-auto-complete',
      note: by.kind === 'member' ? 'replacement received' : 'replacement delivered, confirmation window closed',
    });
    return { view, changed: true };
  });
  if (!done) return null;
  // the open exchange held the order's completion: the order may complete now (its own rules decide)
  if (done.changed) await completeOrder(deps, done.view.orderNo);
  return done.view;
}

/** The carrier delivered a replacement: schedule the exchange's completion when its confirmation window closes. */
export async function scheduleExchangeCompletion(deps: ExchangeDeps, delivered: ShipmentDelivered): Promise<void> {
  if (!delivered.aftersaleNo) return;
  const due = Date.parse(delivered.deliveredAt) + deps.config.aftersales.exchangeAutoCompleteDays * DAY_MS;
  await deps.queues.orders.add(
    EXCHANGE_COMPLETE_JOB,
    { aftersaleNo: delivered.aftersaleNo },
    { jobId: `exchange-complete:${delivered.aftersaleNo}`, delay: Math.max(0, due - Date.now()) },
  );
}

/** Behind the delayed jobs: every exchange waiting for receipt whose window has closed completes now. */
export async function sweepExchanges(deps: ExchangeDeps, now = new Date()): Promise<number> {
  let completed = 0;
  for (const aftersaleNo of await reshippedAftersaleNos(500)) {
    if (await completeExchange(deps, aftersaleNo, { kind: 'auto', now })) completed++;
  }
  return completed;
}

export function subscribeExchangeDeliveries(deps: ExchangeDeps) {
  deps.events.subscribe('shipment.delivered', 'aftersales-exchange-delivered', ({ payload }) =>
    scheduleExchangeCompletion(deps, payload),
  );
}

export async function registerExchangeJobs(deps: ExchangeDeps): Promise<void> {
  const queue = deps.queues.orders;
  void queue.process(EXCHANGE_COMPLETE_JOB, 1, async (job) => ({
    completed: (await completeExchange(deps, (job.data as { aftersaleNo: string }).aftersaleNo, { kind: 'auto' }))
      ?.status,
  }));
  void queue.process(SWEEP_EXCHANGES_JOB, 1, () => sweepExchanges(deps));
  await queue.add(SWEEP_EXCHANGES_JOB, {}, { repeat: { every: 600_000 }, jobId: SWEEP_EXCHANGES_JOB });
}
