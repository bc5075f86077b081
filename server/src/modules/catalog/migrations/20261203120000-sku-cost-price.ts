import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * Cost price (issue 11, finance reports): what one unit of a SKU costs the shop, in fen; null until an admin sets
 * it (the profit report counts such lines as of unknown cost and says how many there were).
 */
export async function up({ queryInterface: qi, DataTypes }: MigrationContext) {
  await qi.addColumn('skus', 'cost_fen', { type: DataTypes.BIGINT, allowNull: true });
}

export async function down({ sequelize }: MigrationContext) {
  // plain DROP COLUMN on both dialects: Sequelize's SQLite removeColumn rebuilds the table and loses its unique indexes
  await sequelize.query('ALTER TABLE skus DROP COLUMN cost_fen');
}
