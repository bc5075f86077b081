import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * When an order was shipped (its last line went out), received (by the member or automatically) and completed
 * (the after-sales window closed). The auto-receipt and completion sweeps look orders up by status and time.
 */
export async function up({ queryInterface: qi, DataTypes }: MigrationContext) {
  for (const column of ['shipped_at', 'received_at', 'completed_at']) {
    await qi.addColumn('orders', column, { type: DataTypes.DATE(3), allowNull: true });
  }
  await qi.addIndex('orders', ['status', 'shipped_at'], { name: 'orders_status_shipped_at' });
  await qi.addIndex('orders', ['status', 'received_at'], { name: 'orders_status_received_at' });
  await qi.addIndex('orders', ['created_at'], { name: 'orders_created_at' });
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.removeIndex('orders', 'orders_created_at');
  await qi.removeIndex('orders', 'orders_status_received_at');
  await qi.removeIndex('orders', 'orders_status_shipped_at');
  for (const column of ['completed_at', 'received_at', 'shipped_at']) await qi.removeColumn('orders', column);
}
