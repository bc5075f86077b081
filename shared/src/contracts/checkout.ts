import { z } from 'zod';
import { CheckoutMarketingFields } from './checkout-marketing';
import { ShippingAddress } from './orders';
import { access, defineRoute, Fen, NonNegativeFen } from './route';

/** One line to check out: a SKU and how many (立即购买 sends one; the cart sends its selected lines). */
export const CheckoutItem = z.object({
  skuId: z.number().int().positive(),
  quantity: z.number().int().min(1).max(999),
});
export type CheckoutItem = z.infer<typeof CheckoutItem>;

/**
 * What the member is about to buy. Either `items` (立即购买, or lines the client chose), or `fromCart: true`
 * with no items: the member's selected cart lines. The address decides shipping (no address: the default region).
 */
export const QuoteBody = z.object({
  items: z.array(CheckoutItem).min(1).max(50).optional(),
  fromCart: z.boolean().default(false),
  address: ShippingAddress.optional(),
  /** Points the member wants to spend (积分抵扣); the quote uses at most the balance and the cap. */
  pointsToUse: z.number().int().min(0).max(1_000_000_000).default(0),
  ...CheckoutMarketingFields,
});
export type QuoteBody = z.input<typeof QuoteBody>;

export const QuoteLineView = z.object({
  skuId: z.number().int(),
  productId: z.number().int(),
  productName: z.string(),
  specs: z.record(z.string(), z.string()),
  coverUrl: z.string(),
  quantity: z.number().int(),
  /** The SKU's list (base) price. */
  listPriceFen: NonNegativeFen,
  /** The price this member pays on this channel now (level, channel or special price). */
  unitPriceFen: NonNegativeFen,
  priceLabel: z.string().nullable(),
  /** unitPriceFen × quantity. */
  lineTotalFen: NonNegativeFen,
  /** This line's share of every adjustment (largest remainder, so the lines add up exactly). */
  discountFen: NonNegativeFen,
  /** lineTotalFen - discountFen. */
  payableFen: NonNegativeFen,
});
export type QuoteLineView = z.infer<typeof QuoteLineView>;

/** One adjuster's effect: points today; coupons, 满减, flash-sale and group-buy prices later. */
export const QuoteAdjustmentView = z.object({
  code: z.string(),
  label: z.string(),
  /** Taken off the items amount (positive). */
  amountFen: NonNegativeFen,
  /** Points it spends (points adjuster), else 0. */
  points: z.number().int().min(0),
});
export type QuoteAdjustmentView = z.infer<typeof QuoteAdjustmentView>;

export const QuotePointsView = z.object({
  /** The member's available points. */
  balance: z.number().int(),
  /** The most points this order can take (balance, cap and rate applied). */
  maxUsable: z.number().int(),
  /** Points this quote spends. */
  used: z.number().int(),
  /** How many points make one yuan (e.g. 100). */
  pointsPerYuan: z.number().int(),
  /** Points may pay at most this share of the items amount (basis points). */
  capBps: z.number().int(),
});

/** A coupon of the member's that this checkout could take, and what it would save here. */
export const QuoteCouponOption = z.object({
  couponId: z.number().int(),
  name: z.string(),
  label: z.string(),
  savingFen: NonNegativeFen,
  expiresAt: z.string(),
});

/** A coupon of the member's that this checkout cannot take, and why (未满门槛, 不适用商品, 不与其他优惠同享 ...). */
export const QuoteCouponUnusable = z.object({
  couponId: z.number().int(),
  name: z.string(),
  label: z.string(),
  reason: z.string(),
});

/** The coupon part of a quote (issue 12): what the member could use, the best of it, and what is applied. */
export const QuoteCouponsView = z.object({
  usable: z.array(QuoteCouponOption),
  unusable: z.array(QuoteCouponUnusable),
  /** The usable coupon that saves the most (the confirm page preselects it); null when none is usable. */
  bestCouponId: z.number().int().nullable(),
  /** The coupon this quote applies (the couponId sent), null when none. */
  appliedCouponId: z.number().int().nullable(),
});
export type QuoteCouponsView = z.infer<typeof QuoteCouponsView>;

export const QuoteView = z.object({
  lines: z.array(QuoteLineView),
  /** Sum of the lines' totals. */
  itemsFen: NonNegativeFen,
  adjustments: z.array(QuoteAdjustmentView),
  /** Sum of the adjustments = sum of the lines' discounts. */
  discountFen: NonNegativeFen,
  shippingFen: NonNegativeFen,
  /** itemsFen - discountFen + shippingFen = sum(lines.payableFen) + shippingFen. What the member confirms. */
  payableFen: Fen,
  points: QuotePointsView,
  /** The member's coupons for these lines (absent from servers without coupons, so old clients still parse). */
  coupons: QuoteCouponsView.optional(),
});
export type QuoteView = z.infer<typeof QuoteView>;

export const quoteOrder = defineRoute({
  method: 'POST',
  path: '/api/orders/quote',
  summary: 'Price a checkout on the server: member price, adjustments (points ...), shipping, payable',
  tags: ['orders'],
  access: access.member,
  body: QuoteBody,
  response: QuoteView,
});
