import type { MigrationContext } from '../../../platform/db/migrate';

/** The profit report (issue 11) reads orders by the time they were paid. */
export async function up({ queryInterface: qi }: MigrationContext) {
  await qi.addIndex('orders', ['paid_at'], { name: 'orders_paid_at' });
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.removeIndex('orders', 'orders_paid_at');
}
