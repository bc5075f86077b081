/**
 * The ledger's invariants as queries that return the rows breaking them: none, always. They run in the tests
 * after every random run and against any database with `npm run check:invariants`.
 */
import type { InvariantQuery } from '../../platform/module';

export const ledgerInvariants: readonly InvariantQuery[] = [
  {
    name: 'every ledger transaction sums to zero',
    sql: `SELECT t.id, t.idempotency_key, SUM(e.amount_fen) AS sum_fen
            FROM ledger_transactions t LEFT JOIN ledger_entries e ON e.transaction_id = t.id
           GROUP BY t.id, t.idempotency_key
          HAVING COALESCE(SUM(e.amount_fen), 0) <> 0 OR COUNT(e.id) < 2`,
  },
  {
    name: 'every balance equals the sum of its entries',
    sql: `SELECT a.id, a.code, a.balance_fen, COALESCE(SUM(e.amount_fen), 0) AS entries_fen
            FROM ledger_accounts a LEFT JOIN ledger_entries e ON e.account_id = a.id
           GROUP BY a.id, a.code, a.balance_fen
          HAVING a.balance_fen <> COALESCE(SUM(e.amount_fen), 0)`,
  },
  {
    name: 'no member balance is negative',
    sql: `SELECT id, code, balance_fen FROM ledger_accounts WHERE allow_negative = 0 AND balance_fen < 0`,
  },
  {
    name: 'each entry carries its account balance after it',
    sql: `SELECT id, account_id, balance_after_fen, running_fen FROM (
            SELECT id, account_id, balance_after_fen,
                   SUM(amount_fen) OVER (PARTITION BY account_id ORDER BY id) AS running_fen
              FROM ledger_entries) r
           WHERE balance_after_fen <> running_fen`,
  },
  {
    name: 'the whole ledger sums to zero',
    sql: `SELECT SUM(balance_fen) AS sum_fen FROM ledger_accounts HAVING SUM(balance_fen) <> 0`,
  },
];
