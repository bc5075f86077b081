import { addCheck, refColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

const STOCK_COLUMNS = ['stock', 'reserved', 'sold', 'low_stock_threshold', 'stock_cap'] as const;
const SKU_CHECKS = ['skus_stock_not_negative', 'skus_reserved_not_negative', 'skus_sold_not_negative'] as const;

/**
 * Stock leaves the catalog's `skus` for its own table, owned by inventory: one table, one model, one writer.
 * The figures are copied as they are (the ledger already explains them), then the columns leave `skus`.
 * Plain ALTER TABLE ... DROP COLUMN on both dialects: none of these columns is indexed, and Sequelize's
 * SQLite removeColumn would rebuild `skus` and lose its unique indexes.
 */
export async function up({ queryInterface: qi, sequelize, DataTypes }: MigrationContext) {
  const count = () => ({ type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
  await qi.createTable('sku_stocks', {
    sku_id: { type: DataTypes.INTEGER.UNSIGNED, primaryKey: true, allowNull: false },
    product_id: refColumn(),
    stock: count(),
    reserved: count(),
    sold: count(),
    low_stock_threshold: { type: DataTypes.INTEGER, allowNull: true },
    stock_cap: { type: DataTypes.INTEGER, allowNull: true },
    ...timestampColumns(),
  });
  await qi.addIndex('sku_stocks', ['product_id']);
  // the database has the last word: no movement can take a count below zero, whatever runs concurrently
  await addCheck(qi, sequelize, 'sku_stocks', 'sku_stocks_stock_not_negative', 'stock >= 0');
  await addCheck(qi, sequelize, 'sku_stocks', 'sku_stocks_reserved_not_negative', 'reserved >= 0');
  await addCheck(qi, sequelize, 'sku_stocks', 'sku_stocks_sold_not_negative', 'sold >= 0');

  await sequelize.query(
    `INSERT INTO sku_stocks (sku_id, product_id, stock, reserved, sold, low_stock_threshold, stock_cap, created_at, updated_at)
     SELECT id, product_id, stock, reserved, sold, low_stock_threshold, stock_cap, created_at, updated_at FROM skus`,
  );
  if (sequelize.getDialect() === 'mysql') {
    for (const check of SKU_CHECKS) await sequelize.query(`ALTER TABLE skus DROP CONSTRAINT ${check}`);
  }
  for (const column of STOCK_COLUMNS) await sequelize.query(`ALTER TABLE skus DROP COLUMN ${column}`);
}

export async function down({ queryInterface: qi, sequelize, DataTypes }: MigrationContext) {
  const count = () => ({ type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
  for (const column of ['stock', 'reserved', 'sold'] as const) await qi.addColumn('skus', column, count());
  await qi.addColumn('skus', 'low_stock_threshold', { type: DataTypes.INTEGER, allowNull: true });
  await qi.addColumn('skus', 'stock_cap', { type: DataTypes.INTEGER, allowNull: true });
  for (const column of STOCK_COLUMNS) {
    await sequelize.query(
      `UPDATE skus SET ${column} = (SELECT s.${column} FROM sku_stocks s WHERE s.sku_id = skus.id)
       WHERE EXISTS (SELECT 1 FROM sku_stocks s WHERE s.sku_id = skus.id)`,
    );
  }
  await addCheck(qi, sequelize, 'skus', 'skus_stock_not_negative', 'stock >= 0');
  await addCheck(qi, sequelize, 'skus', 'skus_reserved_not_negative', 'reserved >= 0');
  await addCheck(qi, sequelize, 'skus', 'skus_sold_not_negative', 'sold >= 0');
  await qi.dropTable('sku_stocks');
}
