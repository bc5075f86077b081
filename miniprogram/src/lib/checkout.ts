import { formatYuan, type PlaceOrderBody, type QuoteBody, type QuoteView, type ShippingAddress } from '@mall/shared';

/** A group-buy to start (no groupId) or join (拼团). */
export interface GroupBuyChoice {
  campaignId: number;
  groupId?: number;
}

/** What the confirm page checks out: the selected cart lines, or one SKU (立即购买, or at a group price). */
export type CheckoutSource =
  { kind: 'cart' } | { kind: 'buy_now'; skuId: number; quantity: number; groupBuy?: GroupBuyChoice };

const positiveId = (value: string | undefined) => {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : null;
};

/**
 * `?fromCart=1`, or `?skuId=&quantity=` (productId may ride along), with `&groupCampaignId=` (and `&groupId=` to
 * join a group) for a group-buy; null when the link says neither.
 */
export function checkoutSourceOf(params: Partial<Record<string, string>>): CheckoutSource | null {
  if (params.fromCart === '1') return { kind: 'cart' };
  const skuId = positiveId(params.skuId);
  if (!skuId) return null;
  const quantity = Math.min(999, Math.max(1, Math.floor(Number(params.quantity)) || 1));
  const campaignId = positiveId(params.groupCampaignId);
  const groupId = positiveId(params.groupId);
  if (!campaignId) return { kind: 'buy_now', skuId, quantity };
  return { kind: 'buy_now', skuId, quantity, groupBuy: groupId ? { campaignId, groupId } : { campaignId } };
}

const groupBuyOf = (source: CheckoutSource) =>
  source.kind === 'buy_now' && source.groupBuy ? { groupBuy: source.groupBuy } : {};

export function quoteBodyOf(
  source: CheckoutSource,
  address: ShippingAddress | null,
  pointsToUse: number,
  couponId: number | null = null,
): QuoteBody {
  return {
    ...(source.kind === 'cart' ? { fromCart: true } : { items: [{ skuId: source.skuId, quantity: source.quantity }] }),
    ...(address ? { address } : {}),
    pointsToUse,
    ...groupBuyOf(source),
    ...(couponId === null ? {} : { couponId }),
  };
}

/**
 * The order exactly as quoted: the quoted lines, the points it spends, the coupon it applied, and the payable the
 * member saw, so the server refuses (409 QUOTE_CHANGED) rather than charge a different total.
 */
export function placeBodyOf(
  source: CheckoutSource,
  quote: QuoteView,
  address: ShippingAddress,
  remark: string,
  requestId: string,
): PlaceOrderBody {
  return {
    items: quote.lines.map((line) => ({ skuId: line.skuId, quantity: line.quantity })),
    address,
    remark,
    requestId,
    expectedPayableFen: quote.payableFen,
    pointsToUse: quote.points.used,
    fromCart: source.kind === 'cart',
    ...groupBuyOf(source),
    ...(quote.coupons?.appliedCouponId ? { couponId: quote.coupons.appliedCouponId } : {}),
  };
}

/**
 * The coupon the confirm page sends: `undefined` until the first quote named the best one (preselected), then the
 * member's pick (a coupon id) or null for none.
 */
export type CouponChoice = number | null | undefined;

/** After a quote: the best usable coupon is preselected once; a member's pick (or "none") stays. */
export function couponChoiceAfter(choice: CouponChoice, quote: QuoteView): number | null {
  return choice === undefined ? (quote.coupons?.bestCouponId ?? null) : choice;
}

/** The coupon row's summary: what the applied one saves, or how many could be used. */
export function couponSummary(quote: QuoteView): string {
  const coupons = quote.coupons;
  if (!coupons) return '';
  const applied = coupons.usable.find((c) => c.couponId === coupons.appliedCouponId);
  if (applied) return `-${formatYuan(applied.savingFen)}`;
  return coupons.usable.length ? `${coupons.usable.length}张可用` : '暂无可用';
}

/** The new quote a 409 QUOTE_CHANGED carries (an ApiError's details); null for any other error. */
export function changedQuoteOf(err: unknown): QuoteView | null {
  const { code, details } = (err ?? {}) as { code?: unknown; details?: { quote?: QuoteView } };
  if (code !== 'QUOTE_CHANGED') return null;
  const quote = details?.quote;
  return quote && Array.isArray(quote.lines) ? quote : null;
}

/** Points worth, for the toggle's label: "可用 300 积分抵 ¥3.00". */
export function pointsWorthFen(points: number, pointsPerYuan: number): number {
  return pointsPerYuan > 0 ? Math.floor((points * 100) / pointsPerYuan) : 0;
}
