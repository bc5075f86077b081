import type { MigrationContext } from '../../../platform/db/migrate';

/** The fan-out sweep reads notices not yet fanned out, oldest first: an index keeps that read small. */
export async function up({ queryInterface: qi }: MigrationContext) {
  await qi.addIndex('team_notices', ['fanned_out_at', 'id'], { name: 'team_notices_unsent' });
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.removeIndex('team_notices', 'team_notices_unsent');
}
