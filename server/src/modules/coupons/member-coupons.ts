import { Op, type Transaction, type WhereOptions } from 'sequelize';
import {
  assertTransition,
  memberCouponTransitions,
  type MemberCouponStatus,
  type MemberCouponView,
} from '@mall/shared';
import { ruleViewOf } from './coupon-templates';
import { CouponTemplate, MemberCoupon } from './coupons.model';

/** Reads say expired as soon as the validity ends; the sweep writes it later. */
export function effectiveStatus(coupon: MemberCoupon, now: Date): MemberCouponStatus {
  return coupon.status === 'available' && coupon.expiresAt.getTime() <= now.getTime() ? 'expired' : coupon.status;
}

export function memberCouponView(coupon: MemberCoupon, template: CouponTemplate, now = new Date()): MemberCouponView {
  return {
    id: coupon.id,
    templateId: coupon.templateId,
    name: template.name,
    rule: ruleViewOf(template),
    status: effectiveStatus(coupon, now),
    source: coupon.source,
    startsAt: coupon.startsAt.toISOString(),
    expiresAt: coupon.expiresAt.toISOString(),
    stacksWithPromotions: template.stacksWithPromotions,
    usedOrderNo: coupon.status === 'used' ? coupon.orderNo : null,
    usedAt: coupon.status === 'used' && coupon.usedAt ? coupon.usedAt.toISOString() : null,
    claimedAt: coupon.createdAt.toISOString(),
  };
}

export async function templatesById(ids: readonly number[], tx?: Transaction): Promise<Map<number, CouponTemplate>> {
  const unique = [...new Set(ids)];
  const rows = unique.length ? await CouponTemplate.findAll({ where: { id: unique }, transaction: tx }) : [];
  return new Map(rows.map((t) => [t.id, t]));
}

/** The member's coupons of one (effective) status, with the count of each status. */
export async function listMyCoupons(memberId: number, status: MemberCouponStatus) {
  const now = new Date();
  const coupons = await MemberCoupon.findAll({
    where: { memberId },
    order: [
      ['expiresAt', 'ASC'],
      ['id', 'ASC'],
    ],
  });
  const templates = await templatesById(coupons.map((c) => c.templateId));
  const views = coupons.map((c) => memberCouponView(c, templates.get(c.templateId)!, now));
  const countOf = (s: MemberCouponStatus) => views.filter((v) => v.status === s).length;
  const items = views.filter((v) => v.status === status);
  // used: the latest use first; the others: the soonest to expire first
  if (status === 'used') items.sort((a, b) => (b.usedAt ?? '').localeCompare(a.usedAt ?? ''));
  return {
    items,
    counts: { available: countOf('available'), used: countOf('used'), expired: countOf('expired') },
  };
}

/** The member's coupons that may be used now (available, started, not expired). */
export async function usableCouponsOf(memberId: number, now: Date): Promise<MemberCoupon[]> {
  return MemberCoupon.findAll({
    where: {
      memberId,
      status: 'available',
      startsAt: { [Op.lte]: now },
      expiresAt: { [Op.gt]: now },
    },
    order: [
      ['expiresAt', 'ASC'],
      ['id', 'ASC'],
    ],
  });
}

/**
 * Moves coupons from one status to another by a conditional update (`status = from` in the WHERE), after checking
 * the move against memberCouponTransitions: concurrent writers cannot both move the same coupon.
 */
export async function moveCoupons(
  tx: Transaction,
  where: WhereOptions<MemberCoupon>,
  from: MemberCouponStatus,
  to: MemberCouponStatus,
  set: Partial<Pick<MemberCoupon, 'orderNo' | 'usedAt' | 'savingFen' | 'orderPaidFen'>> = {},
): Promise<number> {
  assertTransition('member coupon', memberCouponTransitions, from, to);
  const [moved] = await MemberCoupon.update(
    { ...set, status: to },
    { where: { [Op.and]: [where, { status: from }] }, transaction: tx },
  );
  return moved;
}

/**
 * The coupon an order used comes back: available again, or expired when its validity ended meanwhile. Idempotent:
 * a repeat finds nothing still used by that order. Answers how many came back.
 */
export async function returnOrderCoupon(orderNo: string, tx: Transaction, now = new Date()): Promise<number> {
  const back = { orderNo: null, usedAt: null, savingFen: null, orderPaidFen: null };
  const stillValid = await moveCoupons(tx, { orderNo, expiresAt: { [Op.gt]: now } }, 'used', 'available', back);
  const lapsed = await moveCoupons(tx, { orderNo, expiresAt: { [Op.lte]: now } }, 'used', 'expired', back);
  return stillValid + lapsed;
}

/** A refund of the whole order returns its coupon when the template says so (returnOnRefund). */
export async function returnRefundedOrderCoupon(orderNo: string, tx: Transaction): Promise<number> {
  const used = await MemberCoupon.findOne({ where: { orderNo, status: 'used' }, transaction: tx });
  if (!used) return 0;
  const template = await CouponTemplate.findByPk(used.templateId, { transaction: tx });
  return template?.returnsOnRefund ? returnOrderCoupon(orderNo, tx) : 0;
}

/** GMV driven: what the order that used a coupon paid, written when it is paid (the same value on a repeat). */
export async function recordCouponOrderPaid(orderNo: string, paidFen: number, tx: Transaction): Promise<void> {
  await MemberCoupon.update({ orderPaidFen: paidFen }, { where: { orderNo, status: 'used' }, transaction: tx });
}

/** The sweep: available coupons past their validity become expired. Answers how many. */
export async function expireCoupons(tx: Transaction, now: Date): Promise<number> {
  return moveCoupons(tx, { expiresAt: { [Op.lte]: now } }, 'available', 'expired');
}
