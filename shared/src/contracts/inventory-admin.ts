import { z } from 'zod';
import { STOCK_ALERT_STATUSES, STOCK_MOVEMENT_KINDS } from '../statuses';
import { access, defineRoute, Id, PageQuery, pageOf } from './route';

/** Stock of one SKU: `stock` is available to sell; `reserved` is held by unpaid orders; `sold` left by payment. */
export const SkuStockView = z.object({
  skuId: z.number().int(),
  productId: z.number().int(),
  stock: z.number().int(),
  reserved: z.number().int(),
  sold: z.number().int(),
  lowStockThreshold: z.number().int().nullable(),
  stockCap: z.number().int().nullable(),
});

export type SkuStockView = z.infer<typeof SkuStockView>;

export const StockLedgerEntryView = z.object({
  id: z.number().int(),
  skuId: z.number().int(),
  kind: z.enum(STOCK_MOVEMENT_KINDS),
  /** Signed change of `stock` (available). */
  quantity: z.number().int(),
  /** Signed change of `reserved`. */
  reservedDelta: z.number().int(),
  balanceAfter: z.number().int(),
  reservedAfter: z.number().int(),
  reason: z.string(),
  operator: z.string(),
  ref: z.string(),
  createdAt: z.string(),
});

const Reason = z.string().trim().min(1).max(200);

/** Business reference of a manual movement (purchase order, count sheet); the same ref twice writes once. */
const Ref = z
  .string()
  .trim()
  .regex(/^[\w.:#/-]{1,64}$/, 'letters, digits and . _ : # / - only, at most 64');

const Quantity = z.number().int().min(1).max(10_000_000);

export const AdminStockMovementInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('inbound'), quantity: Quantity, reason: Reason.default('inbound'), ref: Ref.optional() }),
  z.object({ kind: z.literal('outbound'), quantity: Quantity, reason: Reason, ref: Ref.optional() }),
  z.object({
    kind: z.literal('adjustment'),
    /** Signed: +3 found in a count, -2 damaged. */
    quantity: z
      .number()
      .int()
      .min(-10_000_000)
      .max(10_000_000)
      .refine((q) => q !== 0, 'an adjustment changes something'),
    reason: Reason,
    ref: Ref.optional(),
  }),
]);

export const adminMoveStock = defineRoute({
  method: 'POST',
  path: '/api/admin/skus/:skuId/stock-movements',
  summary: 'Inbound, outbound or adjust a SKU’s stock (written to the ledger)',
  tags: ['admin', 'inventory'],
  access: access.admin('inventory:write'),
  params: z.object({ skuId: Id }),
  body: AdminStockMovementInput,
  response: z.object({ sku: SkuStockView, entry: StockLedgerEntryView, duplicate: z.boolean() }),
  status: 201,
});

const Limit = z.number().int().min(0).max(10_000_000).nullable();

export const adminSetStockSettings = defineRoute({
  method: 'PUT',
  path: '/api/admin/skus/:skuId/stock-settings',
  summary: 'Low-stock threshold and stock cap of a SKU (null: none)',
  tags: ['admin', 'inventory'],
  access: access.admin('inventory:write'),
  params: z.object({ skuId: Id }),
  body: z.object({ lowStockThreshold: Limit, stockCap: Limit }),
  response: SkuStockView,
});

export const adminGetSkuStock = defineRoute({
  method: 'GET',
  path: '/api/admin/skus/:skuId/stock',
  summary: 'Stock of one SKU',
  tags: ['admin', 'inventory'],
  access: access.admin('inventory:read'),
  params: z.object({ skuId: Id }),
  response: SkuStockView,
});

export const adminListStockLedger = defineRoute({
  method: 'GET',
  path: '/api/admin/skus/:skuId/stock-ledger',
  summary: 'Every stock movement of a SKU, newest first',
  tags: ['admin', 'inventory'],
  access: access.admin('inventory:read'),
  params: z.object({ skuId: Id }),
  query: PageQuery,
  response: pageOf(StockLedgerEntryView),
});

export const StockAlertView = z.object({
  id: z.number().int(),
  skuId: z.number().int(),
  productId: z.number().int(),
  threshold: z.number().int(),
  stockAfter: z.number().int(),
  ledgerEntryId: z.number().int(),
  status: z.enum(STOCK_ALERT_STATUSES),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  createdAt: z.string(),
});

export const adminListStockAlerts = defineRoute({
  method: 'GET',
  path: '/api/admin/stock-alerts',
  summary: 'Low-stock alerts (the admin notification list), newest first',
  tags: ['admin', 'inventory'],
  access: access.admin('inventory:read'),
  query: PageQuery.extend({ status: z.enum(STOCK_ALERT_STATUSES).optional() }),
  response: pageOf(StockAlertView),
});

export const adminAcknowledgeStockAlert = defineRoute({
  method: 'POST',
  path: '/api/admin/stock-alerts/:id/acknowledge',
  summary: 'Mark a low-stock alert as seen',
  tags: ['admin', 'inventory'],
  access: access.admin('inventory:write'),
  params: z.object({ id: Id }),
  response: StockAlertView,
});

export const StockImportRowError = z.object({ row: z.number().int(), field: z.string(), message: z.string() });

export const StockImportReport = z.object({
  batchRef: z.string(),
  format: z.enum(['csv', 'xlsx']),
  dryRun: z.boolean(),
  /** True when the rows were written; a file with any bad row writes nothing. */
  applied: z.boolean(),
  /** A file already imported under this batchRef writes nothing new. */
  duplicate: z.boolean(),
  rowCount: z.number().int(),
  totalQuantity: z.number().int(),
  errors: z.array(StockImportRowError),
  /** Present when refused (422), in the shape of every error answer, for clients that read only that. */
  error: z.object({ code: z.string(), message: z.string(), field: z.string() }).optional(),
});

export type StockImportReport = z.infer<typeof StockImportReport>;

/**
 * multipart/form-data with a `file` (CSV or xlsx; header row: skuId, quantity, reason) and optional fields.
 * Answers 201 with the report when applied or dry-run clean, 422 with the same report when any row is bad.
 */
export const adminImportStock = defineRoute({
  method: 'POST',
  path: '/api/admin/stock-imports',
  summary: 'Batch inbound from a CSV or xlsx sheet, all rows or none, with a per-row error report',
  tags: ['admin', 'inventory'],
  access: access.admin('inventory:write'),
  body: z.object({
    dryRun: z.enum(['true', 'false']).default('false'),
    /** Identity of the batch; defaults to a hash of the file, so uploading the same file twice imports once. */
    batchRef: Ref.optional(),
  }),
  response: StockImportReport,
  status: 201,
});

/** CSV of every SKU's stock (no response schema: the handler answers text/csv itself). */
export const adminExportStock = defineRoute({
  method: 'GET',
  path: '/api/admin/stock-export',
  summary: 'Stock of every SKU as CSV',
  tags: ['admin', 'inventory'],
  access: access.admin('inventory:read'),
});
