import { Op } from 'sequelize';
import type { ClaimableCouponView } from '@mall/shared';
import { chinaDay } from '../../platform/china-day';
import { ruleViewOf } from './coupon-templates';
import { CouponHolding, CouponTemplate } from './coupons.model';

const validityLabel = (t: CouponTemplate) =>
  t.validityKind === 'relative'
    ? `领取后${t.validDays}天内有效`
    : `${chinaDay(t.validFrom!).replaceAll('-', '.')}-${chinaDay(t.validUntil!).replaceAll('-', '.')}有效`;

/**
 * 领券中心: active claimable templates whose validity is not over, newest first, each with what is left of its
 * budget and how many this member holds. Sold-out templates stay listed (已领完) until they end.
 */
export async function listClaimCenter(memberId: number): Promise<{ items: ClaimableCouponView[] }> {
  const now = new Date();
  const templates = await CouponTemplate.findAll({
    where: {
      status: 'active',
      isClaimable: true,
      [Op.or]: [{ validityKind: 'relative' }, { validUntil: { [Op.gt]: now } }],
    },
    order: [['id', 'DESC']],
    limit: 100,
  });
  const holdings = templates.length
    ? await CouponHolding.findAll({ where: { memberId, templateId: templates.map((t) => t.id) } })
    : [];
  const held = new Map(holdings.map((h) => [h.templateId, h.received]));
  return {
    items: templates.map((t) => {
      const claimedByMe = held.get(t.id) ?? 0;
      const remaining = Math.max(0, t.totalBudget - t.issued);
      return {
        templateId: t.id,
        name: t.name,
        rule: ruleViewOf(t),
        validityLabel: validityLabel(t),
        remaining,
        perMemberLimit: t.perMemberLimit,
        claimedByMe,
        canClaim: remaining > 0 && claimedByMe < t.perMemberLimit,
      };
    }),
  };
}
