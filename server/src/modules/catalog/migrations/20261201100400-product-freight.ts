import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * Shipping fees (issue 10): a product names its freight template (module freight; null = free shipping, as
 * before), and a SKU has a shipping weight for by-weight templates (0 until set).
 */
export async function up({ queryInterface: qi, DataTypes }: MigrationContext) {
  await qi.addColumn('products', 'freight_template_id', { type: DataTypes.INTEGER.UNSIGNED, allowNull: true });
  await qi.addColumn('skus', 'weight_grams', { type: DataTypes.INTEGER.UNSIGNED, allowNull: false, defaultValue: 0 });
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.removeColumn('skus', 'weight_grams');
  await qi.removeColumn('products', 'freight_template_id');
}
