import { Op, fn, col, type WhereOptions } from 'sequelize';
import type { CampaignKind, CampaignViewStats } from '@mall/shared/admin';
import { CampaignViewDay, CampaignViewTotal } from './campaign-views.model';

/**
 * Views of one campaign, of some, or of every campaign of a kind (ids null), from the rolled-up rows: total views,
 * unique viewers (summed over campaigns when there are several: a member who saw two counts twice), views per
 * sharing distributor, and `orders` over unique viewers as the view→order conversion.
 */
export async function campaignViewStats(
  kind: CampaignKind,
  ids: readonly number[] | null,
  orders: number,
): Promise<CampaignViewStats> {
  const scope = (ids === null ? { kind } : { kind, campaignId: { [Op.in]: [...ids] } }) as WhereOptions;
  const [byPromoter, uniqueViewers] = await Promise.all([
    CampaignViewDay.findAll({
      where: scope,
      attributes: ['promoterId', [fn('SUM', col('views')), 'views']],
      group: ['promoterId'],
      order: [['promoterId', 'ASC']],
      raw: true,
    }) as unknown as Promise<{ promoterId: number; views: number | string }[]>,
    CampaignViewTotal.sum('uniqueViewers', { where: scope }),
  ]);
  const unique = Number(uniqueViewers ?? 0);
  return {
    views: byPromoter.reduce((n, r) => n + Number(r.views), 0),
    uniqueViewers: unique,
    viewToOrderBps: unique ? Math.floor((orders * 10_000) / unique) : 0,
    byPromoter: byPromoter
      .filter((r) => Number(r.promoterId) !== 0)
      .map((r) => ({ promoterId: Number(r.promoterId), views: Number(r.views) })),
  };
}
