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

/** `expression`, its value also kept in the user variable `name` when there is one (a statement batch's). */
const keep = (name: string | undefined, expression: string) => (name ? `(${name} := ${expression})` : expression);

/**
 * The guarded stock UPDATE of an outgoing movement: never below zero, never more reserved taken than held. `kept`
 * names user variables that receive the row's new stock and reserved.
 */
function guardedUpdateOf(
  m: Movement,
  now: Date,
  crossing: 'alert' | 'refuse' = 'alert',
  kept?: { stock: string; reserved: string },
): { sql: string; values: (number | Date)[] } {
  const reservedDelta = m.reservedDelta ?? 0;
  const guards = ['sku_id = ?'];
  const guardValues: number[] = [m.skuId];
  if (m.quantity < 0) {
    guards.push('stock >= ?');
    guardValues.push(-m.quantity);
    if (crossing === 'refuse') {
      // no low-stock crossing (crossesThreshold) with this movement: no threshold, below it already, or still at
      // or above it after; compared with the row as it is before the update
      guards.push('(low_stock_threshold IS NULL OR stock < low_stock_threshold OR stock + ? >= low_stock_threshold)');
      guardValues.push(m.quantity);
    }
  }
  if (reservedDelta < 0) {
    guards.push('reserved >= ?');
    guardValues.push(-reservedDelta);
  }
  return {
    sql:
      `UPDATE sku_stocks SET stock = ${keep(kept?.stock, 'stock + ?')}, ` +
      `reserved = ${keep(kept?.reserved, 'reserved + ?')}, sold = sold + ?, updated_at = ? WHERE ${guards.join(' AND ')}`,
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
  const { firstId } = await insertRows(sequelize, tx, 'stock_ledger', LEDGER_COLUMNS, [
    ledgerValuesOf(m, entry.balanceAfter, entry.reservedAfter, now),
  ]);
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

/** The ledger row of a statement batch's movement: its balances are the user variables its guarded UPDATE set. */
const BATCH_LEDGER_EXPRESSIONS: Record<string, string> = {
  balance_after: 'IF(ROW_COUNT() = 1, @mall_stock, NULL)',
  reserved_after: '@mall_reserved',
};
const BATCH_LEDGER_INSERT = insertSql('stock_ledger', LEDGER_COLUMNS, 1, { expressions: BATCH_LEDGER_EXPRESSIONS });
/** The places in LEDGER_COLUMNS order whose values that insert takes from SQL, not from ledgerValuesOf. */
const BATCH_LEDGER_IN_SQL = new Set(
  LEDGER_COLUMNS.flatMap((column, i) => (column in BATCH_LEDGER_EXPRESSIONS ? [i] : [])),
);

/** A ledger row's values in LEDGER_COLUMNS order. */
function ledgerValuesOf(m: Movement, balanceAfter: number, reservedAfter: number, now: Date) {
  return [
    m.skuId,
    m.kind,
    m.quantity,
    m.reservedDelta ?? 0,
    balanceAfter,
    reservedAfter,
    m.reason.slice(0, 200),
    m.operator.slice(0, 64),
    m.ref,
    now,
  ];
}

/**
 * applyFreshMovement for stock going out (a reservation, a sale), queued on a statement batch that is sent in one
 * round trip with its COMMIT, so the SKU row is locked only while the server runs the rest of the text: the guarded
 * UPDATE; the ledger row, a single-row INSERT ... VALUES whose balance is NULL (refused in every SQL mode: the
 * column is NOT NULL) when the guard held nothing or there is no such SKU, which stops the text before COMMIT (see
 * `isStockGuardRefusal`); a low-stock alert by INSERT ... SELECT only on a crossing, with its outbox event.
 * Resolves once the batch answered.
 */
export async function applyFreshMovementInBatch(
  deps: InventoryDeps,
  m: Movement,
  batch: StatementBatch,
  crossing: 'alert' | 'refuse' = 'alert',
): Promise<void> {
  if (m.kind === 'inbound') throw new Error('inbound stock goes through applyMovement (its cap guard)');
  const now = new Date();
  // the row's new balances are kept in user variables by the UPDATE itself (`:=` in an expression: MariaDB's own,
  // deprecated but kept by MySQL 8); the ledger row reads them only when the guard held (ROW_COUNT() is the
  // UPDATE's), else its balance is NULL and the text stops there
  const update = guardedUpdateOf(m, now, crossing, { stock: '@mall_stock', reserved: '@mall_reserved' });
  batch.add(update.sql, update.values);
  batch.add(
    BATCH_LEDGER_INSERT,
    ledgerValuesOf(m, 0, 0, now).filter((_, i) => !BATCH_LEDGER_IN_SQL.has(i)),
  );
  batch.afterCommit(() => cacheBus.publish(STOCK_TOPIC, [m.skuId]));
  // `refuse`: the guard let no crossing through, so no alert can be due (four statements fewer)
  if (crossing === 'refuse') return;
  batch.add('SET @mall_ledger_id = LAST_INSERT_ID()');
  // one alert per crossing (crossesThreshold): available was at or above the threshold before, is below it now
  batch.add(
    `INSERT INTO stock_alerts (${ALERT_COLUMNS.map((c) => `\`${c}\``).join(', ')}) ` +
      "SELECT sku_id, product_id, @mall_ledger_id, low_stock_threshold, stock, 'open', NULL, NULL, ?, ? " +
      'FROM sku_stocks WHERE sku_id = ? AND low_stock_threshold IS NOT NULL ' +
      'AND stock < low_stock_threshold AND stock - ? >= low_stock_threshold',
    [now, now, m.skuId, m.quantity],
  );
  batch.add('SET @mall_alert_id = IF(ROW_COUNT() = 1, LAST_INSERT_ID(), NULL)');
  const alertOf = (column: string) => `(SELECT ${column} FROM stock_alerts WHERE id = @mall_alert_id)`;
  let raised: LowStockRaised | null = null;
  deps.events.recordWithIdsInBatch(
    batch,
    'inventory.low_stock',
    {
      keySql: 'CAST(@mall_alert_id AS CHAR)',
      draft: { alertId: 0, skuId: m.skuId, productId: 0, threshold: 0, stock: 0 },
      ids: [
        ['$.alertId', '@mall_alert_id'],
        ['$.productId', alertOf('product_id')],
        ['$.threshold', alertOf('threshold')],
        ['$.stock', alertOf('stock_after')],
      ],
      when: '@mall_alert_id IS NOT NULL',
    },
    () => (raised ? { key: String(raised.alertId), payload: raised } : null),
  );
  const alert = batch.add<{ id: number; productId: number; threshold: number; stockAfter: number }[]>(
    'SELECT id, product_id AS productId, threshold, stock_after AS stockAfter FROM stock_alerts WHERE id = @mall_alert_id',
  );
  batch.afterCommit(() => {
    if (raised) deps.logger.warn(raised, 'low stock: a SKU fell below its threshold');
  });
  const [row] = await alert;
  if (row) {
    raised = {
      alertId: Number(row.id),
      skuId: m.skuId,
      productId: Number(row.productId),
      threshold: Number(row.threshold),
      stock: Number(row.stockAfter),
    };
  }
}

/**
 * Whether a batch failed on applyFreshMovementInBatch's ledger guard (a stock guard that held nothing, or no such
 * SKU): the caller rolls back and explains it with `explainStockRefusal`.
 */
export function isStockGuardRefusal(error: unknown): boolean {
  const parent = (error as { parent?: { errno?: number; message?: string } } | null)?.parent;
  return parent?.errno === ER_BAD_NULL_ERROR && /balance_after/.test(parent.message ?? '');
}

const ER_BAD_NULL_ERROR = 1048;

/**
 * The refusal a batch's failed stock guard stands for, read after its rollback: the first line (in SKU order) that
 * does not fit what is available now, or a missing SKU; when every line fits again (stock came back meanwhile),
 * the first line's, as the guard saw it.
 */
export async function explainStockRefusal(movements: readonly Movement[]): Promise<DomainError> {
  const sorted = [...movements].sort((a, b) => a.skuId - b.skuId);
  return (await findStockRefusal(sorted)) ?? refusalOf(sorted[0]!, { stock: 0, reserved: 0, stockCap: null });
}

/**
 * The refusal for the first movement (in SKU order) that does not fit what is available now, or a missing SKU;
 * null when every one fits (a guard in `refuse` mode held back a low-stock crossing, or stock came back).
 */
export async function findStockRefusal(movements: readonly Movement[]): Promise<DomainError | null> {
  const sorted = [...movements].sort((a, b) => a.skuId - b.skuId);
  const rows = await SkuStock.findAll({ where: { id: sorted.map((m) => m.skuId) } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const m of sorted) {
    const sku = byId.get(m.skuId);
    if (!sku || sku.stock < -m.quantity || sku.reserved < -(m.reservedDelta ?? 0)) return refusalOf(m, sku);
  }
  return null;
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
