import type { Sheet } from '../../platform/sheet-file';
import { EXPORT_LIMIT, VIEW_COLUMNS, viewCells } from '../campaignviews';
import { couponTemplateStats } from './coupon-stats';
import { CouponTemplate } from './coupons.model';

/** Every template's effect, newest first: the same figures as its stats answer, one row each. */
export async function couponStatsSheet(): Promise<Sheet> {
  const templates = await CouponTemplate.findAll({
    attributes: ['id', 'name', 'status'],
    order: [['id', 'DESC']],
    limit: EXPORT_LIMIT,
  });
  const rows = [];
  for (const t of templates) {
    const s = await couponTemplateStats(t.id);
    rows.push({
      id: t.id,
      name: t.name,
      status: t.status,
      totalBudget: s.totalBudget,
      issued: s.issued,
      claimed: s.claimed,
      used: s.used,
      expired: s.expired,
      redemptionRateBps: s.redemptionRateBps,
      gmvFen: s.gmvFen,
      savedFen: s.savedFen,
      ...viewCells(s.views),
    });
  }
  return {
    title: '优惠券效果',
    columns: [
      { key: 'id', header: '券模板ID' },
      { key: 'name', header: '名称' },
      { key: 'status', header: '状态' },
      { key: 'totalBudget', header: '发放总量' },
      { key: 'issued', header: '已发放' },
      { key: 'claimed', header: '领取' },
      { key: 'used', header: '已使用' },
      { key: 'expired', header: '已过期' },
      { key: 'redemptionRateBps', header: '核销率(基点)' },
      { key: 'gmvFen', header: '带动GMV(分)' },
      { key: 'savedFen', header: '优惠金额(分)' },
      ...VIEW_COLUMNS,
    ],
    rows,
  };
}
