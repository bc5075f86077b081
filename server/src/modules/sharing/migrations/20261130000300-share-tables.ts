import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * The share-tracking module is now "sharing": its tables leave the promotion_ prefix, which marketing campaigns
 * (coupons, 满减, group-buy, flash sales) will want. Rows, keys and indexes move with the tables (index names keep
 * their old words: SQLite cannot rename an index, and nothing refers to them by name).
 */
const RENAMES: [string, string][] = [
  ['promotion_shares', 'share_links'],
  ['promotion_opens', 'share_opens'],
  ['promotion_attributions', 'share_attributions'],
  ['promotion_daily_stats', 'share_daily_stats'],
];

export async function up({ queryInterface: qi }: MigrationContext) {
  for (const [from, to] of RENAMES) await qi.renameTable(from, to);
}

export async function down({ queryInterface: qi }: MigrationContext) {
  for (const [from, to] of RENAMES) await qi.renameTable(to, from);
}
