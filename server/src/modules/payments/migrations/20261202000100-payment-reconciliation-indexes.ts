import type { MigrationContext } from '../../../platform/db/migrate';

/** The daily reconciliation reads a channel's payments by the time they were paid and refunds by when they were asked. */
export async function up({ queryInterface: qi }: MigrationContext) {
  await qi.addIndex('payments', ['channel', 'paid_at'], { name: 'payments_channel_paid_at' });
  await qi.addIndex('refunds', ['channel', 'created_at'], { name: 'refunds_channel_created_at' });
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.removeIndex('refunds', 'refunds_channel_created_at');
  await qi.removeIndex('payments', 'payments_channel_paid_at');
}
