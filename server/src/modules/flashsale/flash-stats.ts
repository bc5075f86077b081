import { fn, col } from 'sequelize';
import { sumFen } from '@mall/shared';
import { NotFoundError } from '../../platform/errors';
import { campaignViewStats } from '../campaignviews';
import { FlashGrab, FlashItem, FlashSession } from './flash-sale.model';
import { flashKeys, type FlashSaleDeps } from './flash-deps';

interface GrabFigures {
  itemId: number;
  participants: number;
  orders: number;
  paidOrders: number;
  gmvFen: number;
}

/** Live figures of a session: the database for what was decided, Redis for what is left and still queued. */
export async function sessionStats(deps: FlashSaleDeps, sessionId: number) {
  const session = await FlashSession.findByPk(sessionId);
  if (!session) throw new NotFoundError('Flash session', 'id');
  const items = await FlashItem.findAll({ where: { sessionId }, order: [['id', 'ASC']] });
  const figures = (await FlashGrab.findAll({
    attributes: [
      'itemId',
      [fn('COUNT', fn('DISTINCT', col('member_id'))), 'participants'],
      [fn('COUNT', col('order_no')), 'orders'],
      [fn('COUNT', col('paid_at')), 'paidOrders'],
      [fn('COALESCE', fn('SUM', col('paid_fen')), 0), 'gmvFen'],
    ],
    where: { sessionId },
    group: ['itemId'],
    raw: true,
  })) as unknown as GrabFigures[];
  const distinct = (await FlashGrab.count({ where: { sessionId }, distinct: true, col: 'member_id' })) as number;
  const keys = flashKeys(deps);
  // the in-flight count the scripts keep, not the hash's q: fields (a crowd leaves hundreds of thousands of them)
  const live = await Promise.all(items.map((i) => deps.redis.hmget(keys.item(i.id), 'left', 'soldOutAt', 'queued')));
  const rows = items.map((item, index) => {
    const f = figures.find((x) => Number(x.itemId) === item.id);
    const [left, soldOutAt, queued] = live[index]!;
    const redisSoldOut = soldOutAt ? new Date(Number(soldOutAt)).toISOString() : null;
    return {
      itemId: item.id,
      skuId: item.skuId,
      stock: item.stock,
      participants: Number(f?.participants ?? 0),
      orders: Number(f?.orders ?? 0),
      paidOrders: Number(f?.paidOrders ?? 0),
      gmvFen: Number(f?.gmvFen ?? 0),
      sold: item.sold,
      queued: Number(queued ?? 0),
      leftStock: left === null ? null : Math.max(0, Number(left)),
      soldOutAt: item.soldOutAt?.toISOString() ?? redisSoldOut,
    };
  });
  const paidOrders = rows.reduce((n, r) => n + r.paidOrders, 0);
  return {
    sessionId,
    participants: distinct,
    orders: rows.reduce((n, r) => n + r.orders, 0),
    paidOrders,
    gmvFen: sumFen(rows.map((r) => r.gmvFen)),
    items: rows,
    views: await campaignViewStats('flash', [sessionId], paidOrders),
  };
}
