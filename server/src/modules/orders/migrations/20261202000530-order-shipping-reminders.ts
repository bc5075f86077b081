import { idColumn, refColumn } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/** 提醒发货: each time a member reminded the shop to ship a paid order (at most one per order per window). */
export async function up({ queryInterface: qi, DataTypes }: MigrationContext) {
  await qi.createTable('order_shipping_reminders', {
    id: idColumn,
    order_id: refColumn(),
    member_id: refColumn(),
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('order_shipping_reminders', ['order_id', 'created_at'], { name: 'order_shipping_reminders_order' });
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.dropTable('order_shipping_reminders');
}
