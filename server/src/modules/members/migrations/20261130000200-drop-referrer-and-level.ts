import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * Who referred whom is the team module's (team_nodes.referrer_id, with its binding history), and the member's
 * level is the loyalty module's (loyalty_accounts.level_code, copied by 20261130000100): the members table stops
 * holding a second copy of either.
 */
export async function up({ queryInterface: qi }: MigrationContext) {
  const columns = await qi.describeTable('members');
  if ('referrer_id' in columns) {
    // the index goes first: SQLite cannot drop a column an index still names, MariaDB does not mind
    const indexes = (await qi.showIndex('members')) as { name: string }[];
    for (const { name } of indexes.filter((i) => i.name === 'members_referrer_id'))
      await qi.removeIndex('members', name);
    await qi.removeColumn('members', 'referrer_id');
  }
  if ('level_code' in columns) await qi.removeColumn('members', 'level_code');
}

/** Both columns come back filled from their owners' tables. */
export async function down({ queryInterface: qi, sequelize, DataTypes }: MigrationContext) {
  await qi.addColumn('members', 'referrer_id', { type: DataTypes.INTEGER.UNSIGNED, allowNull: true });
  await qi.addIndex('members', ['referrer_id']);
  await qi.addColumn('members', 'level_code', { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'normal' });
  await sequelize.query(
    'UPDATE members SET referrer_id = (SELECT t.referrer_id FROM team_nodes t WHERE t.member_id = members.id)',
  );
  await sequelize.query(
    `UPDATE members SET level_code = COALESCE(
       (SELECT a.level_code FROM loyalty_accounts a WHERE a.member_id = members.id), 'normal')`,
  );
}
