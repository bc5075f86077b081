import { addCheck, fenColumn, idColumn, refColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * Withdrawals (issue 11, 提现). One row per request, unique per (member, Idempotency-Key): a retried request finds
 * its row and replays the first answer. The amount left the member's available balance at the request (ledger:
 * member_available → payouts_in_transit); the row follows review and payout. Bank account numbers are stored
 * encrypted (the members' personal-data cipher) with a keyed hash for lookups and the last four digits for views.
 * withdrawal_daily_totals is the per-member, per-day (Beijing) counter the daily limits are checked against,
 * locked by each request: concurrent requests of one member queue there. A bank batch is the file finance sends
 * to the bank.
 */
export async function up({ queryInterface: qi, sequelize, DataTypes }: MigrationContext) {
  await qi.createTable('withdrawals', {
    id: idColumn,
    withdrawal_no: { type: DataTypes.STRING(20), allowNull: false, unique: true },
    member_id: refColumn(),
    idempotency_key: { type: DataTypes.STRING(64), allowNull: false },
    /** SHA-256 of the request body: the same key with another body is refused. */
    request_hash: { type: DataTypes.CHAR(64), allowNull: false },
    /** The first answer, replayed for the same key and body. */
    response_json: { type: DataTypes.TEXT, allowNull: true },
    amount_fen: fenColumn(),
    fee_fen: fenColumn(),
    net_fen: fenColumn(),
    channel: { type: DataTypes.STRING(16), allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false },
    requested_day: { type: DataTypes.CHAR(10), allowNull: false },
    bank_name: { type: DataTypes.STRING(40), allowNull: true },
    account_name: { type: DataTypes.STRING(40), allowNull: true },
    account_no_cipher: { type: DataTypes.STRING(200), allowNull: true },
    account_no_hash: { type: DataTypes.CHAR(64), allowNull: true },
    account_last4: { type: DataTypes.STRING(4), allowNull: true },
    reason: { type: DataTypes.STRING(200), allowNull: true },
    needs_two: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    first_reviewer_id: refColumn(true),
    first_reviewer: { type: DataTypes.STRING(64), allowNull: true },
    first_reviewed_at: { type: DataTypes.DATE(3), allowNull: true },
    second_reviewer_id: refColumn(true),
    second_reviewer: { type: DataTypes.STRING(64), allowNull: true },
    second_reviewed_at: { type: DataTypes.DATE(3), allowNull: true },
    transfer_bill_no: { type: DataTypes.STRING(64), allowNull: true },
    transfer_state: { type: DataTypes.STRING(24), allowNull: true },
    package_info: { type: DataTypes.STRING(1024), allowNull: true },
    transfer_started_at: { type: DataTypes.DATE(3), allowNull: true },
    batch_no: { type: DataTypes.STRING(20), allowNull: true },
    paid_at: { type: DataTypes.DATE(3), allowNull: true },
    ...timestampColumns(),
  });
  await qi.addIndex('withdrawals', ['member_id', 'idempotency_key'], { unique: true });
  await qi.addIndex('withdrawals', ['member_id', 'id']);
  await qi.addIndex('withdrawals', ['status', 'channel', 'id']);
  await qi.addIndex('withdrawals', ['batch_no']);
  await qi.addIndex('withdrawals', ['account_no_hash']);
  await addCheck(
    qi,
    sequelize,
    'withdrawals',
    'withdrawals_amounts',
    'fee_fen >= 0 AND net_fen > 0 AND net_fen = amount_fen - fee_fen',
  );

  await qi.createTable('withdrawal_daily_totals', {
    member_id: { type: DataTypes.INTEGER.UNSIGNED, primaryKey: true, allowNull: false },
    day: { type: DataTypes.CHAR(10), primaryKey: true, allowNull: false },
    count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    amount_fen: fenColumn(0),
    ...timestampColumns(),
  });

  await qi.createTable('withdrawal_batches', {
    id: idColumn,
    batch_no: { type: DataTypes.STRING(20), allowNull: false, unique: true },
    count: { type: DataTypes.INTEGER, allowNull: false },
    total_net_fen: fenColumn(),
    created_by: { type: DataTypes.STRING(64), allowNull: false },
    ...timestampColumns(),
  });
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.dropTable('withdrawal_batches');
  await qi.dropTable('withdrawal_daily_totals');
  await qi.dropTable('withdrawals');
}
