import { applyBps, prorate, sumFen, type PromotionKind } from '@mall/shared';

/** An activity as the calculator reads it (no model, no clock of its own). */
export interface ActivityRule {
  id: number;
  kind: PromotionKind;
  name: string;
  startsAt: Date;
  endsAt: Date;
  productIds: readonly number[];
  categoryIds: readonly number[];
  levelActivityCode: string | null;
  discountBps: number | null;
  activityPriceFen: number | null;
  tiers: readonly { thresholdFen: number; reductionFen: number }[];
}

/** A quote line as the calculator needs it: what it still pays at this stage. */
export interface CalcLine {
  productId: number;
  /** The product's category and every category above it (empty: none). */
  categoryPath: readonly number[];
  quantity: number;
  payableFen: number;
}

/** What one activity takes off, per line (same order as the lines; 0 where it does not apply). */
export interface ActivityShare {
  activityId: number;
  name: string;
  lineAmounts: number[];
  /** Indexes of the lines it covers (a 满减 line may carry a share of 0 after rounding and still count). */
  lineIndexes: number[];
  /** What its lines cost before it. */
  itemsFen: number;
  discountFen: number;
}

/** Inside its window: from startsAt (inclusive) to endsAt (exclusive). */
export const isInWindow = (a: ActivityRule, now: Date) => a.startsAt <= now && now < a.endsAt;

/** Empty product set and category set: the whole shop. */
export function covers(a: ActivityRule, line: CalcLine): boolean {
  if (!a.productIds.length && !a.categoryIds.length) return true;
  return a.productIds.includes(line.productId) || line.categoryPath.some((c) => a.categoryIds.includes(c));
}

/**
 * 限时折扣 on one line: percent off what the line still pays (rounded down: the fraction of a fen stays with the
 * shop), or down to the activity's unit price (a line already cheaper gets nothing).
 */
export function lineDiscountFen(a: ActivityRule, line: CalcLine): number {
  if (a.discountBps !== null) return applyBps(line.payableFen, a.discountBps);
  if (a.activityPriceFen !== null) return Math.max(0, line.payableFen - a.activityPriceFen * line.quantity);
  return 0;
}

const better = (x: { amount: number; id: number }, y: { amount: number; id: number } | null) =>
  !y || x.amount > y.amount || (x.amount === y.amount && x.id < y.id);

/**
 * Discount activities never stack on one line: each line takes the one activity that saves it most (the lower
 * id on a tie). Answers one share per activity that took something off.
 */
export function discountShares(activities: readonly ActivityRule[], lines: readonly CalcLine[]): ActivityShare[] {
  const discounts = activities.filter((a) => a.kind === 'discount');
  const chosen = lines.map((line) => {
    let best: { amount: number; id: number } | null = null;
    for (const a of discounts) {
      if (!covers(a, line)) continue;
      const candidate = { amount: lineDiscountFen(a, line), id: a.id };
      if (candidate.amount > 0 && better(candidate, best)) best = candidate;
    }
    return best;
  });
  return discounts.flatMap((a) => {
    const lineAmounts = chosen.map((c) => (c?.id === a.id ? c.amount : 0));
    const discountFen = sumFen(lineAmounts);
    if (discountFen === 0) return [];
    const itemsFen = sumFen(lines.map((l, i) => (lineAmounts[i]! > 0 ? l.payableFen : 0)));
    const lineIndexes = lineAmounts.flatMap((amount, i) => (amount > 0 ? [i] : []));
    return [{ activityId: a.id, name: a.name, lineAmounts, lineIndexes, itemsFen, discountFen }];
  });
}

/** The highest tier whose threshold the amount reaches, or null. */
export function bestTier(tiers: ActivityRule['tiers'], amountFen: number) {
  return [...tiers].reverse().find((t) => amountFen >= t.thresholdFen) ?? null;
}

/**
 * 满减: each activity reads what its qualifying lines still pay (after level price, campaign price and discount
 * activity) and takes its best tier off them, split over those lines only (largest remainder). A line counts
 * towards one 满减 at most: the activity saving most takes its lines first, the others work on what is left.
 */
export function fullReductionShares(activities: readonly ActivityRule[], lines: readonly CalcLine[]): ActivityShare[] {
  let open = lines.map(() => true);
  let pending = activities.filter((a) => a.kind === 'full_reduction');
  const shares: ActivityShare[] = [];
  for (;;) {
    let best: { amount: number; id: number; rule: ActivityRule; mask: boolean[]; baseFen: number } | null = null;
    for (const rule of pending) {
      const mask = lines.map((l, i) => open[i]! && covers(rule, l));
      const baseFen = sumFen(lines.map((l, i) => (mask[i] ? l.payableFen : 0)));
      const tier = bestTier(rule.tiers, baseFen);
      const candidate = { amount: tier?.reductionFen ?? 0, id: rule.id, rule, mask, baseFen };
      if (candidate.amount > 0 && better(candidate, best)) best = candidate;
    }
    if (!best) return shares;
    const { rule, mask, baseFen, amount } = best;
    const split = prorate(
      lines.map((l, i) => (mask[i] ? l.payableFen : 0)),
      amount,
    );
    const lineIndexes = mask.flatMap((m, i) => (m ? [i] : []));
    shares.push({
      activityId: rule.id,
      name: rule.name,
      lineAmounts: split,
      lineIndexes,
      itemsFen: baseFen,
      discountFen: amount,
    });
    open = open.map((o, i) => o && !mask[i]);
    pending = pending.filter((a) => a.id !== rule.id);
  }
}

/** Per-line totals of several shares: the weights the quote splits the adjustment by (they sum to the amount). */
export function lineTotals(shares: readonly ActivityShare[], lineCount: number): number[] {
  return Array.from({ length: lineCount }, (_, i) => sumFen(shares.map((s) => s.lineAmounts[i]!)));
}
