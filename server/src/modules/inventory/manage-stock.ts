import type { z } from 'zod';
import { assertTransition, stockAlertTransitions } from '@mall/shared';
import { type AdminStockMovementInput } from '@mall/shared/admin';
import { forUpdate, withTx } from '../../platform/db/database';
import { DomainError, NotFoundError } from '../../platform/errors';
import type { AdminActor } from '../../platform/http/api-router';
import type { PlatformDeps } from '../../platform/deps';
import { recordAudit } from '../admin';
import { toAlertView, toEntryView, toSkuStockView } from './inventory.queries';
import { SkuStock, StockAlert } from './stock.model';
import { applyMovement } from './stock-movement';

type MovementInput = z.output<typeof AdminStockMovementInput>;

export const adminOperator = (actor: AdminActor) => `admin:${actor.username}`;

/**
 * An admin's inbound, outbound or adjustment. Its ref (a purchase order, a count sheet; the request id when
 * none is given) makes a resubmitted form write nothing new: the answer then says duplicate.
 */
export async function moveStockByAdmin(deps: PlatformDeps, actor: AdminActor, skuId: number, input: MovementInput) {
  return withTx(deps.sequelize, async (tx) => {
    const before = await SkuStock.findByPk(skuId, forUpdate(tx));
    if (!before) throw new NotFoundError('This SKU', 'skuId');
    const beforeView = toSkuStockView(before);
    const quantity = input.kind === 'outbound' ? -input.quantity : input.quantity;
    const { entry, sku, duplicate } = await applyMovement(
      deps,
      {
        skuId,
        kind: input.kind,
        quantity,
        ref: input.ref ?? `req:${actor.requestId}`,
        operator: adminOperator(actor),
        reason: input.reason,
      },
      tx,
    );
    if (duplicate && entry.quantity !== quantity) {
      throw new DomainError(
        'REF_ALREADY_USED',
        `${entry.ref} already moved ${entry.quantity} of SKU ${skuId}; use a new ref for another movement`,
        409,
        'ref',
      );
    }
    const after = toSkuStockView(sku);
    await recordAudit(
      actor,
      {
        action: duplicate ? 'stock.movement.duplicate' : `stock.${input.kind}`,
        targetType: 'sku',
        targetId: String(skuId),
        before: beforeView,
        after: { ...after, ledgerEntryId: entry.id },
        reason: input.reason,
      },
      tx,
    );
    return { sku: after, entry: toEntryView(entry), duplicate };
  });
}

/**
 * Threshold and cap. Lowering the cap below what is on hand refuses further inbound but takes nothing
 * away; setting a threshold above the current stock raises no alert (only a movement crosses it).
 */
export async function setStockSettings(
  deps: PlatformDeps,
  actor: AdminActor,
  skuId: number,
  settings: { lowStockThreshold: number | null; stockCap: number | null },
) {
  return withTx(deps.sequelize, async (tx) => {
    const sku = await SkuStock.findByPk(skuId, forUpdate(tx));
    if (!sku) throw new NotFoundError('This SKU', 'skuId');
    const before = toSkuStockView(sku);
    await sku.update(settings, { transaction: tx });
    const after = toSkuStockView(sku);
    await recordAudit(
      actor,
      { action: 'stock.settings', targetType: 'sku', targetId: String(skuId), before, after },
      tx,
    );
    return after;
  });
}

export async function acknowledgeStockAlert(deps: PlatformDeps, actor: AdminActor, alertId: number) {
  return withTx(deps.sequelize, async (tx) => {
    const alert = await StockAlert.findByPk(alertId, forUpdate(tx));
    if (!alert) throw new NotFoundError('This alert', 'id');
    const before = toAlertView(alert);
    assertTransition('stock alert', stockAlertTransitions, alert.status, 'acknowledged');
    await alert.update(
      { status: 'acknowledged', acknowledgedBy: adminOperator(actor), acknowledgedAt: new Date() },
      { transaction: tx },
    );
    const after = toAlertView(alert);
    await recordAudit(
      actor,
      { action: 'stock.alert.acknowledge', targetType: 'stock_alert', targetId: String(alert.id), before, after },
      tx,
    );
    return after;
  });
}
