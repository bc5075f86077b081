import { Op, literal, type Transaction, type WhereOptions } from 'sequelize';
import type { StockMovementKind } from '@mall/shared';
import { cacheBus } from '../../platform/cache/invalidation-bus';
import { forUpdate } from '../../platform/db/database';
import { changeRows, insertRows, insertSql, selectRows } from '../../platform/db/raw-sql';
import type { StatementBatch } from '../../platform/db/statement-batch';
import { DomainError, NotFoundError } from '../../platform/errors';
import type { PlatformDeps } from '../../platform/deps';
import type { LowStockRaised } from '../../platform/events/event-types';
import { SkuStock, StockAlert, StockLedgerEntry } from './stock.model';

/** Announced after the commit of any stock change, with the SKU ids: kept product pages carrying stock drop them. */
export const STOCK_TOPIC = 'stock';

export interface Movement {
  skuId: number;
  kind: StockMovementKind;
  /** Signed change of available stock. */
  quantity: number;
  /** Signed change of reserved stock. */
  reservedDelta?: number;
  /** Units leaving as sold (sale only). */
  soldDelta?: number;
  /** Business identity together with (skuId, kind): the same movement twice writes once. */
  ref: string;
  operator: string;
  reason: string;
}

export interface MovementResult {
  entry: StockLedgerEntry;
  sku: SkuStock;
  /** True when this movement was already in the ledger: nothing was written. */
  duplicate: boolean;
}

export type { LowStockRaised }; // moved to the platform's event map

export type InventoryDeps = Pick<PlatformDeps, 'events' | 'logger'>;

/**
 * The one way stock changes. A conditional update is the guard (never below zero, never above the cap on
 * inbound, whatever runs concurrently; the CHECKs back it up on MySQL); the row stays locked until commit,
 * so the balance read right after is exactly this movement's, and the ledger row records it.
 */
export async function applyMovement(
  deps: InventoryDeps,
  m: Movement,
  tx: Transaction,
  options: { isFirstOfRef?: boolean } = {},
): Promise<MovementResult> {
  // isFirstOfRef: the caller knows the ref is new (a fresh order number), so the unique (sku, kind, ref) key is
  // the dedupe and the SELECT is saved; a duplicate would fail the ledger insert and roll the caller back
  if (!options.isFirstOfRef) {
    const seen = await StockLedgerEntry.findOne({
      where: { skuId: m.skuId, kind: m.kind, ref: m.ref },
      transaction: tx,
    });
    if (seen) return { entry: seen, sku: await lockSku(m.skuId, tx), duplicate: true };
  }

  const reservedDelta = m.reservedDelta ?? 0;
  const soldDelta = m.soldDelta ?? 0;
  const guards: WhereOptions[] = [{ id: m.skuId }];
  if (m.quantity < 0) guards.push({ stock: { [Op.gte]: -m.quantity } });
  if (reservedDelta < 0) guards.push({ reserved: { [Op.gte]: -reservedDelta } });
  // the cap bounds what is on hand (available + reserved); only inbound is refused by it
  if (m.kind === 'inbound') {
    guards.push({ [Op.or]: [{ stockCap: null }, literal(`stock + reserved + ${int(m.quantity)} <= stock_cap`)] });
  }
  const [affected] = await SkuStock.update(
    {
      stock: literal(`stock + ${int(m.quantity)}`) as unknown as number,
      reserved: literal(`reserved + ${int(reservedDelta)}`) as unknown as number,
      sold: literal(`sold + ${int(soldDelta)}`) as unknown as number,
    },
    { where: { [Op.and]: guards }, transaction: tx },
  );
  if (affected !== 1) throw await refusal(m, tx);
  cacheBus.publishAfterCommit(tx, STOCK_TOPIC, [m.skuId]);

  const sku = await lockSku(m.skuId, tx);
  const entry = await StockLedgerEntry.create(
    {
      skuId: m.skuId,
      kind: m.kind,
      quantity: m.quantity,
      reservedDelta,
      balanceAfter: sku.stock,
      reservedAfter: sku.reserved,
      reason: m.reason.slice(0, 200),
      operator: m.operator.slice(0, 64),
      ref: m.ref,
    },
    { transaction: tx },
  );
  await raiseAlertOnCrossing(deps, sku, entry, tx);
  return { entry, sku, duplicate: false };
}

/** The guarded stock UPDATE of an outgoing movement: never below zero, never more reserved taken than held. */
function guardedUpdateOf(m: Movement, now: Date): { sql: string; values: (number | Date)[] } {
  const reservedDelta = m.reservedDelta ?? 0;
  const guards = ['sku_id = ?'];
  const guardValues: number[] = [m.skuId];
  if (m.quantity < 0) {
    guards.push('stock >= ?');
    guardValues.push(-m.quantity);
  }
  if (reservedDelta < 0) {
    guards.push('reserved >= ?');
    guardValues.push(-reservedDelta);
  }
  return {
    sql: `UPDATE sku_stocks SET stock = stock + ?, reserved = reserved + ?, sold = sold + ?, updated_at = ? WHERE ${guards.join(' AND ')}`,
    values: [int(m.quantity), int(reservedDelta), int(m.soldDelta ?? 0), now, ...guardValues],
  };
}

/**
 * A movement whose ref is new (a fresh order number), for the placement hot path: the same guard, ledger row and
 * alert as applyMovement, in raw statements (no model instances). The guarded UPDATE is the stock check; the
 * unique (sku, kind, ref) key on the ledger is the dedupe. Inbound (the cap guard) goes through applyMovement.
 */
export async function applyFreshMovement(deps: InventoryDeps, m: Movement, tx: Transaction): Promise<void> {
  if (m.kind === 'inbound') {
    await applyMovement(deps, m, tx, { isFirstOfRef: true });
    return;
  }
  const sequelize = SkuStock.sequelize!;
  const now = new Date();
  const update = guardedUpdateOf(m, now);
  const affected = await changeRows(sequelize, tx, update.sql, update.values);
  if (affected !== 1) throw await refusal(m, tx);
  cacheBus.publishAfterCommit(tx, STOCK_TOPIC, [m.skuId]);
  // the row is this transaction's until COMMIT: what it reads now is exactly this movement's balance
  const [sku] = await selectRows<{
    stock: number;
    reserved: number;
    productId: number;
    lowStockThreshold: number | null;
  }>(
    sequelize,
    tx,
    'SELECT stock, reserved, product_id AS productId, low_stock_threshold AS lowStockThreshold FROM sku_stocks WHERE sku_id = ?',
    [m.skuId],
  );
  const entry = {
    quantity: m.quantity,
    balanceAfter: Number(sku!.stock),
    reservedAfter: Number(sku!.reserved),
  };
  const { firstId } = await insertRows(
    sequelize,
    tx,
    'stock_ledger',
    [
      'sku_id',
      'kind',
      'quantity',
      'reserved_delta',
      'balance_after',
      'reserved_after',
      'reason',
      'operator',
      'ref',
      'created_at',
    ],
    [
      [
        m.skuId,
        m.kind,
        m.quantity,
        m.reservedDelta ?? 0,
        entry.balanceAfter,
        entry.reservedAfter,
        m.reason.slice(0, 200),
        m.operator.slice(0, 64),
        m.ref,
        now,
      ],
    ],
  );
  await raiseAlertOnCrossing(
    deps,
    {
      id: m.skuId,
      productId: Number(sku!.productId),
      lowStockThreshold: sku!.lowStockThreshold === null ? null : Number(sku!.lowStockThreshold),
    },
    { id: firstId, ...entry },
    tx,
  );
}

async function lockSku(skuId: number, tx: Transaction): Promise<SkuStock> {
  const sku = await SkuStock.findByPk(skuId, forUpdate(tx));
  if (!sku) throw new NotFoundError('This SKU', 'skuId');
  return sku;
}

/** Why the guarded update touched nothing, as the error the caller sees. */
async function refusal(m: Movement, tx: Transaction): Promise<DomainError> {
  const sku = await SkuStock.findByPk(m.skuId, forUpdate(tx)); // a locking read sees the latest, not the snapshot
  return refusalOf(m, sku);
}

function refusalOf(
  m: Movement,
  sku: Pick<SkuStock, 'stock' | 'reserved' | 'stockCap'> | null | undefined,
): DomainError {
  if (!sku) return new NotFoundError('This SKU', 'skuId');
  if (m.kind === 'inbound' && sku.stockCap !== null) {
    return new DomainError(
      'STOCK_CAP_EXCEEDED',
      `SKU ${m.skuId} holds ${sku.stock + sku.reserved} of its cap ${sku.stockCap}; ${m.quantity} more would exceed it`,
      409,
      'quantity',
    );
  }
  if (m.quantity < 0 && sku.stock < -m.quantity) {
    return m.kind === 'reserve'
      ? new DomainError('OUT_OF_STOCK', `SKU ${m.skuId} does not have ${-m.quantity} in stock`, 409, 'items')
      : new DomainError(
          'INSUFFICIENT_STOCK',
          `SKU ${m.skuId} has ${sku.stock} available; cannot take ${-m.quantity}`,
          409,
          'quantity',
        );
  }
  return new DomainError('RESERVATION_MISSING', `SKU ${m.skuId} has only ${sku.reserved} reserved`, 409, 'skuId');
}

/**
 * One alert per crossing: only the movement that takes available stock from at-or-above the threshold to
 * below it raises one; going back to the threshold or above re-arms it, because the next fall is a new crossing.
 */
async function raiseAlertOnCrossing(
  deps: InventoryDeps,
  sku: Pick<SkuStock, 'id' | 'productId' | 'lowStockThreshold'>,
  entry: Pick<StockLedgerEntry, 'id' | 'quantity' | 'balanceAfter'>,
  tx: Transaction,
) {
  const threshold = sku.lowStockThreshold;
  if (threshold === null || !crossesThreshold(threshold, entry)) return;
  const alert = await StockAlert.create(
    {
      skuId: sku.id,
      productId: sku.productId,
      ledgerEntryId: entry.id,
      threshold,
      stockAfter: entry.balanceAfter,
      status: 'open',
      acknowledgedBy: null,
      acknowledgedAt: null,
    },
    { transaction: tx },
  );
  const raised: LowStockRaised = {
    alertId: alert.id,
    skuId: sku.id,
    productId: sku.productId,
    threshold,
    stock: entry.balanceAfter,
  };
  await deps.events.record(tx, 'inventory.low_stock', String(alert.id), raised);
  tx.afterCommit(() => deps.logger.warn(raised, 'low stock: a SKU fell below its threshold'));
}

/** Available stock fell from at-or-above the threshold to below it with this movement. */
function crossesThreshold(threshold: number, entry: Pick<StockLedgerEntry, 'quantity' | 'balanceAfter'>): boolean {
  const before = entry.balanceAfter - entry.quantity;
  return before >= threshold && entry.balanceAfter < threshold;
}

const LEDGER_COLUMNS = [
  'sku_id',
  'kind',
  'quantity',
  'reserved_delta',
  'balance_after',
  'reserved_after',
  'reason',
  'operator',
  'ref',
  'created_at',
];

/**
 * applyFreshMovement for stock going out (a reservation, a sale), queued on a statement batch: the guarded
 * UPDATE, the ledger row (its balances read from the row this transaction now holds locked, by INSERT ... SELECT)
 * and the row as it now stands, all in the batch's next flush. Once that flush answered: a guard that held
 * nothing refuses (the same 409 as applyFreshMovement; the caller's batch rolls back), a crossing raises its alert.
 */
export async function applyFreshMovementInBatch(
  deps: InventoryDeps,
  m: Movement,
  batch: StatementBatch,
): Promise<void> {
  if (m.kind === 'inbound') throw new Error('inbound stock goes through applyMovement (its cap guard)');
  const reservedDelta = m.reservedDelta ?? 0;
  const now = new Date();
  const update = guardedUpdateOf(m, now);
  const updated = batch.add<{ affectedRows: number }>(update.sql, update.values);
  // when the guard held nothing this writes a ledger row all the same: the batch is rolled back below
  const ledger = batch.add<{ insertId: number }>(
    `INSERT INTO stock_ledger (${LEDGER_COLUMNS.map((c) => `\`${c}\``).join(', ')}) ` +
      'SELECT sku_id, ?, ?, ?, stock, reserved, ?, ?, ?, ? FROM sku_stocks WHERE sku_id = ?',
    [m.kind, m.quantity, reservedDelta, m.reason.slice(0, 200), m.operator.slice(0, 64), m.ref, now, m.skuId],
  );
  const after = batch.add<{ stock: number; productId: number; lowStockThreshold: number | null }[]>(
    'SELECT stock, product_id AS productId, low_stock_threshold AS lowStockThreshold FROM sku_stocks WHERE sku_id = ?',
    [m.skuId],
  );
  const [{ affectedRows }, { insertId }, [sku]] = await Promise.all([updated, ledger, after]);
  if (affectedRows !== 1) {
    const [locked] = await batch.query<Pick<SkuStock, 'stock' | 'reserved' | 'stockCap'>[]>(
      'SELECT stock, reserved, stock_cap AS stockCap FROM sku_stocks WHERE sku_id = ? FOR UPDATE',
      [m.skuId],
    );
    throw refusalOf(m, locked);
  }
  batch.afterCommit(() => cacheBus.publish(STOCK_TOPIC, [m.skuId]));
  const threshold = sku!.lowStockThreshold === null ? null : Number(sku!.lowStockThreshold);
  const entry = { id: Number(insertId), quantity: m.quantity, balanceAfter: Number(sku!.stock) };
  if (threshold === null || !crossesThreshold(threshold, entry)) return;
  const alert = await batch.query<{ insertId: number }>(insertSql('stock_alerts', ALERT_COLUMNS, 1), [
    m.skuId,
    Number(sku!.productId),
    entry.id,
    threshold,
    entry.balanceAfter,
    'open',
    null,
    null,
    now,
    now,
  ]);
  const raised: LowStockRaised = {
    alertId: Number(alert.insertId),
    skuId: m.skuId,
    productId: Number(sku!.productId),
    threshold,
    stock: entry.balanceAfter,
  };
  deps.events.recordInBatch(batch, 'inventory.low_stock', String(raised.alertId), raised);
  batch.afterCommit(() => deps.logger.warn(raised, 'low stock: a SKU fell below its threshold'));
}

const ALERT_COLUMNS = [
  'sku_id',
  'product_id',
  'ledger_entry_id',
  'threshold',
  'stock_after',
  'status',
  'acknowledged_by',
  'acknowledged_at',
  'created_at',
  'updated_at',
];

/** Integers only ever reach the SQL literal (callers pass validated integers; this makes sure). */
function int(n: number): number {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer quantity: ${n}`);
  return n;
}
