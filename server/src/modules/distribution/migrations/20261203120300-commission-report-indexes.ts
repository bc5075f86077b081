import type { MigrationContext } from '../../../platform/db/migrate';

/** Finance reports (issue 11) read commission by the time it accrued and reversals by the time they were taken. */
export async function up({ queryInterface: qi }: MigrationContext) {
  await qi.addIndex('commissions', ['accrued_at'], { name: 'commissions_accrued_at' });
  await qi.addIndex('commission_reversals', ['created_at'], { name: 'commission_reversals_created_at' });
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.removeIndex('commission_reversals', 'commission_reversals_created_at');
  await qi.removeIndex('commissions', 'commissions_accrued_at');
}
