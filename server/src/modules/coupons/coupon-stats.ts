import { QueryTypes } from 'sequelize';
import { COUPON_SOURCES, type CouponSource } from '@mall/shared';
import type { CouponTemplateStats } from '@mall/shared/admin';
import { campaignViewStats } from '../campaignviews';
import { findTemplate } from './coupon-templates';
import { MemberCoupon } from './coupons.model';

interface Row {
  source: CouponSource;
  status: string;
  sharerId: number | null;
  n: number | string;
  gmv: number | string | null;
  saved: number | string | null;
}

/**
 * A template's effect: issued (every source), claimed (claim center and shared links), used, expired, 核销率
 * (used / issued), the GMV of the paid orders that used one and what the coupons took off them, and the claims from
 * each distributor's shared link. One grouped query over the template's coupons.
 */
export async function couponTemplateStats(templateId: number): Promise<CouponTemplateStats> {
  const template = await findTemplate(templateId);
  const lapsed = "CASE WHEN status = 'available' AND expires_at <= :now THEN 'expired' ELSE status END";
  const rows = await MemberCoupon.sequelize!.query<Row>(
    `SELECT source, ${lapsed} AS status, sharer_id AS sharerId, COUNT(*) AS n,
            SUM(order_paid_fen) AS gmv, SUM(saving_fen) AS saved
       FROM member_coupons WHERE template_id = :templateId
      GROUP BY source, ${lapsed}, sharer_id`,
    { replacements: { templateId, now: new Date() }, type: QueryTypes.SELECT },
  );
  const count = (pick: (r: Row) => boolean) => rows.filter(pick).reduce((sum, r) => sum + Number(r.n), 0);
  const sum = (pick: (r: Row) => boolean, of: (r: Row) => number | string | null) =>
    rows.filter(pick).reduce((s, r) => s + Number(of(r) ?? 0), 0);
  const isUsed = (r: Row) => r.status === 'used';
  const issued = count(() => true);
  const used = count(isUsed);
  const sharers = [...new Set(rows.flatMap((r) => (r.sharerId === null ? [] : [Number(r.sharerId)])))].sort(
    (a, b) => a - b,
  );
  return {
    templateId,
    views: await campaignViewStats('coupon', [templateId], used),
    totalBudget: template.totalBudget,
    issued,
    claimed: count((r) => r.source === 'claim' || r.source === 'share'),
    bySource: Object.fromEntries(COUPON_SOURCES.map((s) => [s, count((r) => r.source === s)])) as Record<
      CouponSource,
      number
    >,
    used,
    expired: count((r) => r.status === 'expired'),
    redemptionRateBps: issued ? Math.floor((used * 10_000) / issued) : 0,
    gmvFen: sum(isUsed, (r) => r.gmv),
    savedFen: sum(isUsed, (r) => r.saved),
    bySharer: sharers.map((sharerId) => {
      const mine = (r: Row) => r.sharerId !== null && Number(r.sharerId) === sharerId;
      return {
        sharerId,
        claimed: count(mine),
        used: count((r) => mine(r) && isUsed(r)),
        gmvFen: sum(
          (r) => mine(r) && isUsed(r),
          (r) => r.gmv,
        ),
      };
    }),
  };
}
