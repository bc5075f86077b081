import { idColumn, refColumn } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * What went back to the buyer, per refund and order line: a ledger, never updated or deleted. An order line's
 * refunded amount and quantity are the sums of its rows; (refund_no, order_line_id) is unique, so a refund that is
 * reported twice is written once.
 */
export async function up({ queryInterface: qi, DataTypes }: MigrationContext) {
  await qi.createTable('order_line_refunds', {
    id: idColumn,
    refund_no: { type: DataTypes.STRING(40), allowNull: false },
    order_id: refColumn(),
    order_line_id: refColumn(),
    quantity: { type: DataTypes.INTEGER, allowNull: false },
    refund_fen: { type: DataTypes.BIGINT, allowNull: false },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('order_line_refunds', ['refund_no', 'order_line_id'], {
    unique: true,
    name: 'order_line_refunds_once',
  });
  await qi.addIndex('order_line_refunds', ['order_id']);
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.dropTable('order_line_refunds');
}
