import type { InvariantQuery } from '../../platform/module';

/**
 * A withdrawal's money in the journal matches its status: while open it sits in payouts_in_transit, once closed
 * (paid, rejected, failed) it has left it again; a paid withdrawal was paid out exactly once and the fee is what the
 * row says.
 */
export const withdrawalInvariants: readonly InvariantQuery[] = [
  {
    name: 'an open withdrawal holds its amount in payouts in transit, a closed one nothing',
    sql: `SELECT w.withdrawal_no, w.status, w.amount_fen, COALESCE(SUM(e.amount_fen), 0) AS in_transit_fen
            FROM withdrawals w
            LEFT JOIN ledger_transactions t ON t.subject_type = 'withdrawal' AND t.subject_id = w.withdrawal_no
            LEFT JOIN ledger_entries e ON e.transaction_id = t.id
                  AND e.account_id = (SELECT id FROM ledger_accounts WHERE code = 'platform:payouts_in_transit')
           GROUP BY w.id, w.withdrawal_no, w.status, w.amount_fen
          HAVING COALESCE(SUM(e.amount_fen), 0) <>
                 CASE WHEN w.status IN ('paid', 'rejected', 'failed') THEN 0 ELSE w.amount_fen END`,
  },
  {
    name: 'a paid withdrawal was paid out once, with its fee; no other was',
    sql: `SELECT w.withdrawal_no, w.status, COUNT(t.id) AS payouts, COALESCE(SUM(e.amount_fen), 0) AS fees_fen
            FROM withdrawals w
            LEFT JOIN ledger_transactions t ON t.subject_type = 'withdrawal' AND t.subject_id = w.withdrawal_no
                  AND t.kind = 'withdrawal_paid'
            LEFT JOIN ledger_entries e ON e.transaction_id = t.id
                  AND e.account_id = (SELECT id FROM ledger_accounts WHERE code = 'platform:payout_fees')
           GROUP BY w.id, w.withdrawal_no, w.status, w.fee_fen
          HAVING COUNT(t.id) <> (w.status = 'paid')
              OR (w.status = 'paid' AND COALESCE(SUM(e.amount_fen), 0) <> w.fee_fen)`,
  },
];
