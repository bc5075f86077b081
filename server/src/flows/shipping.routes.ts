import type { Middleware } from 'koa';
import { CarrierCode, OrderNo, TrackingNo, warehouseCallback, WarehouseCallbackBody } from '@mall/shared';
import { adminBatchShip, adminShipOrder, type BatchShipReport } from '@mall/shared/admin';
import { checkWarehouseSignature } from '../integrations/warehouse';
import { withTx } from '../platform/db/database';
import { DomainError } from '../platform/errors';
import type { AdminActor, ApiRouter } from '../platform/http/api-router';
import { parseOrThrow } from '../platform/http/validate';
import { lockOrderForShipping } from '../modules/orders';
import { recordWarehouseProgress, type FulfilmentDeps } from '../modules/fulfilment';
import { MAX_SHEET_ROWS, readSheet, receiveSheet, sheetFormat, type UploadedSheet } from '../modules/inventory';
import { shipOrder, shipOrderInTx } from './ship-order';

type Row = BatchShipReport['rows'][number];
interface Parcel {
  rows: number[];
  orderNo: string;
  carrierCode: string;
  trackingNo: string;
  lines?: { orderLineId: number; quantity: number }[];
}

/**
 * Batch ship from a sheet (CSV or xlsx, read like the stock import): header orderNo, carrierCode, trackingNo and
 * optionally orderLineId + quantity (rows with the same order and tracking number are one parcel). Unlike the
 * stock import this is not all-or-nothing: each parcel ships in its own transaction, and every row is reported
 * shipped or skipped with a code and a reason (a file uploaded twice ships nothing twice: those rows are DUPLICATE).
 */
async function batchShip(deps: FulfilmentDeps, actor: AdminActor, file: UploadedSheet): Promise<BatchShipReport> {
  const format = sheetFormat(file);
  const [header = [], ...body] = await readSheet(file, format);
  const col = new Map(header.map((h, i) => [h.trim().toLowerCase(), i]));
  const missing = ['orderno', 'carriercode', 'trackingno'].filter((c) => !col.has(c));
  if (missing.length) {
    throw new DomainError('SHEET_HEADER_INVALID', `missing column(s): ${missing.join(', ')}`, 422, 'file');
  }
  const cell = (cells: string[], name: string) => (cells[col.get(name) ?? -1] ?? '').trim();
  const rows = body.map((cells, i) => ({ cells, row: i + 2 })).filter(({ cells }) => cells.some((c) => c.trim()));
  if (rows.length > MAX_SHEET_ROWS) {
    throw new DomainError('SHEET_TOO_LONG', `at most ${MAX_SHEET_ROWS} rows per file`, 422, 'file');
  }
  const report: Row[] = [];
  const skip = (row: number, orderNo: string, code: string, reason: string, orderStatus: Row['orderStatus'] = null) =>
    report.push({ row, orderNo, outcome: 'skipped', code, reason, orderStatus });
  const parcels = new Map<string, Parcel>();
  for (const { cells, row } of rows) {
    const orderNo = cell(cells, 'orderno');
    const carrierCode = cell(cells, 'carriercode').toLowerCase();
    const trackingNo = cell(cells, 'trackingno');
    const lineText = cell(cells, 'orderlineid');
    const quantityText = cell(cells, 'quantity');
    if (!OrderNo.safeParse(orderNo).success) {
      skip(row, orderNo, 'INVALID_ORDER_NO', 'not an order number');
      continue;
    }
    if (!CarrierCode.safeParse(carrierCode).success) {
      skip(row, orderNo, 'UNKNOWN_CARRIER', 'not a carrier code');
      continue;
    }
    if (!TrackingNo.safeParse(trackingNo).success) {
      skip(row, orderNo, 'INVALID_TRACKING_NO', '6 to 32 letters or digits');
      continue;
    }
    if (lineText && (!/^\d+$/.test(lineText) || !/^[1-9]\d{0,5}$/.test(quantityText || '1'))) {
      skip(row, orderNo, 'INVALID_LINE', 'orderLineId and quantity must be whole numbers');
      continue;
    }
    const key = `${orderNo}|${carrierCode}|${trackingNo}`;
    const parcel = parcels.get(key) ?? { rows: [], orderNo, carrierCode, trackingNo, lines: [] };
    parcel.rows.push(row);
    if (!lineText)
      parcel.lines = undefined; // a row without a line ships whatever is left
    else parcel.lines?.push({ orderLineId: Number(lineText), quantity: Number(quantityText || '1') });
    parcels.set(key, parcel);
  }
  for (const parcel of parcels.values()) {
    try {
      const result = await shipOrder(
        deps,
        parcel.orderNo,
        {
          carrierCode: parcel.carrierCode,
          trackingNo: parcel.trackingNo,
          lines: parcel.lines?.length ? parcel.lines : undefined,
        },
        { kind: 'admin', actor },
      );
      for (const row of parcel.rows) {
        if (result.duplicate)
          skip(row, parcel.orderNo, 'DUPLICATE', 'already shipped with this tracking number', result.orderStatus);
        else
          report.push({
            row,
            orderNo: parcel.orderNo,
            outcome: 'shipped',
            code: null,
            reason: null,
            orderStatus: result.orderStatus,
          });
      }
    } catch (error) {
      if (!(error instanceof DomainError) && (error as Error).name !== 'IllegalTransitionError') throw error;
      const code = error instanceof DomainError ? error.code : 'ILLEGAL_TRANSITION';
      for (const row of parcel.rows) skip(row, parcel.orderNo, code, (error as Error).message);
    }
  }
  actor.audited = true; // each shipped parcel wrote its own audit row; skipped rows changed nothing
  report.sort((a, b) => a.row - b.row);
  const shipped = report.filter((r) => r.outcome === 'shipped').length;
  return { format, rowCount: rows.length, shipped, skipped: report.length - shipped, rows: report };
}

/** The warehouse's callback is authenticated before anything is parsed: signature and timestamp (5 minutes). */
function verifyWarehouse(deps: FulfilmentDeps): Middleware {
  return async (ctx, next) => {
    const secret = deps.config.fulfilment.warehouseSecret;
    const rawBody = (ctx.request as { rawBody?: string }).rawBody ?? '';
    const problem =
      deps.config.fulfilment.warehouse === 'none' || !secret
        ? 'disabled'
        : checkWarehouseSignature(secret, ctx.headers, rawBody);
    if (problem) throw new DomainError('WAREHOUSE_SIGNATURE_REFUSED', `The callback was refused (${problem})`, 401);
    await next();
  };
}

export function registerShippingRoutes(api: ApiRouter, deps: FulfilmentDeps) {
  api.add(adminShipOrder, ({ ctx, params, body }) =>
    shipOrder(deps, params.orderNo, body, { kind: 'admin', actor: ctx.state.actor as AdminActor }),
  );
  api.add(
    adminBatchShip,
    ({ ctx }) => batchShip(deps, ctx.state.actor as AdminActor, ctx.state.sheet as UploadedSheet),
    [receiveSheet],
  );
  api.add(
    warehouseCallback,
    async ({ ctx }) => {
      const body = parseOrThrow(WarehouseCallbackBody, ctx.request.body ?? {}, 'body');
      if (body.event !== 'shipped') {
        const moved = await withTx(deps.sequelize, async (tx) => {
          const order = await lockOrderForShipping(body.orderNo, tx);
          return recordWarehouseProgress(tx, order.orderId, order.orderNo, body.event);
        });
        return { ok: true as const, duplicate: !moved };
      }
      if (!body.shipments?.length)
        throw new DomainError('SHIPMENTS_REQUIRED', 'shipped needs its parcels', 400, 'shipments');
      // all parcels of one callback in one transaction: a retried callback finds them all as duplicates
      const results = await withTx(deps.sequelize, async (tx) => {
        const out = [];
        for (const s of body.shipments!)
          out.push(await shipOrderInTx(deps, tx, body.orderNo, s, { kind: 'warehouse' }));
        return out;
      });
      return { ok: true as const, duplicate: results.every((r) => r.duplicate) };
    },
    [verifyWarehouse(deps)],
  );
}
