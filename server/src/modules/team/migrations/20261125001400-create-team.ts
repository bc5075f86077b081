import { idColumn, refColumn } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';
import { backfillTeamNodes } from '../backfill-team-nodes';

/**
 * The referral tree as a materialized ancestor path per member, with stored team figures, a binding history,
 * an append-only delta log drained in batches, and per-day team buckets for the activity window.
 */
export async function up({ queryInterface: qi, sequelize, DataTypes }: MigrationContext) {
  const isMysql = sequelize.getDialect() === 'mysql';
  const count = { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 };
  const fen = { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 };
  await qi.createTable('team_nodes', {
    member_id: { type: DataTypes.INTEGER.UNSIGNED, primaryKey: true, allowNull: false },
    referrer_id: refColumn(true),
    depth: count,
    // '/1/5/9/': every ancestor, root first; MEDIUMTEXT so a 5,000-deep chain (~35 KB) fits
    ancestor_path: { type: isMysql ? 'MEDIUMTEXT' : DataTypes.TEXT, allowNull: false },
    bound_at: { type: DataTypes.DATE(3), allowNull: true },
    // who made the current binding: `member:<id>` or `admin:<username>` (a member never overrides an admin)
    bound_by: { type: DataTypes.STRING(64), allowNull: true },
    direct_count: count,
    team_count: count,
    team_sales_fen: fen,
    team_order_count: count,
    own_sales_fen: fen,
    own_order_count: count,
    last_paid_at: { type: DataTypes.DATE(3), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('team_nodes', ['referrer_id']);
  // subtree = rows whose path starts with a prefix: a prefix index serves the LIKE 'prefix%' of a rebind
  if (isMysql) await sequelize.query('CREATE INDEX team_nodes_ancestor_path ON team_nodes (ancestor_path(191))');

  await qi.createTable('referral_bindings', {
    id: idColumn,
    member_id: refColumn(),
    from_referrer_id: refColumn(true),
    to_referrer_id: refColumn(),
    actor: { type: DataTypes.STRING(64), allowNull: false },
    reason: { type: DataTypes.STRING(200), allowNull: false },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('referral_bindings', ['member_id', 'id']);

  await qi.createTable('team_deltas', {
    id: { ...idColumn, type: DataTypes.BIGINT },
    kind: { type: DataTypes.STRING(16), allowNull: false },
    source_id: refColumn(),
    member_id: refColumn(),
    members_delta: count,
    sales_fen: fen,
    orders_delta: count,
    day: { type: DataTypes.STRING(10), allowNull: true },
    // when the fact happened (an order's payment time), not when the row was written
    occurred_at: { type: DataTypes.DATE(3), allowNull: false },
    applied_at: { type: DataTypes.DATE(3), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  // idempotent by business identity: one delta per (kind, order) or (joined, member)
  await qi.addIndex('team_deltas', ['kind', 'source_id'], { unique: true, name: 'team_deltas_kind_source' });
  await qi.addIndex('team_deltas', ['applied_at', 'id']);
  await qi.addIndex('team_deltas', ['member_id', 'applied_at']);

  await qi.createTable('team_daily_figures', {
    member_id: { type: DataTypes.INTEGER.UNSIGNED, primaryKey: true, allowNull: false },
    day: { type: DataTypes.STRING(10), primaryKey: true, allowNull: false },
    team_sales_fen: fen,
    team_order_count: count,
    own_sales_fen: fen,
    own_order_count: count,
  });

  await backfillTeamNodes(sequelize);
}

export async function down({ queryInterface: qi }: MigrationContext) {
  for (const table of ['team_daily_figures', 'team_deltas', 'referral_bindings', 'team_nodes'])
    await qi.dropTable(table);
}
