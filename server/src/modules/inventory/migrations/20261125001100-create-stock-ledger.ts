import { addCheck, idColumn, refColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * Inventory: `skus.stock` stays the available quantity; `reserved` is held by unpaid orders and `sold` left
 * by payment. Every movement is a row of stock_ledger, unique by business identity (sku, kind, ref).
 */
export async function up({ queryInterface: qi, sequelize, DataTypes }: MigrationContext) {
  const count = () => ({ type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
  await qi.addColumn('skus', 'reserved', count());
  await qi.addColumn('skus', 'sold', count());
  await qi.addColumn('skus', 'low_stock_threshold', { type: DataTypes.INTEGER, allowNull: true });
  await qi.addColumn('skus', 'stock_cap', { type: DataTypes.INTEGER, allowNull: true });
  await addCheck(qi, sequelize, 'skus', 'skus_reserved_not_negative', 'reserved >= 0');
  await addCheck(qi, sequelize, 'skus', 'skus_sold_not_negative', 'sold >= 0');

  await qi.createTable('stock_ledger', {
    id: idColumn,
    sku_id: refColumn(),
    kind: { type: DataTypes.STRING(16), allowNull: false },
    quantity: { type: DataTypes.INTEGER, allowNull: false },
    reserved_delta: { type: DataTypes.INTEGER, allowNull: false },
    balance_after: { type: DataTypes.INTEGER, allowNull: false },
    reserved_after: { type: DataTypes.INTEGER, allowNull: false },
    reason: { type: DataTypes.STRING(200), allowNull: false },
    operator: { type: DataTypes.STRING(64), allowNull: false },
    ref: { type: DataTypes.STRING(80), allowNull: false },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  // a retried job, a duplicate event or a resubmitted admin form writes nothing new
  await qi.addIndex('stock_ledger', ['sku_id', 'kind', 'ref'], { unique: true, name: 'stock_ledger_identity' });
  await qi.addIndex('stock_ledger', ['ref', 'kind']);
  await addCheck(qi, sequelize, 'stock_ledger', 'stock_ledger_balance_not_negative', 'balance_after >= 0');

  await qi.createTable('stock_alerts', {
    id: idColumn,
    sku_id: refColumn(),
    product_id: refColumn(),
    ledger_entry_id: refColumn(),
    threshold: { type: DataTypes.INTEGER, allowNull: false },
    stock_after: { type: DataTypes.INTEGER, allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false },
    acknowledged_by: { type: DataTypes.STRING(64), allowNull: true },
    acknowledged_at: { type: DataTypes.DATE(3), allowNull: true },
    ...timestampColumns(),
  });
  // one alert per crossing: the crossing is one ledger row
  await qi.addIndex('stock_alerts', ['ledger_entry_id'], { unique: true });
  await qi.addIndex('stock_alerts', ['status', 'id']);

  // SKUs that existed before the ledger open it with their stock, so the ledger sums to the stock from day one
  await sequelize.query(
    `INSERT INTO stock_ledger (sku_id, kind, quantity, reserved_delta, balance_after, reserved_after, reason, operator, ref, created_at)
     SELECT id, 'inbound', stock, 0, stock, 0, 'opening stock', 'system:migration', 'opening', CURRENT_TIMESTAMP
     FROM skus WHERE stock > 0`,
  );
}

export async function down({ queryInterface: qi, sequelize }: MigrationContext) {
  await qi.dropTable('stock_alerts');
  await qi.dropTable('stock_ledger');
  if (sequelize.getDialect() === 'mysql') {
    for (const check of ['skus_reserved_not_negative', 'skus_sold_not_negative'])
      await sequelize.query(`ALTER TABLE skus DROP CONSTRAINT ${check}`);
  }
  for (const column of ['stock_cap', 'low_stock_threshold', 'sold', 'reserved']) await qi.removeColumn('skus', column);
}
