import { Op, type Transaction } from 'sequelize';
import { MAX_COMMISSION_LEVELS, type CommissionOverride } from '@mall/shared';
import { DomainError, NotFoundError, ValidationError } from '../../platform/errors';
import { skusOfProduct } from '../catalog';
import { CommissionOverrideRow } from './commission-override.model';

export interface CommissionOverrideView {
  id: number;
  productId: number;
  skuId: number | null;
  mode: 'rate' | 'fixed';
  values: number[];
  updatedBy: string;
  updatedAt: string;
}

export interface CommissionOverrideInput {
  productId: number;
  skuId?: number | null;
  mode: 'rate' | 'fixed';
  values: number[];
}

const valuesOf = (row: CommissionOverrideRow) => (row.level2 === null ? [row.level1] : [row.level1, row.level2]);

export const overrideView = (row: CommissionOverrideRow): CommissionOverrideView => ({
  id: row.id,
  productId: row.productId,
  skuId: row.skuId === 0 ? null : row.skuId,
  mode: row.mode,
  values: valuesOf(row),
  updatedBy: row.updatedBy,
  updatedAt: row.updatedAt.toISOString(),
});

const asOverride = (row: CommissionOverrideRow): CommissionOverride =>
  row.mode === 'rate' ? { mode: 'rate', rateBps: valuesOf(row) } : { mode: 'fixed', fixedFenPerUnit: valuesOf(row) };

/** The overrides that apply to these lines, per SKU: its own and its product's (the calculator prefers the SKU's). */
export async function overridesOf(
  lines: ReadonlyArray<{ productId: number; skuId: number }>,
): Promise<
  (line: { productId: number; skuId: number }) => { sku: CommissionOverride | null; product: CommissionOverride | null }
> {
  const rows =
    lines.length === 0
      ? []
      : await CommissionOverrideRow.findAll({
          where: {
            productId: [...new Set(lines.map((l) => l.productId))],
            skuId: { [Op.in]: [0, ...new Set(lines.map((l) => l.skuId))] },
          },
        });
  const find = (productId: number, skuId: number) =>
    rows.find((r) => r.productId === productId && r.skuId === skuId) ?? null;
  return (line) => {
    const sku = find(line.productId, line.skuId);
    const product = find(line.productId, 0);
    return { sku: sku && asOverride(sku), product: product && asOverride(product) };
  };
}

/**
 * An admin sets a product's or a SKU's own commission: a rate per level (bps, at most 100%) or a fixed amount per
 * unit per level. A third level is refused by the compliance guard's rule (at most two levels, wherever it could be
 * expressed); the line cap still trims what an override gives. Answers the rule before (null if new) and after.
 */
export async function setCommissionOverride(
  input: CommissionOverrideInput,
  by: string,
  t: Transaction,
): Promise<{ before: CommissionOverrideView | null; after: CommissionOverrideView }> {
  if (input.values.length > MAX_COMMISSION_LEVELS)
    throw new DomainError(
      'COMMISSION_TOO_DEEP',
      `${input.values.length} levels: commission is paid on at most ${MAX_COMMISSION_LEVELS} levels (a third level is a pyramid scheme under Chinese law)`,
      422,
      'values',
    );
  input.values.forEach((value, i) => {
    if (input.mode === 'rate' && value > 10_000)
      throw new ValidationError('A rate is whole bps from 0 to 10000', `values.${i}`);
  });
  const skus = await skusOfProduct(input.productId, t);
  if (!skus) throw new NotFoundError('This product', 'productId');
  if (input.skuId && !skus.some((s) => s.id === input.skuId))
    throw new DomainError('SKU_NOT_OF_PRODUCT', `SKU ${input.skuId} is not a SKU of this product`, 422, 'skuId');
  const skuId = input.skuId ?? 0;
  const row = await CommissionOverrideRow.findOne({
    where: { productId: input.productId, skuId },
    lock: t.LOCK.UPDATE,
    transaction: t,
  });
  const before = row ? overrideView(row) : null;
  const fields = { mode: input.mode, level1: input.values[0]!, level2: input.values[1] ?? null, updatedBy: by };
  const saved = row
    ? await row.update(fields, { transaction: t })
    : await CommissionOverrideRow.create({ productId: input.productId, skuId, ...fields }, { transaction: t });
  return { before, after: overrideView(saved) };
}

/** Removes an override; answers what it was (for the audit). */
export async function deleteCommissionOverride(id: number, t: Transaction): Promise<CommissionOverrideView> {
  const row = await CommissionOverrideRow.findByPk(id, { lock: t.LOCK.UPDATE, transaction: t });
  if (!row) throw new NotFoundError('This override', 'id');
  const before = overrideView(row);
  await row.destroy({ transaction: t });
  return before;
}

export async function listCommissionOverrides(query: { productId?: number; page: number; pageSize: number }) {
  const { rows, count } = await CommissionOverrideRow.findAndCountAll({
    where: query.productId ? { productId: query.productId } : {},
    order: [
      ['productId', 'ASC'],
      ['skuId', 'ASC'],
    ],
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: rows.map(overrideView), total: count, page: query.page, pageSize: query.pageSize };
}
