import type { InvariantQuery } from '../../platform/module';

/** Commission invariants (issue 11): none of these queries may ever return a row. */
export const commissionInvariants: readonly InvariantQuery[] = [
  {
    name: 'commission per line is at most its cap and at most what the line paid',
    sql: `SELECT order_line_id, SUM(amount_fen) AS total_fen, MAX(line_paid_fen) AS paid_fen
            FROM commissions GROUP BY order_line_id
          HAVING SUM(amount_fen) > MAX(line_paid_fen)
              OR SUM(amount_fen) > FLOOR(MAX(line_paid_fen) * MAX(cap_bps) / 10000)`,
  },
  {
    name: 'no more than two levels per line',
    sql: `SELECT order_line_id, COUNT(*) AS n FROM commissions GROUP BY order_line_id HAVING COUNT(*) > 2 OR MAX(level) > 2`,
  },
  {
    name: 'a fully refunded line nets zero commission',
    sql: `SELECT id, order_line_id, amount_fen, reversed_fen FROM commissions
           WHERE line_refunded_fen >= line_paid_fen AND reversed_fen <> amount_fen`,
  },
  {
    name: 'each commission equals its reversals plus what is held',
    sql: `SELECT c.id, c.reversed_fen, COALESCE(SUM(r.amount_fen), 0) AS reversals_fen
            FROM commissions c LEFT JOIN commission_reversals r ON r.commission_id = c.id
           GROUP BY c.id, c.reversed_fen HAVING c.reversed_fen <> COALESCE(SUM(r.amount_fen), 0)`,
  },
];
