import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * A notice to chosen members (the audience of a training session, those signed up for it): their ids, as JSON.
 * Null keeps the team notice's own reach (the sender's two levels, read when it fans out).
 */
export async function up({ queryInterface: qi, DataTypes }: MigrationContext) {
  await qi.addColumn('team_notices', 'recipient_ids_json', { type: DataTypes.TEXT('medium'), allowNull: true });
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.removeColumn('team_notices', 'recipient_ids_json');
}
