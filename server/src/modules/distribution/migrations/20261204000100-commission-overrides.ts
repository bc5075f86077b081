import { addCheck, idColumn, refColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * Per-product and per-SKU commission overrides (issue 11): a product's own rate per level (bps) or fixed fen per
 * unit per level, and a SKU's, which beats its product's. One row per (product, SKU); `sku_id` 0 is the product's
 * own rule (0 rather than NULL, so the unique key holds: MySQL lets NULLs repeat in a unique index).
 */
export async function up({ queryInterface: qi, sequelize, DataTypes }: MigrationContext) {
  await qi.createTable('commission_overrides', {
    id: idColumn,
    product_id: refColumn(),
    sku_id: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false, defaultValue: 0 },
    /** `rate` (level1/level2 in bps) or `fixed` (level1/level2 in fen per unit). */
    mode: { type: DataTypes.STRING(8), allowNull: false },
    level1: { type: DataTypes.BIGINT, allowNull: false },
    /** Null where the override names one level only (a second level then earns nothing on this product). */
    level2: { type: DataTypes.BIGINT, allowNull: true },
    updated_by: { type: DataTypes.STRING(64), allowNull: false },
    ...timestampColumns(),
  });
  await qi.addIndex('commission_overrides', ['product_id', 'sku_id'], { unique: true });
  await addCheck(
    qi,
    sequelize,
    'commission_overrides',
    'commission_overrides_valid',
    "(mode = 'rate' AND level1 BETWEEN 0 AND 10000 AND (level2 IS NULL OR level2 BETWEEN 0 AND 10000)) OR " +
      "(mode = 'fixed' AND level1 >= 0 AND (level2 IS NULL OR level2 >= 0))",
  );
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.dropTable('commission_overrides');
}
