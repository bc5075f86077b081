import type { Sequelize } from 'sequelize';
import type { Sheet } from '../../platform/sheet-file';
import { EXPORT_LIMIT, VIEW_COLUMNS, viewCells } from '../campaignviews';
import { promotionStats } from './promotion-stats';
import { PromotionActivity } from './promotion.model';

/** Every activity's effect, newest first: the same figures as its stats answer, one row each. */
export async function promotionStatsSheet(sequelize: Sequelize): Promise<Sheet> {
  const activities = await PromotionActivity.findAll({
    attributes: ['id', 'name', 'kind', 'status'],
    order: [['id', 'DESC']],
    limit: EXPORT_LIMIT,
  });
  const rows = [];
  for (const a of activities) {
    const s = await promotionStats(sequelize, a.id);
    rows.push({
      id: a.id,
      name: a.name,
      kind: a.kind,
      status: a.status,
      placedOrders: s.placedOrders,
      paidOrders: s.paidOrders,
      cancelledOrders: s.cancelledOrders,
      participants: s.participants,
      gmvFen: s.gmvFen,
      refundedFen: s.refundedFen,
      discountFen: s.discountFen,
      ...viewCells(s.views),
    });
  }
  return {
    title: '促销活动效果',
    columns: [
      { key: 'id', header: '活动ID' },
      { key: 'name', header: '名称' },
      { key: 'kind', header: '类型' },
      { key: 'status', header: '状态' },
      { key: 'placedOrders', header: '下单数' },
      { key: 'paidOrders', header: '支付订单数' },
      { key: 'cancelledOrders', header: '取消订单数' },
      { key: 'participants', header: '参与人数' },
      { key: 'gmvFen', header: 'GMV(分)' },
      { key: 'refundedFen', header: '退款(分)' },
      { key: 'discountFen', header: '优惠金额(分)' },
      ...VIEW_COLUMNS,
    ],
    rows,
  };
}
