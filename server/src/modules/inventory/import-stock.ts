import { createHash } from 'node:crypto';
import type { StockImportReport } from '@mall/shared/admin';
import { withTx } from '../../platform/db/database';
import type { AdminActor } from '../../platform/http/api-router';
import type { InventoryModuleDeps, SkuDirectory } from './sku-directory';
import { recordAudit } from '../admin';
import { adminOperator } from './manage-stock';
import { SkuStock } from './stock.model';
import { applyMovement } from './stock-movement';
import { MAX_SHEET_ROWS, readSheet, sheetFormat, type UploadedSheet } from './stock-sheet';

type RowError = StockImportReport['errors'][number];
interface InboundRow {
  row: number;
  skuId: number;
  quantity: number;
  reason: string;
}
type ParsedRow = Omit<InboundRow, 'skuId'> & { skuId: number | null; skuCode: string | null };

const MAX_QUANTITY = 10_000_000;

/**
 * Batch inbound from a sheet: every row is checked (SKU exists, quantity a positive integer, cap respected
 * counting earlier rows of the same SKU) and every bad row is reported with its row number and field. Any
 * bad row, or a dry run, writes nothing; otherwise all rows go in one transaction. Each row's ledger ref is
 * `import:<batchRef>#<row>`, so the same batch uploaded twice imports once.
 */
export async function importStock(
  deps: InventoryModuleDeps,
  actor: AdminActor,
  file: UploadedSheet,
  options: { dryRun: boolean; batchRef?: string },
): Promise<StockImportReport> {
  const format = sheetFormat(file);
  const batchRef = options.batchRef ?? `sha-${createHash('sha256').update(file.buffer).digest('hex').slice(0, 24)}`;
  const { rows, errors } = await validateRows(deps.skuDirectory, await readSheet(file, format));
  const report: StockImportReport = {
    batchRef,
    format,
    dryRun: options.dryRun,
    applied: false,
    duplicate: false,
    rowCount: rows.length + new Set(errors.map((e) => e.row)).size,
    totalQuantity: rows.reduce((sum, r) => sum + r.quantity, 0),
    errors,
  };
  if (errors.length) {
    const bad = new Set(errors.map((e) => e.row)).size;
    report.error = {
      code: 'IMPORT_ROWS_INVALID',
      message: `${bad} row(s) are invalid; nothing was imported`,
      field: 'file',
    };
  }
  if (errors.length || options.dryRun) {
    actor.audited = true; // nothing changed, so there is nothing to audit
    return report;
  }
  return withTx(deps.sequelize, async (tx) => {
    let written = 0;
    // SKU order: a concurrent order never waits on these rows in the opposite order
    for (const row of [...rows].sort((a, b) => a.skuId - b.skuId || a.row - b.row)) {
      const { duplicate } = await applyMovement(
        deps,
        {
          skuId: row.skuId,
          kind: 'inbound',
          quantity: row.quantity,
          ref: `import:${batchRef}#${row.row}`,
          operator: adminOperator(actor),
          reason: row.reason,
        },
        tx,
      );
      if (!duplicate) written++;
    }
    const applied = { ...report, applied: true, duplicate: written === 0 };
    await recordAudit(
      actor,
      { action: 'stock.import', targetType: 'stock_import', targetId: batchRef, before: null, after: applied },
      tx,
    );
    return applied;
  });
}

async function validateRows(
  directory: SkuDirectory,
  sheet: string[][],
): Promise<{ rows: InboundRow[]; errors: RowError[] }> {
  const [header = [], ...body] = sheet;
  const columnOf = new Map(header.map((name, i) => [name.trim().toLowerCase(), i]));
  const missing = [
    ...(columnOf.has('skuid') || columnOf.has('skucode') ? [] : ['skuId (or skuCode)']),
    ...(columnOf.has('quantity') ? [] : ['quantity']),
  ];
  if (missing.length) {
    return { rows: [], errors: [{ row: 1, field: 'header', message: `missing column(s): ${missing.join(', ')}` }] };
  }
  const cell = (cells: string[], column: string) => (cells[columnOf.get(column) ?? -1] ?? '').trim();
  const candidates = body
    .map((cells, i) => ({ cells, row: i + 2 }))
    .filter(({ cells }) => cells.some((c) => c.trim() !== ''));
  if (!candidates.length) return { rows: [], errors: [{ row: 1, field: 'file', message: 'the sheet has no rows' }] };
  if (candidates.length > MAX_SHEET_ROWS) {
    return { rows: [], errors: [{ row: 1, field: 'file', message: `at most ${MAX_SHEET_ROWS} rows per file` }] };
  }

  const errors: RowError[] = [];
  const parsed: ParsedRow[] = [];
  for (const { cells, row } of candidates) {
    const skuText = cell(cells, 'skuid');
    const skuCode = cell(cells, 'skucode');
    const quantityText = cell(cells, 'quantity');
    const reason = cell(cells, 'reason') || 'batch inbound';
    const rowErrors: RowError[] = [];
    if (skuText ? !/^[1-9]\d{0,9}$/.test(skuText) : !skuCode) {
      rowErrors.push({ row, field: 'skuId', message: 'a SKU id (or a skuCode) is required' });
    }
    if (!/^\d+$/.test(quantityText) || Number(quantityText) < 1 || Number(quantityText) > MAX_QUANTITY) {
      rowErrors.push({ row, field: 'quantity', message: `a whole number from 1 to ${MAX_QUANTITY}` });
    }
    if (reason.length > 200) rowErrors.push({ row, field: 'reason', message: 'at most 200 characters' });
    if (rowErrors.length) errors.push(...rowErrors);
    else {
      const skuId = skuText ? Number(skuText) : null;
      parsed.push({ row, skuId, skuCode: skuText ? null : skuCode, quantity: Number(quantityText), reason });
    }
  }
  const { resolved, errors: unknownCodes } = await resolveSkuCodes(directory, parsed);
  errors.push(...unknownCodes, ...(await checkAgainstSkus(resolved)));
  const bad = new Set(errors.map((e) => e.row));
  return { rows: resolved.filter((r) => !bad.has(r.row)), errors: errors.sort((a, b) => a.row - b.row) };
}

/** A row may name its SKU by the catalog's skuCode instead of the id (skuId wins when both are given). */
async function resolveSkuCodes(
  directory: SkuDirectory,
  rows: ParsedRow[],
): Promise<{ resolved: InboundRow[]; errors: RowError[] }> {
  const codes = [...new Set(rows.flatMap((r) => (r.skuCode ? [r.skuCode] : [])))];
  const idOf = codes.length ? await directory.skuIdsByCode(codes) : new Map<string, number>();
  const errors: RowError[] = [];
  const resolved: InboundRow[] = [];
  for (const { skuCode, skuId, ...row } of rows) {
    const id = skuId ?? (skuCode ? idOf.get(skuCode) : undefined);
    if (id) resolved.push({ ...row, skuId: id });
    else errors.push({ row: row.row, field: 'skuCode', message: `no SKU has the code ${skuCode}` });
  }
  return { resolved, errors };
}

/** SKUs must exist, and each SKU's rows together must stay within its cap (on hand = stock + reserved). */
async function checkAgainstSkus(rows: InboundRow[]): Promise<RowError[]> {
  const skus = await SkuStock.findAll({ where: { id: [...new Set(rows.map((r) => r.skuId))] } });
  const byId = new Map(skus.map((s) => [s.id, s]));
  const onHand = new Map(skus.map((s) => [s.id, s.stock + s.reserved]));
  const errors: RowError[] = [];
  for (const r of rows) {
    const sku = byId.get(r.skuId);
    if (!sku) {
      errors.push({ row: r.row, field: 'skuId', message: `SKU ${r.skuId} does not exist` });
      continue;
    }
    const next = onHand.get(r.skuId)! + r.quantity;
    if (sku.stockCap !== null && next > sku.stockCap) {
      errors.push({
        row: r.row,
        field: 'quantity',
        message: `would bring SKU ${r.skuId} to ${next}, over its cap ${sku.stockCap}`,
      });
      continue;
    }
    onHand.set(r.skuId, next);
  }
  return errors;
}
