import { fenColumn, idColumn, refColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

export async function up({ queryInterface: qi, DataTypes }: MigrationContext) {
  await qi.createTable('payments', {
    id: idColumn,
    order_id: refColumn(),
    channel: { type: DataTypes.STRING(16), allowNull: false },
    out_trade_no: { type: DataTypes.STRING(32), allowNull: false, unique: true },
    status: { type: DataTypes.STRING(16), allowNull: false },
    amount_fen: fenColumn(),
    prepay_id: { type: DataTypes.STRING(128), allowNull: true },
    prepay_expires_at: { type: DataTypes.DATE(3), allowNull: true },
    transaction_id: { type: DataTypes.STRING(64), allowNull: true, unique: true },
    payer_openid: { type: DataTypes.STRING(64), allowNull: true },
    paid_at: { type: DataTypes.DATE(3), allowNull: true },
    /** Money arrived for an order that was already cancelled: it must go back (after-sales refunds it). */
    needs_refund: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    ...timestampColumns(),
  });
  await qi.addIndex('payments', ['order_id', 'channel'], { unique: true });
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.dropTable('payments');
}
