import { addCheck, idColumn, refColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/** Level, channel and promotional prices; the resolver in shared/src/pricing.ts decides which one a member pays. */
export async function up({ queryInterface: qi, sequelize, DataTypes }: MigrationContext) {
  await qi.createTable('price_rules', {
    id: idColumn,
    kind: { type: DataTypes.STRING(16), allowNull: false },
    product_id: refColumn(),
    sku_id: refColumn(true),
    level_code: { type: DataTypes.STRING(16), allowNull: true },
    channel: { type: DataTypes.STRING(16), allowNull: true },
    fixed_price_fen: { type: DataTypes.BIGINT, allowNull: true },
    discount_bps: { type: DataTypes.INTEGER, allowNull: true },
    starts_at: { type: DataTypes.DATE(3), allowNull: true },
    ends_at: { type: DataTypes.DATE(3), allowNull: true },
    label: { type: DataTypes.STRING(16), allowNull: true },
    scope_key: { type: DataTypes.STRING(120), allowNull: false, unique: true },
    ...timestampColumns(),
  });
  await qi.addIndex('price_rules', ['product_id', 'kind']);
  await addCheck(
    qi,
    sequelize,
    'price_rules',
    'price_rules_amount_valid',
    '(fixed_price_fen IS NULL) <> (discount_bps IS NULL) AND (fixed_price_fen IS NULL OR fixed_price_fen > 0)' +
      ' AND (discount_bps IS NULL OR discount_bps BETWEEN 0 AND 10000)' +
      ' AND (starts_at IS NULL OR ends_at > starts_at)',
  );
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.dropTable('price_rules');
}
