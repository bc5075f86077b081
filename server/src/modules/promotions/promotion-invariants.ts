import type { InvariantQuery } from '../../platform/module';

/** Effect records agree with the orders they describe: none of these queries may ever return a row. */
export const promotionInvariants: readonly InvariantQuery[] = [
  {
    name: "an order's discount and 满减 adjustments equal what its activities' effect records took off",
    sql: `SELECT a.order_id, a.code, a.amount_fen, COALESCE(SUM(po.discount_fen), 0) AS recorded_fen
            FROM order_adjustments a
            LEFT JOIN promotion_orders po ON po.order_id = a.order_id
            LEFT JOIN promotion_activities p ON p.id = po.promotion_id AND p.kind = a.code
           WHERE a.code IN ('discount', 'full_reduction')
           GROUP BY a.id, a.order_id, a.code, a.amount_fen
          HAVING COALESCE(SUM(CASE WHEN p.id IS NULL THEN 0 ELSE po.discount_fen END), 0) <> a.amount_fen`,
  },
  {
    name: 'refunds counted against an activity never exceed what its lines were paid',
    sql: `SELECT po.id, po.paid_fen, SUM(r.refund_fen) AS refunded_fen
            FROM promotion_orders po JOIN promotion_order_refunds r ON r.promotion_order_id = po.id
           GROUP BY po.id, po.paid_fen
          HAVING SUM(r.refund_fen) > po.paid_fen`,
  },
];
