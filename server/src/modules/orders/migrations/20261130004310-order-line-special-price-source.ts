import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * The pricing rule kind "promotion" (a time-limited special price) is now "special" (特价), so the word stays
 * free for marketing campaigns; order lines that record where their price came from follow.
 */
export async function up({ sequelize }: MigrationContext) {
  await sequelize.query(`UPDATE order_lines SET price_source = 'special' WHERE price_source = 'promotion'`);
}

export async function down({ sequelize }: MigrationContext) {
  await sequelize.query(`UPDATE order_lines SET price_source = 'promotion' WHERE price_source = 'special'`);
}
