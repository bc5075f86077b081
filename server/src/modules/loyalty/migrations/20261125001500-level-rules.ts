import { addCheck, fenColumn, idColumn, refColumn } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * Level rules and perks on the ladder rows; a level history with its cause; a spend projection per order (paid
 * minus refunded, read over a rolling window). No column can hold a cash reward: referrals raise perks only.
 */
export async function up({ queryInterface: qi, sequelize, DataTypes }: MigrationContext) {
  await qi.addColumn('member_levels', 'min_spend_fen', fenColumn(0));
  await qi.addColumn('member_levels', 'min_direct_referrals', { type: DataTypes.INTEGER, allowNull: true });
  await qi.addColumn('member_levels', 'active_within_days', { type: DataTypes.INTEGER, allowNull: true });
  await qi.addColumn('member_levels', 'exclusive_activities', {
    type: DataTypes.STRING(1000),
    allowNull: false,
    defaultValue: '[]',
  });
  // default ladder: spend over the window, or direct referrals for the middle rungs; diamond also needs activity
  const rules: [string, number, number | null, number | null, string][] = [
    ['silver', 100_000, 5, null, '[]'],
    ['gold', 500_000, 20, 180, '["gold_day"]'],
    ['diamond', 2_000_000, null, 90, '["gold_day","diamond_salon"]'],
  ];
  for (const [code, minSpendFen, minDirectReferrals, activeWithinDays, activities] of rules) {
    await qi.bulkUpdate(
      'member_levels',
      {
        min_spend_fen: minSpendFen,
        min_direct_referrals: minDirectReferrals,
        active_within_days: activeWithinDays,
        exclusive_activities: activities,
      },
      { code },
    );
  }
  await addCheck(
    qi,
    sequelize,
    'member_levels',
    'member_levels_rules_sane',
    'min_spend_fen >= 0 AND discount_bps >= 0',
  );

  await qi.createTable('member_level_history', {
    id: idColumn,
    member_id: refColumn(),
    from_code: { type: DataTypes.STRING(16), allowNull: false },
    to_code: { type: DataTypes.STRING(16), allowNull: false },
    cause: { type: DataTypes.STRING(8), allowNull: false },
    reason: { type: DataTypes.STRING(200), allowNull: false },
    actor: { type: DataTypes.STRING(64), allowNull: false },
    /** Set by the nightly job only: one job change per member per day (Asia/Shanghai), whatever the retries. */
    job_day: { type: DataTypes.STRING(10), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('member_level_history', ['member_id', 'id']);
  await qi.addIndex('member_level_history', ['member_id', 'job_day'], { unique: true });

  await qi.createTable('member_spend_entries', {
    id: idColumn,
    member_id: refColumn(),
    order_id: refColumn(),
    kind: { type: DataTypes.STRING(8), allowNull: false },
    amount_fen: fenColumn(),
    occurred_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('member_spend_entries', ['order_id', 'kind'], { unique: true });
  await qi.addIndex('member_spend_entries', ['member_id', 'occurred_at']);
}

export async function down({ queryInterface: qi, sequelize }: MigrationContext) {
  // MariaDB refuses to drop a column a multi-column CHECK reads: drop the constraint first
  if (sequelize.getDialect() === 'mysql')
    await sequelize.query('ALTER TABLE `member_levels` DROP CONSTRAINT `member_levels_rules_sane`');
  await qi.dropTable('member_spend_entries');
  await qi.dropTable('member_level_history');
  for (const c of ['exclusive_activities', 'active_within_days', 'min_direct_referrals', 'min_spend_fen'])
    await qi.removeColumn('member_levels', c);
}
