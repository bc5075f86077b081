import { Op, type Transaction } from 'sequelize';
import { forUpdate } from '../../platform/db/database';
import { NotFoundError, type DomainError } from '../../platform/errors';
import { SkuStock, StockLedgerEntry } from './stock.model';
import { settleAll, type StatementBatch } from '../../platform/db/statement-batch';
import {
  applyFreshMovement,
  applyFreshMovementInBatch,
  applyMovement,
  explainStockRefusal,
  findStockRefusal,
  isStockGuardRefusal,
  type InventoryDeps,
} from './stock-movement';

export interface StockLine {
  skuId: number;
  quantity: number;
}

/** Who moves stock for an order: the order number is the business reference of every ledger row. */
export interface OrderStockActor {
  orderNo: string;
  /** member:<id>, system:timeout, wechatpay:notify ... */
  operator: string;
  reason?: string;
}

/** The movement that reserves one order line: available down, reserved up, the order number as reference. */
function reserveMovementOf(line: StockLine, by: OrderStockActor) {
  return {
    skuId: line.skuId,
    kind: 'reserve' as const,
    quantity: -line.quantity,
    reservedDelta: line.quantity,
    ref: by.orderNo,
    operator: by.operator,
    reason: by.reason ?? 'order placed',
  };
}

/**
 * Reserves stock for an order inside the caller's transaction: available goes down, reserved up. Lines are
 * taken in SKU order so two orders never wait on each other's rows in opposite orders (withTx retries a
 * deadlock anyway). Throws 409 OUT_OF_STOCK, rolling the whole order back, when a line does not fit.
 * The order number is new (the order row was inserted in this transaction), so no dedupe SELECT is run: the
 * ledger's unique (sku, kind, ref) key has the last word.
 */
export async function reserveStock(
  deps: InventoryDeps,
  lines: StockLine[],
  by: OrderStockActor,
  tx: Transaction,
): Promise<void> {
  for (const line of [...lines].sort((a, b) => a.skuId - b.skuId)) {
    await applyFreshMovement(deps, reserveMovementOf(line, by), tx);
  }
}

/**
 * reserveStock on a placement's statement batch (platform/db/statement-batch.ts), queued for the round trip that
 * commits: a line that does not fit stops the batch before COMMIT (isReserveRefusal).
 */
export async function reserveStockInBatch(
  deps: InventoryDeps,
  lines: StockLine[],
  by: OrderStockActor,
  batch: StatementBatch,
  crossing: 'alert' | 'refuse' = 'alert',
): Promise<void> {
  const reserved = [...lines]
    .sort((a, b) => a.skuId - b.skuId)
    .map((line) => applyFreshMovementInBatch(deps, reserveMovementOf(line, by), batch, crossing));
  await settleAll(reserved);
}

/**
 * Whether a placement batch failed because a reservation did not fit (reserveStockInBatch's guard); then, once it
 * rolled back, `explainReserveRefusal` gives the 409 to answer.
 */
export const isReserveRefusal = isStockGuardRefusal;

/**
 * After a refused batch: the 409 when a line does not fit what is available now, else null (every line fits: a
 * batch in `refuse` mode met a low-stock crossing, and is to be placed again with `alert`).
 */
export function findReserveRefusal(lines: readonly StockLine[]): Promise<DomainError | null> {
  return findStockRefusal(lines.map((l) => reserveMovementOf(l, { orderNo: '', operator: '', reason: '' })));
}

/** Why reserving these lines was refused (OUT_OF_STOCK for the first that does not fit, or a missing SKU). */
export function explainReserveRefusal(lines: readonly StockLine[]): Promise<DomainError> {
  return explainStockRefusal(lines.map((l) => reserveMovementOf(l, { orderNo: '', operator: '', reason: '' })));
}

/** The order's reservations still open (neither released nor sold), in SKU order. */
async function openReservations(orderNo: string, tx: Transaction) {
  const rows = await StockLedgerEntry.findAll({
    where: { ref: orderNo, kind: { [Op.in]: ['reserve', 'release', 'sale'] } },
    order: [['skuId', 'ASC']],
    transaction: tx,
  });
  const settled = new Set(rows.filter((r) => r.kind !== 'reserve').map((r) => r.skuId));
  return rows.filter((r) => r.kind === 'reserve' && !settled.has(r.skuId));
}

/**
 * Gives an order's reservations back (cancel, payment timeout). The ledger says what was reserved, so a
 * release never returns more than the order took, and releasing twice returns nothing the second time.
 */
export async function releaseStock(deps: InventoryDeps, by: OrderStockActor, tx: Transaction): Promise<void> {
  for (const reservation of await openReservations(by.orderNo, tx)) {
    await applyMovement(
      deps,
      {
        skuId: reservation.skuId,
        kind: 'release',
        quantity: reservation.reservedDelta,
        reservedDelta: -reservation.reservedDelta,
        ref: by.orderNo,
        operator: by.operator,
        reason: by.reason ?? 'order cancelled',
      },
      tx,
    );
  }
}

/**
 * Payment turns the order's reservations into sales: reserved goes down, sold up, available unchanged.
 * Answers the units newly sold per product (for the catalog's sales counts): a redelivered event finds the
 * sale rows already written, changes nothing and answers an empty map, so the counts grow once per order.
 */
export async function sellReservedStock(
  deps: InventoryDeps,
  by: OrderStockActor,
  tx: Transaction,
): Promise<Map<number, number>> {
  const unitsByProduct = new Map<number, number>();
  for (const reservation of await openReservations(by.orderNo, tx)) {
    const { sku, duplicate } = await applyMovement(
      deps,
      {
        skuId: reservation.skuId,
        kind: 'sale',
        quantity: 0,
        reservedDelta: -reservation.reservedDelta,
        soldDelta: reservation.reservedDelta,
        ref: by.orderNo,
        operator: by.operator,
        reason: by.reason ?? 'order paid',
      },
      tx,
    );
    if (!duplicate) {
      unitsByProduct.set(sku.productId, (unitsByProduct.get(sku.productId) ?? 0) + reservation.reservedDelta);
    }
  }
  return unitsByProduct;
}

/** A new SKU as inventory needs it: its id, its product and the stock it starts with. */
export interface OpeningStock {
  skuId: number;
  productId: number;
  stock: number;
}

/**
 * Gives new SKUs their stock row, and their opening stock enters the ledger as an inbound (ref "opening"),
 * in the transaction that creates the SKUs, so the ledger sums to the stock from the start. The catalog's
 * save-product use case (and the demo seed) call it; a SKU that already has its row is left as it is.
 */
export async function recordOpeningStock(tx: Transaction, skus: OpeningStock[], operator: string): Promise<void> {
  if (!skus.length) return;
  const existing = await SkuStock.findAll({
    where: { id: skus.map((s) => s.skuId) },
    attributes: ['id'],
    transaction: tx,
  });
  const known = new Set(existing.map((s) => s.id));
  const fresh = skus.filter((s) => !known.has(s.skuId));
  if (!fresh.length) return;
  await SkuStock.bulkCreate(
    fresh.map((s) => ({
      id: s.skuId,
      productId: s.productId,
      stock: s.stock,
      reserved: 0,
      sold: 0,
      lowStockThreshold: null,
      stockCap: null,
    })),
    { transaction: tx },
  );
  await StockLedgerEntry.bulkCreate(
    fresh
      .filter((s) => s.stock > 0)
      .map((s) => ({
        skuId: s.skuId,
        kind: 'inbound' as const,
        quantity: s.stock,
        reservedDelta: 0,
        balanceAfter: s.stock,
        reservedAfter: 0,
        reason: 'opening stock',
        operator,
        ref: 'opening',
      })),
    { transaction: tx },
  );
}

/**
 * Sets a SKU's available stock to a counted figure (a product edit form, a stock take) as one adjustment,
 * so the ledger keeps explaining the stock. `ref` identifies the edit (e.g. `product-edit:<request id>`).
 */
export async function adjustStockTo(
  deps: InventoryDeps,
  skuId: number,
  target: number,
  by: { ref: string; operator: string; reason: string },
  tx: Transaction,
): Promise<void> {
  const sku = await SkuStock.findByPk(skuId, forUpdate(tx));
  if (!sku) throw new NotFoundError('This SKU', 'skuId');
  if (sku.stock === target) return;
  await applyMovement(deps, { skuId, kind: 'adjustment', quantity: target - sku.stock, ...by }, tx);
}

/**
 * Goods an after-sales return brought back go on sale again: available up, sold down. Keyed by the request, so a
 * repeated receipt restocks once. The stock cap does not refuse a return (the goods are already in the warehouse).
 */
export async function restockReturned(
  deps: InventoryDeps,
  input: { skuId: number; quantity: number; ref: string; operator: string },
  tx: Transaction,
): Promise<void> {
  await applyMovement(
    deps,
    {
      skuId: input.skuId,
      kind: 'adjustment',
      quantity: input.quantity,
      soldDelta: -input.quantity,
      ref: input.ref,
      operator: input.operator,
      reason: 'after-sales return received',
    },
    tx,
  );
}

/** An exchange's replacement leaves the warehouse: on-hand stock goes down and the sale counts once more. */
export async function shipReplacement(
  deps: InventoryDeps,
  input: { skuId: number; quantity: number; ref: string; operator: string },
  tx: Transaction,
): Promise<void> {
  await applyMovement(
    deps,
    {
      skuId: input.skuId,
      kind: 'outbound',
      quantity: -input.quantity,
      soldDelta: input.quantity,
      ref: input.ref,
      operator: input.operator,
      reason: 'after-sales exchange replacement shipped',
    },
    tx,
  );
}
