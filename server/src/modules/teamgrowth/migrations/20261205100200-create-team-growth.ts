import { idColumn, refColumn } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * Team growth (issue 11): referral purchase rewards (one per referred member), frozen team rankings with their
 * entries, the awards they give (one per ranking, member and award) and the honours members hold, plus each
 * board's award list when an admin set one. Every reward is keyed by its business identity.
 */
export async function up({ queryInterface: qi, DataTypes }: MigrationContext) {
  const at = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });
  const text = (length: number) => ({ type: DataTypes.STRING(length), allowNull: false });
  const int = { type: DataTypes.INTEGER, allowNull: false };

  await qi.createTable('referral_purchase_rewards', {
    id: idColumn,
    // one reward per referred member: their first completed order decides it
    referee_id: refColumn(),
    referrer_id: refColumn(),
    order_id: refColumn(),
    kind: text(16),
    amount: int,
    status: text(16),
    reason: { ...text(120), defaultValue: '' },
    created_at: at(),
    updated_at: at(),
  });
  await qi.addIndex('referral_purchase_rewards', ['referee_id'], { unique: true, name: 'referral_rewards_referee' });
  await qi.addIndex('referral_purchase_rewards', ['referrer_id', 'id']);

  await qi.createTable('team_rankings', {
    id: idColumn,
    board: text(16),
    period: text(8),
    status: text(16),
    starts_at: at(),
    ends_at: at(),
    entry_count: int,
    // `job` or `admin:<username>`: who froze it first
    closed_by: text(64),
    closed_at: at(),
  });
  await qi.addIndex('team_rankings', ['board', 'period'], { unique: true, name: 'team_rankings_board_period' });
  await qi.addIndex('team_rankings', ['status']);

  await qi.createTable('team_ranking_entries', {
    ranking_id: { ...refColumn(), primaryKey: true },
    rank_no: { ...int, primaryKey: true },
    member_id: refColumn(),
    figure: { type: DataTypes.BIGINT, allowNull: false },
  });
  await qi.addIndex('team_ranking_entries', ['ranking_id', 'member_id'], {
    unique: true,
    name: 'team_ranking_entries_member',
  });

  await qi.createTable('team_awards', {
    id: idColumn,
    ranking_id: refColumn(),
    member_id: refColumn(),
    rank_no: int,
    // the award's place in the board's award list (rank N may win several)
    award_index: int,
    kind: text(16),
    amount: int,
    name: text(40),
    status: text(16),
    reason: { ...text(120), defaultValue: '' },
    granted_at: at(true),
    created_at: at(),
  });
  await qi.addIndex('team_awards', ['ranking_id', 'member_id', 'award_index'], {
    unique: true,
    name: 'team_awards_once',
  });
  await qi.addIndex('team_awards', ['member_id', 'id']);
  await qi.addIndex('team_awards', ['status']);

  await qi.createTable('team_honours', {
    id: idColumn,
    award_id: refColumn(),
    member_id: refColumn(),
    name: text(40),
    board: text(16),
    period: text(8),
    rank_no: int,
    created_at: at(),
  });
  await qi.addIndex('team_honours', ['award_id'], { unique: true, name: 'team_honours_award' });
  await qi.addIndex('team_honours', ['member_id', 'id']);

  await qi.createTable('team_award_configs', {
    board: { ...text(16), primaryKey: true },
    awards_json: { type: DataTypes.TEXT, allowNull: false },
    updated_by: text(64),
    updated_at: at(),
  });
}

export async function down({ queryInterface: qi }: MigrationContext) {
  for (const table of [
    'team_award_configs',
    'team_honours',
    'team_awards',
    'team_ranking_entries',
    'team_rankings',
    'referral_purchase_rewards',
  ])
    await qi.dropTable(table);
}
