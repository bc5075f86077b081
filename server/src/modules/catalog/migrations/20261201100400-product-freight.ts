import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * Shipping fees (issue 10): a product names its freight template (module freight; null = free shipping, as
 * before), and a SKU has a shipping weight for by-weight templates (0 until set).
 */
export async function up({ queryInterface: qi, DataTypes }: MigrationContext) {
  await qi.addColumn('products', 'freight_template_id', { type: DataTypes.INTEGER.UNSIGNED, allowNull: true });
  await qi.addColumn('skus', 'weight_grams', { type: DataTypes.INTEGER.UNSIGNED, allowNull: false, defaultValue: 0 });
}

export async function down({ sequelize }: MigrationContext) {
  // plain DROP COLUMN on both dialects: Sequelize's SQLite removeColumn rebuilds the table and loses its unique indexes
  await sequelize.query('ALTER TABLE skus DROP COLUMN weight_grams');
  await sequelize.query('ALTER TABLE products DROP COLUMN freight_template_id');
}
