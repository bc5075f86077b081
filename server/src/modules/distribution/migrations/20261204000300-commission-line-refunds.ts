import { fenColumn, idColumn, refColumn } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * Every refund the commission listener saw, per order line, whether or not the line had commission yet: a refund
 * handled before its order's accrual (the paid event's listener retrying, a backlog after an outage) is then
 * counted by the accrual, which computes on what the line keeps. Unique per (line, refund).
 */
export async function up({ queryInterface: qi, DataTypes }: MigrationContext) {
  await qi.createTable('commission_line_refunds', {
    id: idColumn,
    order_line_id: refColumn(),
    refund_no: { type: DataTypes.STRING(64), allowNull: false },
    refund_fen: fenColumn(),
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('commission_line_refunds', ['order_line_id', 'refund_no'], { unique: true });
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.dropTable('commission_line_refunds');
}
