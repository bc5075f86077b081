import { addCheck, fenColumn, idColumn, refColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * Payments across channels (WeChat Pay, Alipay, bank transfer), refunds and offline transfers.
 * - payments gains who paid and for which order number (admin filters without reading the orders table), and
 *   refunded_fen: what is refunded or being refunded, never above amount_fen (CHECK on MySQL, row lock in code).
 * - refunds: one row per refund, its refund number stored before the platform is called and reused on every retry;
 *   business_key makes a caller's request idempotent ('aftersales:123', 'late-payment:<paymentId>').
 * - offline_transfers: the reference the member writes on the transfer, the proof, and the two confirmations.
 */
export async function up({ queryInterface: qi, sequelize, DataTypes }: MigrationContext) {
  await qi.addColumn('payments', 'member_id', refColumn(true));
  await qi.addColumn('payments', 'order_no', { type: DataTypes.STRING(32), allowNull: true });
  await qi.addColumn('payments', 'refunded_fen', fenColumn(0));
  if (sequelize.getDialect() === 'mysql') {
    await sequelize.query(
      'UPDATE payments p JOIN orders o ON o.id = p.order_id SET p.member_id = o.member_id, p.order_no = o.order_no',
    );
  }
  await addCheck(
    qi,
    sequelize,
    'payments',
    'payments_refunded_within_paid',
    'refunded_fen >= 0 AND refunded_fen <= amount_fen',
  );
  await qi.addIndex('payments', ['member_id']);
  await qi.addIndex('payments', ['created_at']);

  await qi.createTable('refunds', {
    id: idColumn,
    refund_no: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    business_key: { type: DataTypes.STRING(96), allowNull: false, unique: true },
    payment_id: refColumn(),
    order_id: refColumn(),
    order_no: { type: DataTypes.STRING(32), allowNull: false },
    member_id: refColumn(true),
    channel: { type: DataTypes.STRING(16), allowNull: false },
    amount_fen: fenColumn(),
    status: { type: DataTypes.STRING(16), allowNull: false },
    lines_json: { type: DataTypes.TEXT, allowNull: false },
    reason: { type: DataTypes.STRING(200), allowNull: false },
    actor: { type: DataTypes.STRING(64), allowNull: false },
    provider_refund_id: { type: DataTypes.STRING(64), allowNull: true },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    last_error: { type: DataTypes.STRING(200), allowNull: true },
    succeeded_at: { type: DataTypes.DATE(3), allowNull: true },
    ...timestampColumns(),
  });
  await addCheck(qi, sequelize, 'refunds', 'refunds_amount_positive', 'amount_fen > 0');
  await qi.addIndex('refunds', ['payment_id']);
  await qi.addIndex('refunds', ['order_no']);

  await qi.createTable('offline_transfers', {
    id: idColumn,
    payment_id: { ...refColumn(), unique: true },
    reference: { type: DataTypes.STRING(32), allowNull: false, unique: true },
    status: { type: DataTypes.STRING(16), allowNull: false },
    deadline_at: { type: DataTypes.DATE(3), allowNull: false },
    proof_file: { type: DataTypes.STRING(200), allowNull: true },
    proof_uploaded_at: { type: DataTypes.DATE(3), allowNull: true },
    first_admin_id: refColumn(true),
    first_admin_name: { type: DataTypes.STRING(64), allowNull: true },
    first_confirmed_at: { type: DataTypes.DATE(3), allowNull: true },
    second_admin_id: refColumn(true),
    second_admin_name: { type: DataTypes.STRING(64), allowNull: true },
    second_confirmed_at: { type: DataTypes.DATE(3), allowNull: true },
    reject_reason: { type: DataTypes.STRING(200), allowNull: true },
    ...timestampColumns(),
  });
}

export async function down({ queryInterface: qi, sequelize }: MigrationContext) {
  if (sequelize.getDialect() === 'mysql') {
    await sequelize.query('ALTER TABLE payments DROP CONSTRAINT payments_refunded_within_paid');
  }
  await qi.dropTable('offline_transfers');
  await qi.dropTable('refunds');
  await qi.removeColumn('payments', 'refunded_fen');
  await qi.removeColumn('payments', 'order_no');
  await qi.removeColumn('payments', 'member_id');
}
