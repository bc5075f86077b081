import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * The member's current level moves from members.level_code to loyalty's own account row, so the loyalty module is
 * its one writer. Every member gets an account (an empty one where they had none), carrying the level they hold.
 * Portable SQL: runs on MariaDB and on SQLite (quickstart). members.level_code is dropped by the members migration
 * that follows (20261130000200), once this copy is done.
 */
export async function up({ queryInterface: qi, sequelize, DataTypes }: MigrationContext) {
  await qi.addColumn('loyalty_accounts', 'level_code', {
    type: DataTypes.STRING(16),
    allowNull: false,
    defaultValue: 'normal',
  });
  await sequelize.query(
    `INSERT INTO loyalty_accounts (member_id, available_points, frozen_points, level_code, created_at, updated_at)
     SELECT m.id, 0, 0, m.level_code, m.created_at, m.updated_at FROM members m
     WHERE NOT EXISTS (SELECT 1 FROM loyalty_accounts a WHERE a.member_id = m.id)`,
  );
  await sequelize.query(
    `UPDATE loyalty_accounts SET level_code = (SELECT m.level_code FROM members m WHERE m.id = loyalty_accounts.member_id)
     WHERE EXISTS (SELECT 1 FROM members m WHERE m.id = loyalty_accounts.member_id)`,
  );
  // "members at level X" (admin search, the nightly job, a level's holder count) reads this index
  await qi.addIndex('loyalty_accounts', ['level_code', 'member_id'], { name: 'loyalty_accounts_level' });
}

export async function down({ queryInterface: qi }: MigrationContext) {
  // members.level_code is restored (and refilled) by the members migration's down, which runs first
  await qi.removeIndex('loyalty_accounts', 'loyalty_accounts_level');
  await qi.removeColumn('loyalty_accounts', 'level_code');
}
