import { QueryTypes, type Sequelize } from 'sequelize';
import type { PromotionStats } from '@mall/shared/admin';
import { NotFoundError } from '../../platform/errors';
import { campaignViewStats } from '../campaignviews';
import { PromotionActivity } from './promotion.model';

/**
 * Live effect of an activity, read from its effect records: orders placed, paid and cancelled with it, distinct
 * paying members, what its lines were paid net of refunds (GMV), and what it took off paid orders.
 */
export async function promotionStats(sequelize: Sequelize, id: number): Promise<PromotionStats> {
  if (!(await PromotionActivity.findByPk(id, { attributes: ['id'] }))) throw new NotFoundError('This activity', 'id');
  const [row] = await sequelize.query<Record<string, string | number | null>>(
    `SELECT COUNT(*) AS placed,
            SUM(CASE WHEN status IN ('paid', 'refunded') THEN 1 ELSE 0 END) AS paid,
            SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,
            COUNT(DISTINCT CASE WHEN status IN ('paid', 'refunded') THEN member_id END) AS participants,
            SUM(CASE WHEN status IN ('paid', 'refunded') THEN paid_fen ELSE 0 END) AS paid_fen,
            SUM(CASE WHEN status IN ('paid', 'refunded') THEN discount_fen ELSE 0 END) AS discount_fen,
            (SELECT COALESCE(SUM(r.refund_fen), 0) FROM promotion_order_refunds r
               JOIN promotion_orders o ON o.id = r.promotion_order_id WHERE o.promotion_id = :id) AS refunded_fen
       FROM promotion_orders WHERE promotion_id = :id`,
    { replacements: { id }, type: QueryTypes.SELECT },
  );
  const n = (key: string) => Number(row?.[key] ?? 0);
  return {
    promotionId: id,
    placedOrders: n('placed'),
    paidOrders: n('paid'),
    cancelledOrders: n('cancelled'),
    participants: n('participants'),
    gmvFen: n('paid_fen') - n('refunded_fen'),
    refundedFen: n('refunded_fen'),
    discountFen: n('discount_fen'),
    views: await campaignViewStats('promotion', [id], n('paid')),
  };
}
