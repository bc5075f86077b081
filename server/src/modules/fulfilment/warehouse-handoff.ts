import type { Transaction } from 'sequelize';
import {
  assertTransition,
  canTransition,
  warehouseHandoffTransitions,
  type WarehouseHandoffStatus,
} from '@mall/shared';
import type { WarehouseClient } from '../../integrations/warehouse';
import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import type { DomainEvent, OrderStatusChanged } from '../../platform/events/domain-events';
import { enqueueAfterCommit } from '../../platform/queue/queues';
import { orderForShipping } from '../orders';
import type { ShippingHold } from './fulfilment-deps';
import { WarehouseHandoff } from './fulfilment.model';

export const WAREHOUSE_PUSH_JOB = 'warehouse-push';
export type WarehouseDeps = PlatformDeps & { warehouse: WarehouseClient | null; shippingHold: ShippingHold };

/** order.paid → a hand-off row and a push job (id warehouse-push:<orderId>), when a warehouse is configured. */
export function subscribeWarehouseHandoff(deps: WarehouseDeps): void {
  if (deps.config.fulfilment.warehouse === 'none') return;
  deps.events.subscribe<OrderStatusChanged>(
    'order.paid',
    'fulfilment:warehouse-handoff',
    ({ payload }: DomainEvent<OrderStatusChanged>) =>
      withTx(deps.sequelize, async (tx) => {
        await WarehouseHandoff.bulkCreate([{ orderId: payload.orderId, orderNo: payload.orderNo, status: 'pending' }], {
          ignoreDuplicates: true,
          transaction: tx,
        });
        enqueueAfterCommit(
          tx,
          deps.queues.fulfilment,
          WAREHOUSE_PUSH_JOB,
          { orderId: payload.orderId },
          { jobId: `warehouse-push:${payload.orderId}` },
          deps.logger,
        );
      }),
  );
}

/**
 * The push job: the order as the warehouse needs it, signed. Idempotent by order: once sent, nothing more; an
 * order no longer waiting to ship (cancelled, refunding, shipped by hand) is not pushed. The warehouse must accept
 * the same order number twice (a push whose answer was lost is sent again).
 */
export async function pushToWarehouse(
  deps: WarehouseDeps,
  orderId: number,
  attempt: { isLast: boolean },
): Promise<WarehouseHandoffStatus | null> {
  const row = await WarehouseHandoff.findOne({ where: { orderId } });
  if (!row || !deps.warehouse || !['pending', 'failed'].includes(row.status)) return row?.status ?? null;
  const order = await orderForShipping(row.orderNo);
  if (!order || order.status !== 'paid') return row.status;
  if (await deps.shippingHold.isHeld(orderId)) return row.status; // resumed when the hold ends (resumeWarehouseHandoff)
  try {
    await deps.warehouse.pushOrder({
      orderNo: order.orderNo,
      paidAt: order.paidAt ? order.paidAt.toISOString() : null,
      remark: order.remark,
      receiver: {
        name: order.address.receiverName,
        phone: order.address.phone,
        region: order.address.region,
        detail: order.address.detail,
      },
      lines: order.lines,
      callbackUrl: deps.config.fulfilment.warehouseCallbackUrl,
    });
  } catch (error) {
    const lastError = (error instanceof Error ? error.message : String(error)).slice(0, 300);
    await row.update({
      attempts: row.attempts + 1,
      lastError,
      ...(attempt.isLast ? { status: 'failed' as const } : {}),
    });
    throw error;
  }
  assertTransition('warehouse hand-off', warehouseHandoffTransitions, row.status, 'sent');
  await row.update({ status: 'sent', attempts: row.attempts + 1, sentAt: new Date(), lastError: null });
  return 'sent';
}

/**
 * A hold on these orders ended (their group completed): a hand-off still pending is pushed now, under a job id of
 * its own (the first push job ran and found the order held). An order whose hand-off row does not exist yet is
 * pushed by its order.paid listener, which finds the hold gone.
 */
export async function resumeWarehouseHandoff(deps: WarehouseDeps, orderIds: readonly number[]): Promise<void> {
  if (deps.config.fulfilment.warehouse === 'none' || !orderIds.length) return;
  const rows = await WarehouseHandoff.findAll({ where: { orderId: [...orderIds], status: 'pending' } });
  for (const row of rows) {
    await deps.queues.fulfilment.add(
      WAREHOUSE_PUSH_JOB,
      { orderId: row.orderId },
      { jobId: `warehouse-push:${row.orderId}:resumed` },
    );
  }
}

/**
 * The warehouse says picked / packed / shipped. A step the table allows moves the hand-off; a repeat or a step
 * that arrives after a later one changes nothing (callbacks are retried and may cross).
 */
export async function recordWarehouseProgress(
  tx: Transaction,
  orderId: number,
  orderNo: string,
  event: 'picked' | 'packed' | 'shipped',
): Promise<boolean> {
  await WarehouseHandoff.bulkCreate([{ orderId, orderNo, status: 'pending' }], {
    ignoreDuplicates: true,
    transaction: tx,
  });
  const row = await WarehouseHandoff.findOne({ where: { orderId }, transaction: tx, lock: tx.LOCK.UPDATE });
  if (!row || !canTransition(warehouseHandoffTransitions, row.status, event)) return false;
  await row.update({ status: event }, { transaction: tx });
  return true;
}

export async function warehouseViewOf(orderId: number) {
  const row = await WarehouseHandoff.findOne({ where: { orderId } });
  return row ? { status: row.status, updatedAt: row.updatedAt.toISOString() } : null;
}
