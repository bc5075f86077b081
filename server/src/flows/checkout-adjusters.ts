import type { Transaction } from 'sequelize';
import type { Channel, CheckoutItem, CheckoutMarketing, QuoteView } from '@mall/shared';
import { couponAdjusterFor } from '../modules/coupons';
import type { AppliedAdjustment, QuoteAdjuster } from '../modules/orders';
import type { PricingModuleDeps } from '../modules/pricing';
import { DomainError } from '../platform/errors';
import { groupBuyAdjuster } from './groupbuy-checkout';
import { promotionAdjuster } from '../modules/promotions';

/** What a checkout adjuster factory sees: who checks out, on which channel, with which marketing choice. */
export interface CheckoutAdjusterContext {
  deps: PricingModuleDeps;
  memberId: number;
  channel: Channel;
  /** The SKUs and quantities being priced (from the body or the selected cart lines). */
  items: readonly CheckoutItem[];
  marketing: CheckoutMarketing;
  /** true when placing the order (inside placeOrder), false for the confirm page's quote. */
  placing: boolean;
  /**
   * The checkout is at a campaign price (a group-buy in the body, or a flash-sale order's campaign adjuster): such
   * a price stands alone, so discount activities, 满减 and coupons do not apply (points still do).
   */
  campaign: boolean;
}

/** A quote adjuster that may also write something when the order is placed (a coupon used, a group joined). */
export interface CheckoutAdjuster extends QuoteAdjuster {
  /**
   * Runs inside the placement transaction, after the order rows are written, when this adjuster took something
   * off (its code is among the order's adjustments). Throwing a DomainError refuses the whole order: nothing
   * is written. Events it needs go through the outbox in the same transaction.
   */
  commit?(
    tx: Transaction,
    placed: { orderId: number; orderNo: string; memberId: number; applied: AppliedAdjustment },
  ): Promise<void>;
  /** Fields this adjuster adds to the quote answer once the quote ran (the coupons a member could use ...). */
  viewExtras?(): Partial<QuoteView>;
}

export type CheckoutAdjusterFactory = (
  context: CheckoutAdjusterContext,
) => Promise<CheckoutAdjuster | null> | CheckoutAdjuster | null;

/**
 * The marketing adjusters every checkout runs (issue 12: group-buy and flash-sale prices, discount activities,
 * 满减, coupons). Each factory answers null when its tool does not apply to this checkout; runQuote orders them
 * by stage (campaign → discount → full_reduction → coupon → points), whatever their place in this list.
 */
export const checkoutAdjusterFactories: readonly CheckoutAdjusterFactory[] = [
  groupBuyAdjuster, // 拼团价: the body's groupBuy (flows/groupbuy-checkout.ts)
  // issue 12: 限时折扣 (discount stage) and 满减 (full_reduction stage), each null when no activity is open to the member
  ({ memberId, campaign }) => (campaign ? null : promotionAdjuster(memberId, 'discount')),
  ({ memberId, campaign }) => (campaign ? null : promotionAdjuster(memberId, 'full_reduction')),
  // 优惠券: the member's coupons for these lines, the best one named, the chosen one applied and used at placement
  // placing without a coupon: nothing to apply or use, and the list of usable coupons is the confirm page's (the
  // member's coupons are not read; a QUOTE_CHANGED answer quotes again, as the confirm page would)
  ({ memberId, items, marketing, campaign, placing }) => {
    if (!campaign && placing && marketing.couponId === undefined) return null;
    if (!campaign)
      return couponAdjusterFor({ memberId, skuIds: items.map((i) => i.skuId), couponId: marketing.couponId });
    if (marketing.couponId === undefined) return null;
    throw new DomainError(
      'COUPON_NOT_WITH_CAMPAIGN',
      'A coupon cannot be used at a group-buy or flash-sale price',
      409,
      'couponId',
    );
  },
];
