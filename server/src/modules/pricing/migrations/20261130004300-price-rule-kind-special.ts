import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * The time-limited price rule kind "promotion" becomes "special" (特价), so "promotion" stays free for marketing
 * campaigns (coupons, 满减, group-buy, flash sales). `kind` is a plain string column without an enum or CHECK,
 * so only the stored rows change: their kind, and the kind prefix of their identity key (`promotion:p1:...`).
 */
export async function up({ sequelize }: MigrationContext) {
  await sequelize.query(
    `UPDATE price_rules SET kind = 'special', scope_key = REPLACE(scope_key, 'promotion:', 'special:')
     WHERE kind = 'promotion'`,
  );
}

export async function down({ sequelize }: MigrationContext) {
  await sequelize.query(
    `UPDATE price_rules SET kind = 'promotion', scope_key = REPLACE(scope_key, 'special:', 'promotion:')
     WHERE kind = 'special'`,
  );
}
