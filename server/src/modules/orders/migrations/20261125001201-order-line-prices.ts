import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * Each order line records how its unit price came about: the SKU's base price then, and the pricing rule that
 * won ("level" / "channel" / "promotion", its id, its label), so a receipt or a dispute can explain the price.
 * Nullable: lines placed before pricing existed paid the base price.
 */
export async function up({ queryInterface: qi, DataTypes }: MigrationContext) {
  await qi.addColumn('order_lines', 'base_price_fen', { type: DataTypes.BIGINT, allowNull: true });
  await qi.addColumn('order_lines', 'price_source', { type: DataTypes.STRING(16), allowNull: true });
  await qi.addColumn('order_lines', 'price_rule_id', { type: DataTypes.INTEGER.UNSIGNED, allowNull: true });
  await qi.addColumn('order_lines', 'price_label', { type: DataTypes.STRING(16), allowNull: true });
}

export async function down({ queryInterface: qi }: MigrationContext) {
  for (const column of ['price_label', 'price_rule_id', 'price_source', 'base_price_fen']) {
    await qi.removeColumn('order_lines', column);
  }
}
