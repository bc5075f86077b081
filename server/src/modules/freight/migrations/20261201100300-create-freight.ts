import { addCheck, fenColumn, idColumn, refColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * Shipping-fee templates (运费模板): a template counts pieces or grams, may be free above an amount, and has one
 * fee rule per group of regions (first units + additional units), one rule with no regions being the default.
 * Products name their template (catalog's products.freight_template_id); no template = free shipping.
 */
export async function up({ queryInterface: qi, sequelize, DataTypes }: MigrationContext) {
  await qi.createTable('freight_templates', {
    id: idColumn,
    name: { type: DataTypes.STRING(60), allowNull: false },
    basis: { type: DataTypes.STRING(8), allowNull: false },
    free_above_fen: { type: DataTypes.BIGINT, allowNull: true },
    ...timestampColumns(),
  });
  await qi.createTable('freight_rules', {
    id: idColumn,
    template_id: refColumn(),
    /** JSON array of province names or 2-digit codes; [] = every other region. */
    regions_json: { type: DataTypes.STRING(1000), allowNull: false },
    first_units: { type: DataTypes.INTEGER, allowNull: false },
    first_fee_fen: fenColumn(),
    extra_units: { type: DataTypes.INTEGER, allowNull: false },
    extra_fee_fen: fenColumn(),
    sort_order: { type: DataTypes.INTEGER, allowNull: false },
  });
  await qi.addIndex('freight_rules', ['template_id', 'sort_order']);
  await addCheck(
    qi,
    sequelize,
    'freight_rules',
    'freight_rules_valid',
    'first_units > 0 AND extra_units > 0 AND first_fee_fen >= 0 AND extra_fee_fen >= 0',
  );
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.dropTable('freight_rules');
  await qi.dropTable('freight_templates');
}
