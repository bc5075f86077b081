import type { Sheet } from '../../platform/sheet-file';
import { EXPORT_LIMIT, VIEW_COLUMNS, viewCells } from '../campaignviews';
import { GroupbuyCampaign } from './groupbuy.model';
import { groupbuyStats } from './group-views';

/** Every campaign's effect, newest first: the same figures as its stats answer, one row each. */
export async function groupbuyStatsSheet(): Promise<Sheet> {
  const campaigns = await GroupbuyCampaign.findAll({
    attributes: ['id', 'name', 'status'],
    order: [['id', 'DESC']],
    limit: EXPORT_LIMIT,
  });
  const rows = [];
  for (const c of campaigns) {
    const s = await groupbuyStats(c.id);
    rows.push({
      id: c.id,
      name: c.name,
      status: c.status,
      groupsStarted: s.groupsStarted,
      groupsCompleted: s.groupsCompleted,
      groupsFailed: s.groupsFailed,
      completionRateBps: s.completionRateBps,
      orders: s.orders,
      gmvFen: s.gmvFen,
      completedOrders: s.completedOrders,
      completedGmvFen: s.completedGmvFen,
      refundedOrders: s.refundedOrders,
      ...viewCells(s.views),
    });
  }
  return {
    title: '拼团效果',
    columns: [
      { key: 'id', header: '活动ID' },
      { key: 'name', header: '名称' },
      { key: 'status', header: '状态' },
      { key: 'groupsStarted', header: '开团数' },
      { key: 'groupsCompleted', header: '成团数' },
      { key: 'groupsFailed', header: '失败团数' },
      { key: 'completionRateBps', header: '成团率(基点)' },
      { key: 'orders', header: '支付订单数' },
      { key: 'gmvFen', header: 'GMV(分)' },
      { key: 'completedOrders', header: '成团订单数' },
      { key: 'completedGmvFen', header: '成团GMV(分)' },
      { key: 'refundedOrders', header: '退款订单数' },
      ...VIEW_COLUMNS,
    ],
    rows,
  };
}
