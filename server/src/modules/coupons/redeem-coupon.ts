import { Op, type Transaction } from 'sequelize';
import type { QuoteCouponsView } from '@mall/shared';
import { categoryWithDescendants, skusForSale } from '../catalog';
import type { AppliedAdjustment, QuoteAdjuster, QuoteDraft } from '../orders';
import { DomainError, NotFoundError } from '../../platform/errors';
import { couponRuleLabel, couponSaving, type CouponSaving } from './coupon-rules';
import { ruleOf } from './coupon-templates';
import { type CouponTemplate, MemberCoupon } from './coupons.model';
import { effectiveStatus, moveCoupons, templatesById, usableCouponsOf } from './member-coupons';

/** The coupon step of the checkout: a QuoteAdjuster (stage coupon) with a commit inside the placement transaction. */
export interface CouponAdjuster extends QuoteAdjuster {
  commit(
    tx: Transaction,
    placed: { orderId: number; orderNo: string; memberId: number; applied: AppliedAdjustment },
  ): Promise<void>;
  /** The coupon part of the quote answer. */
  viewExtras(): { coupons: QuoteCouponsView };
}

export interface CouponCheckout {
  memberId: number;
  /** The SKUs being priced (their products' categories decide category scopes). */
  skuIds: readonly number[];
  /** The coupon the member chose (a member-coupon id), if any. */
  couponId?: number;
}

/** Refuses a chosen coupon that is not this member's (404, like any other member's data) or cannot be used now. */
async function assertChosenUsable(memberId: number, couponId: number, now: Date): Promise<void> {
  const coupon = await MemberCoupon.findOne({ where: { id: couponId, memberId } });
  if (!coupon) throw new NotFoundError('This coupon', 'couponId');
  const status = effectiveStatus(coupon, now);
  if (status === 'expired') {
    throw new DomainError(
      'COUPON_EXPIRED',
      `This coupon expired at ${coupon.expiresAt.toISOString()}`,
      409,
      'couponId',
    );
  }
  if (status !== 'available') throw new DomainError('COUPON_UNAVAILABLE', 'This coupon was used', 409, 'couponId');
  if (coupon.startsAt.getTime() > now.getTime()) {
    throw new DomainError(
      'COUPON_NOT_STARTED',
      `This coupon is valid from ${coupon.startsAt.toISOString()}`,
      409,
      'couponId',
    );
  }
}

/** Each category scope with its descendants, once per template. */
async function scopeCategoriesOf(templates: Iterable<CouponTemplate>): Promise<Map<number, ReadonlySet<number>>> {
  const out = new Map<number, ReadonlySet<number>>();
  for (const t of templates) {
    if (t.scope !== 'categories') continue;
    const ids = (JSON.parse(t.scopeIdsJson) as number[]).map((id) => categoryWithDescendants(id));
    out.set(t.id, new Set((await Promise.all(ids)).flat()));
  }
  return out;
}

/**
 * The coupon adjuster of one checkout. Before the quote it reads the member's usable coupons and their templates;
 * at its stage (after campaign prices, discount activities and 满减, before points) it works out what each would
 * save on the lines as they stand, lists them (best first) for the confirm page, and applies the chosen one: a
 * coupon that cannot apply to these lines is refused (409 COUPON_NOT_APPLICABLE), never silently dropped. A
 * template that does not stack with promotions is unusable once an earlier stage took something off. One coupon per
 * order: the body carries one couponId.
 */
export async function couponAdjusterFor(checkout: CouponCheckout): Promise<CouponAdjuster> {
  const now = new Date();
  const { memberId, couponId } = checkout;
  const [coupons, skus] = await Promise.all([
    usableCouponsOf(memberId, now),
    skusForSale(checkout.skuIds),
    couponId === undefined ? Promise.resolve() : assertChosenUsable(memberId, couponId, now),
  ]);
  const templates = await templatesById(coupons.map((c) => c.templateId));
  const scopes = await scopeCategoriesOf(templates.values());
  const categoryOf = new Map(skus.map((s) => [s.productId, s.categoryId]));
  let view: QuoteCouponsView = { usable: [], unusable: [], bestCouponId: null, appliedCouponId: null };

  const savingOf = (coupon: MemberCoupon, draft: QuoteDraft): CouponSaving => {
    const template = templates.get(coupon.templateId)!;
    if (!template.stacksWithPromotions && draft.discountFen > 0) return { usable: false, reason: '不与其他优惠同享' };
    const lines = draft.lines.map((l) => ({
      productId: l.productId,
      categoryId: categoryOf.get(l.productId) ?? null,
      payableFen: l.payableFen,
    }));
    return couponSaving(ruleOf(template), lines, scopes.get(template.id));
  };

  return {
    code: 'coupon',
    stage: 'coupon',
    apply(draft) {
      const options = coupons.map((coupon) => ({ coupon, saving: savingOf(coupon, draft) }));
      const described = (c: MemberCoupon) => {
        const template = templates.get(c.templateId)!;
        return { couponId: c.id, name: template.name, label: couponRuleLabel(ruleOf(template)) };
      };
      const usable = options
        .flatMap(({ coupon, saving }) => (saving.usable ? [{ coupon, savingFen: saving.savingFen }] : []))
        .sort(
          (a, b) =>
            b.savingFen - a.savingFen ||
            a.coupon.expiresAt.getTime() - b.coupon.expiresAt.getTime() ||
            a.coupon.id - b.coupon.id,
        );
      const chosen = couponId === undefined ? undefined : options.find((o) => o.coupon.id === couponId);
      view = {
        usable: usable.map((u) => ({
          ...described(u.coupon),
          savingFen: u.savingFen,
          expiresAt: u.coupon.expiresAt.toISOString(),
        })),
        unusable: options.flatMap(({ coupon, saving }) =>
          saving.usable ? [] : [{ ...described(coupon), reason: saving.reason }],
        ),
        bestCouponId: usable[0]?.coupon.id ?? null,
        appliedCouponId: null,
      };
      if (couponId === undefined) return null;
      if (!chosen) throw new DomainError('COUPON_UNAVAILABLE', 'This coupon cannot be used now', 409, 'couponId');
      if (!chosen.saving.usable) {
        throw new DomainError(
          'COUPON_NOT_APPLICABLE',
          `This coupon cannot be used here: ${chosen.saving.reason}`,
          409,
          'couponId',
        );
      }
      view = { ...view, appliedCouponId: couponId };
      const template = templates.get(chosen.coupon.templateId)!;
      return {
        amountFen: chosen.saving.savingFen,
        label: `${template.name} ${couponRuleLabel(ruleOf(template))}`,
        ref: String(couponId),
        weights: chosen.saving.weights,
      };
    },
    /**
     * Marks the coupon used by this order, conditionally (still available, still valid): a coupon used by another
     * order a moment ago refuses this one (409 COUPON_UNAVAILABLE) and the placement writes nothing.
     */
    async commit(tx, placed) {
      const at = new Date();
      const moved = await moveCoupons(
        tx,
        {
          id: Number(placed.applied.ref),
          memberId: placed.memberId,
          startsAt: { [Op.lte]: at },
          expiresAt: { [Op.gt]: at },
        },
        'available',
        'used',
        { orderNo: placed.orderNo, usedAt: at, savingFen: placed.applied.amountFen },
      );
      if (moved !== 1) {
        throw new DomainError('COUPON_UNAVAILABLE', 'This coupon was used or expired meanwhile', 409, 'couponId');
      }
    },
    viewExtras: () => ({ coupons: view }),
  };
}
