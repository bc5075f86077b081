import type { MigrationContext } from '../../../platform/db/migrate';

/** Finance reports (issue 11) read payments by the time the money came and refunds by the time they succeeded. */
export async function up({ queryInterface: qi }: MigrationContext) {
  await qi.addIndex('payments', ['paid_at'], { name: 'payments_paid_at' });
  await qi.addIndex('refunds', ['succeeded_at'], { name: 'refunds_succeeded_at' });
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.removeIndex('refunds', 'refunds_succeeded_at');
  await qi.removeIndex('payments', 'payments_paid_at');
}
