import type { PromotionView } from '@mall/shared/admin';
import { NotFoundError } from '../../platform/errors';
import { ruleOf } from './live-promotions';
import { PromotionActivity } from './promotion.model';

export function toPromotionView(a: PromotionActivity): PromotionView {
  const rule = ruleOf(a);
  return {
    id: a.id,
    kind: a.kind,
    status: a.status,
    name: a.name,
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    productIds: [...rule.productIds],
    categoryIds: [...rule.categoryIds],
    levelActivityCode: a.levelActivityCode,
    discountBps: a.discountBps,
    activityPriceFen: a.activityPriceFen,
    tiers: [...rule.tiers],
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

export async function listPromotions(query: { page: number; pageSize: number; kind?: string; status?: string }) {
  const where = {
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.status ? { status: query.status } : {}),
  };
  const { rows, count } = await PromotionActivity.findAndCountAll({
    where,
    order: [['id', 'DESC']],
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: rows.map(toPromotionView), total: count, page: query.page, pageSize: query.pageSize };
}

export async function getPromotion(id: number): Promise<PromotionView> {
  const row = await PromotionActivity.findByPk(id);
  if (!row) throw new NotFoundError('This activity', 'id');
  return toPromotionView(row);
}
