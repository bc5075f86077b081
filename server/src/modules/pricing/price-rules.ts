import { Op, type Transaction } from 'sequelize';
import type { PriceRule } from '@mall/shared';
import type { PriceRuleView } from '@mall/shared/admin';
import { PriceRuleRow } from './price-rule.model';

export function toRule(row: PriceRuleRow): PriceRule {
  return {
    id: row.id,
    kind: row.kind,
    productId: row.productId,
    skuId: row.skuId,
    levelCode: row.levelCode,
    channel: row.channel,
    fixedPriceFen: row.fixedPriceFen,
    discountBps: row.discountBps,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    label: row.label,
  };
}

export function toRuleView(row: PriceRuleRow): PriceRuleView {
  return {
    ...toRule(row),
    startsAt: row.startsAt?.toISOString() ?? null,
    endsAt: row.endsAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The rules that may price these products at `at`: every level and channel rule, and special prices not yet over. */
export async function rulesForProducts(productIds: number[], at: Date, tx?: Transaction): Promise<PriceRule[]> {
  if (!productIds.length) return [];
  const rows = await PriceRuleRow.findAll({
    where: { productId: [...new Set(productIds)], [Op.or]: [{ endsAt: null }, { endsAt: { [Op.gt]: at } }] },
    transaction: tx,
  });
  return rows.map(toRule);
}

export async function listPriceRules(filter: {
  page: number;
  pageSize: number;
  productId?: number;
  kind?: PriceRule['kind'];
}) {
  const { rows, count } = await PriceRuleRow.findAndCountAll({
    where: {
      ...(filter.productId ? { productId: filter.productId } : {}),
      ...(filter.kind ? { kind: filter.kind } : {}),
    },
    order: [['id', 'DESC']],
    limit: filter.pageSize,
    offset: (filter.page - 1) * filter.pageSize,
  });
  return { items: rows.map(toRuleView), total: count, page: filter.page, pageSize: filter.pageSize };
}
