import { QueryTypes } from 'sequelize';
import { Order } from './order.model';

/** The connection runs at +00:00: a DATETIME that comes back as text is UTC (SQLite keeps it as text). */
const asUtc = (value: string | Date) =>
  value instanceof Date ? value : new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);

/** What a member bought, as segments (会员画像) read it. */
export interface PurchaseFactsView {
  /** Paid minus refunded, over the orders counted. */
  spendFen: number;
  /** Paid orders not refunded in full. */
  orders: number;
  lastPaidAt: Date | null;
}

/**
 * Spend, frequency and recency of some members from their paid orders (paid at or after `since`, or ever): one
 * grouped query per call. A fully refunded order counts for nothing; a partial refund lowers the spend.
 */
export async function purchaseFactsOf(
  memberIds: readonly number[],
  since: Date | null,
): Promise<Map<number, PurchaseFactsView>> {
  const facts = new Map<number, PurchaseFactsView>();
  if (!memberIds.length) return facts;
  const rows = await Order.sequelize!.query<{
    member_id: number;
    spend: string | number | null;
    orders: string | number;
    last_paid_at: string | Date | null;
  }>(
    `SELECT o.member_id,
            SUM(CASE WHEN o.status = 'refunded' THEN 0 ELSE o.paid_fen - COALESCE(r.refunded, 0) END) AS spend,
            SUM(CASE WHEN o.status = 'refunded' THEN 0 ELSE 1 END) AS orders,
            MAX(CASE WHEN o.status = 'refunded' THEN NULL ELSE o.paid_at END) AS last_paid_at
       FROM orders o
       LEFT JOIN (SELECT order_id, SUM(refund_fen) AS refunded FROM order_line_refunds GROUP BY order_id) r
         ON r.order_id = o.id
      WHERE o.member_id IN (:ids) AND o.paid_at IS NOT NULL ${since ? 'AND o.paid_at >= :since' : ''}
      GROUP BY o.member_id`,
    { replacements: { ids: [...new Set(memberIds)], since }, type: QueryTypes.SELECT },
  );
  for (const r of rows) {
    facts.set(Number(r.member_id), {
      spendFen: Math.max(0, Number(r.spend ?? 0)),
      orders: Number(r.orders),
      lastPaidAt: r.last_paid_at === null ? null : asUtc(r.last_paid_at),
    });
  }
  return facts;
}
