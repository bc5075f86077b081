import { addCheck, fenColumn, idColumn, refColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * Distributors and their commissions (issue 11). A commission row is one order line's commission for one level,
 * unique per (line, level): accrual replayed by a redelivered event finds its row. The rates it was computed
 * with are kept on it, so a refund months later is reversed by the rules of the day it was earned. Each refund's
 * share taken back is a row of commission_reversals, unique per (commission, refund).
 */
export async function up({ queryInterface: qi, sequelize, DataTypes }: MigrationContext) {
  await qi.createTable('distributors', {
    member_id: { type: DataTypes.INTEGER.UNSIGNED, primaryKey: true, allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false },
    grade_code: { type: DataTypes.STRING(32), allowNull: true },
    /** Why it was rejected or frozen, shown to the member and the admins. */
    reason: { type: DataTypes.STRING(200), allowNull: true },
    applied_at: { type: DataTypes.DATE(3), allowNull: true },
    decided_by: { type: DataTypes.STRING(64), allowNull: true },
    decided_at: { type: DataTypes.DATE(3), allowNull: true },
    ...timestampColumns(),
  });
  await qi.addIndex('distributors', ['status']);

  await qi.createTable('commissions', {
    id: idColumn,
    order_id: refColumn(),
    order_no: { type: DataTypes.STRING(32), allowNull: false },
    order_line_id: refColumn(),
    level: { type: DataTypes.TINYINT.UNSIGNED, allowNull: false },
    beneficiary_id: refColumn(),
    buyer_id: refColumn(),
    product_id: refColumn(),
    sku_id: refColumn(),
    quantity: { type: DataTypes.INTEGER, allowNull: false },
    /** The line's paid amount the commission was computed on. */
    line_paid_fen: fenColumn(),
    /** Refunded on the line so far (kept the same on every level's row of the line). */
    line_refunded_fen: fenColumn(0),
    /** The rule of the day: per-level rates in bps, or fixed fen per unit per level, and the line cap. */
    rule_json: { type: DataTypes.STRING(200), allowNull: false },
    rate_bps: { type: DataTypes.INTEGER, allowNull: true },
    /** The line cap of the day (the rule also holds it). */
    cap_bps: { type: DataTypes.INTEGER, allowNull: false },
    amount_fen: fenColumn(),
    reversed_fen: fenColumn(0),
    status: { type: DataTypes.STRING(16), allowNull: false },
    accrued_at: { type: DataTypes.DATE(3), allowNull: false },
    /** Receipt plus the freeze; null until the order is received. */
    release_at: { type: DataTypes.DATE(3), allowNull: true },
    /** Set when the order completes (the after-sales window closed and no request holds it). */
    order_completed_at: { type: DataTypes.DATE(3), allowNull: true },
    released_at: { type: DataTypes.DATE(3), allowNull: true },
    /** The settlement statement that gathered it once released. */
    statement_id: refColumn(true),
    ...timestampColumns(),
  });
  await qi.addIndex('commissions', ['order_line_id', 'level'], { unique: true });
  await qi.addIndex('commissions', ['order_id']);
  await qi.addIndex('commissions', ['beneficiary_id', 'id']);
  await qi.addIndex('commissions', ['status', 'release_at']);
  await qi.addIndex('commissions', ['statement_id']);
  await addCheck(qi, sequelize, 'commissions', 'commissions_level_valid', 'level IN (1, 2)');
  await addCheck(
    qi,
    sequelize,
    'commissions',
    'commissions_amounts_valid',
    'amount_fen > 0 AND amount_fen <= line_paid_fen AND reversed_fen >= 0 AND reversed_fen <= amount_fen',
  );

  await qi.createTable('commission_reversals', {
    id: idColumn,
    commission_id: refColumn(),
    refund_no: { type: DataTypes.STRING(64), allowNull: false },
    amount_fen: fenColumn(),
    /** frozen, released (from the settling balance) or settled (from the available balance, the rest owed). */
    taken_from: { type: DataTypes.STRING(16), allowNull: false },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('commission_reversals', ['commission_id', 'refund_no'], { unique: true });

  /** A settlement statement per distributor and cycle: its lines are the commissions with its statement_id. */
  await qi.createTable('settlement_statements', {
    id: idColumn,
    statement_no: { type: DataTypes.STRING(32), allowNull: false, unique: true },
    member_id: refColumn(),
    /** The cycle it closes: commission released before `period_end` (exclusive). */
    period_end: { type: DataTypes.DATE(3), allowNull: false },
    /** What its lines held when it was made, and what was settled when confirmed (refunds may take some back). */
    total_fen: fenColumn(),
    settled_fen: fenColumn(0),
    line_count: { type: DataTypes.INTEGER, allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false },
    dispute_reason: { type: DataTypes.STRING(200), allowNull: true },
    /** `member:<id>`, `admin:<username>` or `system` (confirmed after the policy's days). */
    confirmed_by: { type: DataTypes.STRING(64), allowNull: true },
    confirmed_at: { type: DataTypes.DATE(3), allowNull: true },
    note: { type: DataTypes.STRING(200), allowNull: true },
    ...timestampColumns(),
  });
  await qi.addIndex('settlement_statements', ['member_id', 'period_end'], { unique: true });
  await qi.addIndex('settlement_statements', ['status', 'created_at']);

  /** The policy as admins set it, every version kept; the newest is in force (config/distribution.json before any). */
  await qi.createTable('distribution_policies', {
    id: idColumn,
    policy_json: { type: DataTypes.TEXT, allowNull: false },
    created_by: { type: DataTypes.STRING(64), allowNull: false },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.dropTable('settlement_statements');
  await qi.dropTable('distribution_policies');
  await qi.dropTable('commission_reversals');
  await qi.dropTable('commissions');
  await qi.dropTable('distributors');
}
