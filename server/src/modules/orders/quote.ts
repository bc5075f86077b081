import { prorate, sumFen, type CheckoutMarketing } from '@mall/shared';
import { DomainError } from '../../platform/errors';

/** A line as the pricing resolver left it: list price and this member's unit price. */
export interface PricedLine {
  skuId: number;
  productId: number;
  quantity: number;
  /** The SKU's list (base) price. */
  listPriceFen: number;
  /** Member / channel / special price. */
  unitPriceFen: number;
}

export type QuotedLine<L extends PricedLine = PricedLine> = L & {
  lineTotalFen: number;
  /** Sum of this line's shares of every adjustment so far. */
  discountFen: number;
  /** lineTotalFen - discountFen. */
  payableFen: number;
};

/** What the member asked for besides the lines; adjusters read their part (points, coupon, group-buy). */
export interface QuoteRequest {
  memberId: number;
  pointsToUse: number;
  marketing: CheckoutMarketing;
}

/**
 * The documented precedence of price steps after the resolver's level / channel price (README "Quote
 * precedence"): a campaign price (flash sale, group-buy) first, then time-boxed discount activities, then 满减,
 * then the coupon, then points. runQuote runs adjusters in this order whatever order they are given in; within a
 * stage, in the order given.
 */
export const ADJUSTER_STAGES = ['campaign', 'discount', 'full_reduction', 'coupon', 'points'] as const;
export type AdjusterStage = (typeof ADJUSTER_STAGES)[number];

/** The quote as an adjuster sees it: lines with the discounts of the adjusters before it. */
export interface QuoteDraft {
  readonly request: QuoteRequest;
  readonly lines: readonly QuotedLine[];
  readonly itemsFen: number;
  /** Discounts so far; itemsFen - discountFen is what the items still cost. */
  readonly discountFen: number;
}

export interface AdjustmentResult {
  /** Taken off the items amount; clamped by the pipeline to what the items still cost. */
  amountFen: number;
  label: string;
  /** Points spent for it (points adjuster). */
  points?: number;
  /** The adjuster's own reference (coupon id ...). */
  ref?: string | null;
  /**
   * How to split the amount over the lines (same order as draft.lines); default: what each line still pays.
   * A coupon for one product gives weight 0 to the others.
   */
  weights?: number[];
}

/**
 * One step of the price after the resolver: points now; coupons, 满减, flash-sale and group-buy prices plug in
 * as further adjusters. `apply` answers null when it does not apply. Adjusters run in list order, each on the
 * quote the previous ones left.
 */
export interface QuoteAdjuster {
  readonly code: string;
  readonly stage: AdjusterStage;
  apply(draft: QuoteDraft): Promise<AdjustmentResult | null> | AdjustmentResult | null;
}

export interface AppliedAdjustment {
  code: string;
  label: string;
  amountFen: number;
  points: number;
  ref: string | null;
}

export interface Quote<L extends PricedLine = PricedLine> {
  lines: QuotedLine<L>[];
  itemsFen: number;
  adjustments: AppliedAdjustment[];
  discountFen: number;
  shippingFen: number;
  payableFen: number;
}

/** Shipping is decided on the adjusted quote (a "free above ¥x" threshold may read the discounted amount). */
export type ShippingStep = (draft: QuoteDraft) => Promise<number> | number;

/**
 * The one price pipeline: priced lines → adjusters in order (each amount split over the lines by largest
 * remainder, so the lines always add up) → shipping → payable. Placement runs the same function as the quote.
 */
export async function runQuote<L extends PricedLine>(
  priced: readonly L[],
  request: QuoteRequest,
  adjusters: readonly QuoteAdjuster[],
  shipping: ShippingStep,
): Promise<Quote<L>> {
  let lines: QuotedLine<L>[] = priced.map((l) => {
    const lineTotalFen = l.unitPriceFen * l.quantity;
    return { ...l, lineTotalFen, discountFen: 0, payableFen: lineTotalFen };
  });
  const itemsFen = sumFen(lines.map((l) => l.lineTotalFen));
  const adjustments: AppliedAdjustment[] = [];
  const draftOf = (): QuoteDraft => ({
    request,
    lines,
    itemsFen,
    discountFen: sumFen(lines.map((l) => l.discountFen)),
  });

  const ordered = [...adjusters].sort((a, b) => ADJUSTER_STAGES.indexOf(a.stage) - ADJUSTER_STAGES.indexOf(b.stage)); // Array.prototype.sort is stable: same-stage adjusters keep their order
  for (const adjuster of ordered) {
    const draft = draftOf();
    const result = await adjuster.apply(draft);
    if (!result) continue;
    const amountFen = Math.min(Math.max(0, Math.floor(result.amountFen)), draft.itemsFen - draft.discountFen);
    if (amountFen === 0) continue;
    const weights = result.weights ?? lines.map((l) => l.payableFen);
    if (weights.length !== lines.length) throw new Error(`adjuster ${adjuster.code} gave ${weights.length} weights`);
    const shares = prorate(weights, amountFen);
    lines = lines.map((l, i) => {
      const share = shares[i]!;
      if (share > l.payableFen) {
        throw new DomainError('QUOTE_INVALID', `${adjuster.code} takes more than line ${l.skuId} costs`, 409);
      }
      return { ...l, discountFen: l.discountFen + share, payableFen: l.payableFen - share };
    });
    adjustments.push({
      code: adjuster.code,
      label: result.label,
      amountFen,
      points: result.points ?? 0,
      ref: result.ref ?? null,
    });
  }

  const final = draftOf();
  const shippingFen = await shipping(final);
  return {
    lines,
    itemsFen,
    adjustments,
    discountFen: final.discountFen,
    shippingFen,
    payableFen: itemsFen - final.discountFen + shippingFen,
  };
}
