import { Op, type Transaction } from 'sequelize';
import { forUpdate } from '../../platform/db/database';
import { NotFoundError } from '../../platform/errors';
import { Product, type Sku } from './catalog.model';
import { SkuStock, StockLedgerEntry } from './inventory/stock-ledger.model';
import { applyMovement, type InventoryDeps } from './inventory/stock-movement';

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

/**
 * Reserves stock for an order inside the caller's transaction: available goes down, reserved up. Lines are
 * taken in SKU order so two orders never wait on each other's rows in opposite orders (withTx retries a
 * deadlock anyway). Throws 409 OUT_OF_STOCK, rolling the whole order back, when a line does not fit.
 */
export async function reserveStock(
  deps: InventoryDeps,
  lines: StockLine[],
  by: OrderStockActor,
  tx: Transaction,
): Promise<void> {
  for (const line of [...lines].sort((a, b) => a.skuId - b.skuId)) {
    await applyMovement(
      deps,
      {
        skuId: line.skuId,
        kind: 'reserve',
        quantity: -line.quantity,
        reservedDelta: line.quantity,
        ref: by.orderNo,
        operator: by.operator,
        reason: by.reason ?? 'order placed',
      },
      tx,
    );
  }
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
 * Each product's salesCount grows by the units sold, once per order: a redelivered event finds the sale
 * rows already written and changes nothing.
 */
export async function sellReservedStock(deps: InventoryDeps, by: OrderStockActor, tx: Transaction) {
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
  for (const [productId, units] of [...unitsByProduct].sort(([a], [b]) => a - b)) {
    await Product.increment('salesCount', { by: units, where: { id: productId }, transaction: tx });
  }
  return unitsByProduct;
}

/**
 * The stock a SKU is created with enters the ledger as its opening inbound (ref "opening"). Called for
 * every SKU created through the model (a hook, see initInventoryModels), inside the creating transaction.
 */
export async function recordOpeningStock(
  skus: Pick<Sku, 'id' | 'stock'>[],
  operator: string,
  tx: Transaction | null | undefined,
): Promise<void> {
  const opening = skus.filter((s) => s.stock > 0);
  if (!opening.length) return;
  const recorded = await StockLedgerEntry.findAll({
    where: { skuId: opening.map((s) => s.id), kind: 'inbound', ref: 'opening' },
    transaction: tx,
  });
  const done = new Set(recorded.map((r) => r.skuId));
  await StockLedgerEntry.bulkCreate(
    opening
      .filter((s) => !done.has(s.id))
      .map((s) => ({
        skuId: s.id,
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
