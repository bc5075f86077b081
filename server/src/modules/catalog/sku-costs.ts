import type { Transaction } from 'sequelize';
import { adminSetSkuCosts, type SkuCostView } from '@mall/shared/admin';
import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import type { AdminActor, ApiRouter } from '../../platform/http/api-router';
import { DomainError } from '../../platform/errors';
import { recordAudit } from '../admin';
import { Sku } from './catalog.model';

/**
 * SKU cost prices (issue 11): set by an admin, read by the profit report. An order line does not freeze its cost
 * (placement is left as it is), so a report counts each unit at its SKU's cost when the report runs.
 */
export async function setSkuCosts(
  deps: Pick<PlatformDeps, 'sequelize'>,
  actor: AdminActor,
  items: ReadonlyArray<{ skuId: number; costFen: number | null }>,
): Promise<{ items: SkuCostView[] }> {
  return withTx(deps.sequelize, async (tx: Transaction) => {
    const skus = await Sku.findAll({
      where: { id: items.map((i) => i.skuId) },
      lock: tx.LOCK.UPDATE,
      transaction: tx,
    });
    const byId = new Map(skus.map((s) => [s.id, s]));
    const missing = items.findIndex((i) => !byId.has(i.skuId));
    if (missing >= 0) throw new DomainError('SKU_NOT_FOUND', 'No such SKU', 404, `items.${missing}.skuId`);
    const before = skus.map((s) => ({ skuId: s.id, costFen: s.costFen }));
    for (const item of items) await byId.get(item.skuId)!.update({ costFen: item.costFen }, { transaction: tx });
    await recordAudit(
      actor,
      {
        action: 'catalog.sku-costs.set',
        targetType: 'sku',
        targetId: items.length === 1 ? String(items[0].skuId) : '*',
        before,
        after: items,
      },
      tx,
    );
    return {
      items: items.map((i) => ({ skuId: i.skuId, productId: byId.get(i.skuId)!.productId, costFen: i.costFen })),
    };
  });
}

/** Each SKU's cost now (absent: no such SKU; null: not set). */
export async function skuCostsOf(skuIds: readonly number[]): Promise<Map<number, number | null>> {
  if (skuIds.length === 0) return new Map();
  const rows = await Sku.findAll({ where: { id: [...new Set(skuIds)] }, attributes: ['id', 'costFen'] });
  return new Map(rows.map((s) => [s.id, s.costFen]));
}

export function registerSkuCostRoutes(api: ApiRouter, deps: PlatformDeps) {
  api.add(adminSetSkuCosts, ({ ctx, body }) => setSkuCosts(deps, ctx.state.actor as AdminActor, body.items));
}
