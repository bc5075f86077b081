import { addCheck, fenColumn, idColumn, refColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * Payment reconciliation: one run per channel and bill date (unique: a re-run replaces its result), and the
 * differences it found, each open until an admin resolves it with a note. Amounts in fen; a side that has no
 * record of the row leaves its amount and status null.
 */
export async function up({ queryInterface: qi, sequelize, DataTypes }: MigrationContext) {
  const count = () => ({ type: DataTypes.INTEGER.UNSIGNED, allowNull: false, defaultValue: 0 });
  await qi.createTable('reconciliation_runs', {
    id: idColumn,
    channel: { type: DataTypes.STRING(16), allowNull: false },
    bill_date: { type: DataTypes.DATEONLY, allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false },
    triggered_by: { type: DataTypes.STRING(80), allowNull: false },
    run_count: count(),
    their_payment_count: count(),
    their_payment_fen: fenColumn(0),
    their_refund_count: count(),
    their_refund_fen: fenColumn(0),
    our_payment_count: count(),
    our_payment_fen: fenColumn(0),
    our_refund_count: count(),
    our_refund_fen: fenColumn(0),
    mismatch_count: count(),
    error_code: { type: DataTypes.STRING(64), allowNull: true },
    error_message: { type: DataTypes.STRING(300), allowNull: true },
    started_at: { type: DataTypes.DATE(3), allowNull: false },
    finished_at: { type: DataTypes.DATE(3), allowNull: true },
    ...timestampColumns(),
  });
  await qi.addIndex('reconciliation_runs', ['channel', 'bill_date'], {
    unique: true,
    name: 'reconciliation_runs_channel_date',
  });
  await qi.addIndex('reconciliation_runs', ['bill_date']);

  await qi.createTable('reconciliation_mismatches', {
    id: idColumn,
    run_id: refColumn(),
    channel: { type: DataTypes.STRING(16), allowNull: false },
    bill_date: { type: DataTypes.DATEONLY, allowNull: false },
    kind: { type: DataTypes.STRING(16), allowNull: false },
    subject: { type: DataTypes.STRING(8), allowNull: false },
    out_trade_no: { type: DataTypes.STRING(64), allowNull: false },
    refund_no: { type: DataTypes.STRING(64), allowNull: true },
    payment_id: refColumn(true),
    refund_id: refColumn(true),
    their_transaction_id: { type: DataTypes.STRING(64), allowNull: true },
    our_amount_fen: { type: DataTypes.BIGINT, allowNull: true },
    their_amount_fen: { type: DataTypes.BIGINT, allowNull: true },
    our_status: { type: DataTypes.STRING(16), allowNull: true },
    their_status: { type: DataTypes.STRING(32), allowNull: true },
    status: { type: DataTypes.STRING(16), allowNull: false },
    resolution_note: { type: DataTypes.STRING(500), allowNull: true },
    resolved_by_id: refColumn(true),
    resolved_by_name: { type: DataTypes.STRING(64), allowNull: true },
    resolved_at: { type: DataTypes.DATE(3), allowNull: true },
    ...timestampColumns(),
  });
  await addCheck(
    qi,
    sequelize,
    'reconciliation_mismatches',
    'reconciliation_mismatch_resolved_with_note',
    "status <> 'resolved' OR (resolution_note IS NOT NULL AND resolved_at IS NOT NULL)",
  );
  await qi.addIndex('reconciliation_mismatches', ['run_id']);
  await qi.addIndex('reconciliation_mismatches', ['channel', 'bill_date']);
  await qi.addIndex('reconciliation_mismatches', ['status']);
  await qi.addIndex('reconciliation_mismatches', ['out_trade_no']);
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.dropTable('reconciliation_mismatches');
  await qi.dropTable('reconciliation_runs');
}
