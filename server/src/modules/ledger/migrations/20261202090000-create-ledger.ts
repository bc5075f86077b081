import { addCheck, fenColumn, idColumn, refColumn } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * The money journal, double entry (issue 11): accounts with their balance, transactions keyed by the business
 * identity that made them, and the signed entries of each. Every transaction's entries sum to zero and every
 * balance equals the sum of its entries (the invariant queries check both); a member account never goes below
 * zero (the posting refuses it, and on MariaDB a CHECK has the last word).
 */
export async function up({ queryInterface: qi, sequelize, DataTypes }: MigrationContext) {
  await qi.createTable('ledger_accounts', {
    id: idColumn,
    /** `member:<id>:available`, `platform:commission_expense`: one row per (kind, owner). */
    code: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    kind: { type: DataTypes.STRING(32), allowNull: false },
    member_id: refColumn(true),
    balance_fen: fenColumn(0),
    /** Platform accounts are where money comes from and goes to; they may run below zero. */
    allow_negative: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('ledger_accounts', ['member_id', 'kind']);
  await addCheck(
    qi,
    sequelize,
    'ledger_accounts',
    'ledger_accounts_no_negative',
    'allow_negative = 1 OR balance_fen >= 0',
  );

  await qi.createTable('ledger_transactions', {
    id: idColumn,
    /** The business identity (e.g. `commission:accrue:<line>:<level>`): a retry finds its transaction here. */
    idempotency_key: { type: DataTypes.STRING(128), allowNull: false, unique: true },
    kind: { type: DataTypes.STRING(40), allowNull: false },
    memo: { type: DataTypes.STRING(200), allowNull: true },
    /** What the transaction is about, for the audit export: `order_line`, 42. */
    subject_type: { type: DataTypes.STRING(32), allowNull: true },
    subject_id: { type: DataTypes.STRING(64), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('ledger_transactions', ['created_at']);
  await qi.addIndex('ledger_transactions', ['subject_type', 'subject_id']);

  await qi.createTable('ledger_entries', {
    id: idColumn,
    transaction_id: refColumn(),
    account_id: refColumn(),
    /** Signed: positive adds to the account, negative takes from it. */
    amount_fen: fenColumn(),
    balance_after_fen: fenColumn(),
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('ledger_entries', ['transaction_id']);
  await qi.addIndex('ledger_entries', ['account_id', 'id']);
  await addCheck(qi, sequelize, 'ledger_entries', 'ledger_entries_nonzero', 'amount_fen <> 0');
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.dropTable('ledger_entries');
  await qi.dropTable('ledger_transactions');
  await qi.dropTable('ledger_accounts');
}
