import { applyBps, formatYuan, type CouponKind, type CouponScope } from '@mall/shared';

/** What a coupon takes off, from what threshold, on which lines. Pure: no database, no clock. */
export interface CouponRule {
  kind: CouponKind;
  amountOffFen: number | null;
  percentOffBps: number | null;
  maxOffFen: number | null;
  thresholdFen: number;
  scope: CouponScope;
  scopeIds: readonly number[];
}

/** A line as the coupon sees it: what it still costs after the adjusters before the coupon. */
export interface CouponLine {
  productId: number;
  categoryId: number | null;
  payableFen: number;
}

export type CouponSaving = { usable: true; savingFen: number; weights: number[] } | { usable: false; reason: string };

/** "¥100" for whole yuan, "¥99.90" otherwise. */
const yuan = (fen: number) => (fen % 100 === 0 ? `¥${fen / 100}` : formatYuan(fen));

/** 1500 bps off → "8.5折". */
const zhe = (bps: number) => `${Number(((10_000 - bps) / 1_000).toFixed(2))}折`;

/** "满¥100减¥20", "无门槛减¥5", "满¥200享8.5折 最高减¥30". */
export function couponRuleLabel(rule: CouponRule): string {
  const from = rule.thresholdFen > 0 ? `满${yuan(rule.thresholdFen)}` : '无门槛';
  if (rule.kind === 'amount') return `${from}减${yuan(rule.amountOffFen ?? 0)}`;
  const cap = rule.maxOffFen === null ? '' : ` 最高减${yuan(rule.maxOffFen)}`;
  return `${from}${rule.thresholdFen > 0 ? '享' : ''}${zhe(rule.percentOffBps ?? 0)}${cap}`;
}

/**
 * Does the line fall in the coupon's scope? `scopeCategories` is the scope's categories with their descendants
 * (a coupon for 食品 covers 零食 under it).
 */
function inScope(rule: CouponRule, line: CouponLine, scopeCategories: ReadonlySet<number>): boolean {
  if (rule.scope === 'all') return true;
  if (rule.scope === 'products') return rule.scopeIds.includes(line.productId);
  return line.categoryId !== null && scopeCategories.has(line.categoryId);
}

/**
 * What the coupon saves on these lines. The threshold is met by what the lines in scope still cost after the
 * adjusters before the coupon (a discount activity or 满减 lowers it); the saving is split over those lines only
 * (weights: their payable, 0 elsewhere) and never exceeds what they still cost.
 */
export function couponSaving(
  rule: CouponRule,
  lines: readonly CouponLine[],
  scopeCategories: ReadonlySet<number> = new Set(),
): CouponSaving {
  const weights = lines.map((l) => (inScope(rule, l, scopeCategories) ? l.payableFen : 0));
  const baseFen = weights.reduce((a, b) => a + b, 0);
  if (baseFen <= 0) return { usable: false, reason: '不适用于所选商品' };
  if (baseFen < rule.thresholdFen) {
    return { usable: false, reason: `还差${yuan(rule.thresholdFen - baseFen)}可用` };
  }
  const raw =
    rule.kind === 'amount'
      ? (rule.amountOffFen ?? 0)
      : Math.min(applyBps(baseFen, rule.percentOffBps ?? 0), rule.maxOffFen ?? Number.MAX_SAFE_INTEGER);
  const savingFen = Math.min(raw, baseFen);
  if (savingFen <= 0) return { usable: false, reason: '不适用于所选商品' };
  return { usable: true, savingFen, weights };
}
