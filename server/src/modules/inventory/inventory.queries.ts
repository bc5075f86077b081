import type { Transaction } from 'sequelize';
import type { z } from 'zod';
import type { StockAlertStatus } from '@mall/shared';
import type { SkuStockView, StockAlertView, StockLedgerEntryView } from '@mall/shared/admin';
import { NotFoundError } from '../../platform/errors';
import type { SkuDirectory } from './sku-directory';
import { SkuStock, StockAlert, StockLedgerEntry } from './stock.model';
import { csvCell } from '../../platform/csv';

export function toSkuStockView(s: SkuStock): SkuStockView {
  return {
    skuId: s.id,
    productId: s.productId,
    stock: s.stock,
    reserved: s.reserved,
    sold: s.sold,
    lowStockThreshold: s.lowStockThreshold,
    stockCap: s.stockCap,
  };
}

export function toEntryView(e: StockLedgerEntry): z.input<typeof StockLedgerEntryView> {
  return {
    id: e.id,
    skuId: e.skuId,
    kind: e.kind,
    quantity: e.quantity,
    reservedDelta: e.reservedDelta,
    balanceAfter: e.balanceAfter,
    reservedAfter: e.reservedAfter,
    reason: e.reason,
    operator: e.operator,
    ref: e.ref,
    createdAt: e.createdAt.toISOString(),
  };
}

export function toAlertView(a: StockAlert): z.input<typeof StockAlertView> {
  return {
    id: a.id,
    skuId: a.skuId,
    productId: a.productId,
    threshold: a.threshold,
    stockAfter: a.stockAfter,
    ledgerEntryId: a.ledgerEntryId,
    status: a.status,
    acknowledgedBy: a.acknowledgedBy,
    acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
    createdAt: a.createdAt.toISOString(),
  };
}

/** Stock figures of many SKUs at once (a product page, a list): a SKU without a stock row is absent. */
export async function stockOf(skuIds: readonly number[], tx?: Transaction): Promise<Map<number, SkuStockView>> {
  const rows = skuIds.length ? await SkuStock.findAll({ where: { id: [...new Set(skuIds)] }, transaction: tx }) : [];
  return new Map(rows.map((s) => [s.id, toSkuStockView(s)]));
}

export async function getSkuStock(skuId: number): Promise<SkuStockView> {
  const sku = await SkuStock.findByPk(skuId);
  if (!sku) throw new NotFoundError('This SKU', 'skuId');
  return toSkuStockView(sku);
}

export async function listLedger(skuId: number, page: { page: number; pageSize: number }) {
  await getSkuStock(skuId);
  const { rows, count } = await StockLedgerEntry.findAndCountAll({
    where: { skuId },
    order: [['id', 'DESC']],
    limit: page.pageSize,
    offset: (page.page - 1) * page.pageSize,
  });
  return { items: rows.map(toEntryView), total: count, ...page };
}

export async function listAlerts(filter: { page: number; pageSize: number; status?: StockAlertStatus }) {
  const { rows, count } = await StockAlert.findAndCountAll({
    where: filter.status ? { status: filter.status } : {},
    order: [['id', 'DESC']],
    limit: filter.pageSize,
    offset: (filter.page - 1) * filter.pageSize,
  });
  return { items: rows.map(toAlertView), total: count, page: filter.page, pageSize: filter.pageSize };
}

/** Every SKU's stock as CSV, the same columns the import reads first (skuId), then the rest. */
export async function exportStockCsv(directory: SkuDirectory): Promise<string> {
  const stock = await SkuStock.findAll({ order: [['id', 'ASC']] });
  const labels = await directory.skuLabels(stock.map((s) => s.id));
  const header = [
    'skuId',
    'productId',
    'productName',
    'specs',
    'stock',
    'reserved',
    'sold',
    'lowStockThreshold',
    'stockCap',
  ];
  const lines = stock.map((s) =>
    [
      s.id,
      s.productId,
      labels.get(s.id)?.productName ?? '',
      labels.get(s.id)?.specs ?? '',
      s.stock,
      s.reserved,
      s.sold,
      s.lowStockThreshold,
      s.stockCap,
    ]
      .map(csvCell)
      .join(','),
  );
  return [header.join(','), ...lines].join('\r\n');
}
