import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * Points spent at checkout come back in parts (a refund of one line returns its share): each spend and each
 * lot it used records how much has been returned, so returns never add up to more than was spent.
 */
export async function up({ queryInterface: qi, sequelize, DataTypes }: MigrationContext) {
  await qi.addColumn('points_spends', 'returned_points', {
    type: DataTypes.INTEGER,
    allowNull: false,
    defaultValue: 0,
  });
  await qi.addColumn('points_spend_lots', 'returned_points', {
    type: DataTypes.INTEGER,
    allowNull: false,
    defaultValue: 0,
  });
  // spends refunded whole before this column: everything came back
  await sequelize.query('UPDATE points_spends SET returned_points = points WHERE is_refunded = 1');
  await sequelize.query(
    'UPDATE points_spend_lots SET returned_points = points WHERE spend_id IN (SELECT id FROM points_spends WHERE is_refunded = 1)',
  );
}

export async function down({ sequelize }: MigrationContext) {
  // plain DROP COLUMN: Sequelize's SQLite removeColumn rebuilds the table and loses its unique indexes
  await sequelize.query('ALTER TABLE points_spend_lots DROP COLUMN returned_points');
  await sequelize.query('ALTER TABLE points_spends DROP COLUMN returned_points');
}
