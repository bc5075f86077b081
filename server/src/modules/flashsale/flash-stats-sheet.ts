import type { Sheet } from '../../platform/sheet-file';
import { EXPORT_LIMIT, VIEW_COLUMNS, viewCells } from '../campaignviews';
import type { FlashSaleDeps } from './flash-deps';
import { FlashSession } from './flash-sale.model';
import { sessionStats } from './flash-stats';

/** Every session's effect, newest first: the same figures as its stats answer, one row each. */
export async function flashStatsSheet(deps: FlashSaleDeps): Promise<Sheet> {
  const sessions = await FlashSession.findAll({
    attributes: ['id', 'name', 'status', 'startsAt', 'endsAt'],
    order: [['id', 'DESC']],
    limit: EXPORT_LIMIT,
  });
  const rows = [];
  for (const session of sessions) {
    const s = await sessionStats(deps, session.id);
    rows.push({
      id: session.id,
      name: session.name,
      status: session.status,
      startsAt: session.startsAt.toISOString(),
      endsAt: session.endsAt.toISOString(),
      participants: s.participants,
      orders: s.orders,
      paidOrders: s.paidOrders,
      gmvFen: s.gmvFen,
      sold: s.items.reduce((n, i) => n + i.sold, 0),
      ...viewCells(s.views),
    });
  }
  return {
    title: '秒杀效果',
    columns: [
      { key: 'id', header: '场次ID' },
      { key: 'name', header: '名称' },
      { key: 'status', header: '状态' },
      { key: 'startsAt', header: '开始时间' },
      { key: 'endsAt', header: '结束时间' },
      { key: 'participants', header: '参与人数' },
      { key: 'orders', header: '下单数' },
      { key: 'paidOrders', header: '支付订单数' },
      { key: 'gmvFen', header: 'GMV(分)' },
      { key: 'sold', header: '售出件数' },
      ...VIEW_COLUMNS,
    ],
    rows,
  };
}
