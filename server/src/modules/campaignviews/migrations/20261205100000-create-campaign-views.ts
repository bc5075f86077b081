import { refColumn } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * Views of campaign pages (issue 12), counted in Redis and rolled up here: per campaign, China day and sharing
 * distributor (promoter 0: nobody's share), and per campaign its unique viewers over its life. The rollup writes
 * what Redis holds for the day (never adds to it), so running it twice or at once changes nothing.
 */
export async function up({ queryInterface: qi, DataTypes }: MigrationContext) {
  await qi.createTable('campaign_view_days', {
    kind: { type: DataTypes.STRING(16), allowNull: false, primaryKey: true },
    campaign_id: { ...refColumn(), primaryKey: true },
    day: { type: DataTypes.STRING(10), allowNull: false, primaryKey: true },
    promoter_id: { ...refColumn(), primaryKey: true },
    views: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.createTable('campaign_view_totals', {
    kind: { type: DataTypes.STRING(16), allowNull: false, primaryKey: true },
    campaign_id: { ...refColumn(), primaryKey: true },
    unique_viewers: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.dropTable('campaign_view_totals');
  await qi.dropTable('campaign_view_days');
}
