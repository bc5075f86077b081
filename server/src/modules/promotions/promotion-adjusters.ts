import type { Transaction } from 'sequelize';
import { sumFen } from '@mall/shared';
import { categoryPathsOf } from '../catalog';
import type { AppliedAdjustment, QuoteAdjuster, QuoteDraft } from '../orders';
import { activitiesFor } from './live-promotions';
import {
  discountShares,
  fullReductionShares,
  lineTotals,
  type ActivityRule,
  type ActivityShare,
  type CalcLine,
} from './promotion-calculator';
import { PromotionOrder } from './promotion.model';

/** A quote adjuster that also records, in the placement transaction, which activity took what off the order. */
export interface PromotionAdjuster extends QuoteAdjuster {
  commit(
    tx: Transaction,
    placed: { orderId: number; orderNo: string; memberId: number; applied: AppliedAdjustment },
  ): Promise<void>;
}

const STAGES = {
  discount: { code: 'discount', stage: 'discount', label: '限时折扣', shares: discountShares },
  full_reduction: { code: 'full_reduction', stage: 'full_reduction', label: '满减', shares: fullReductionShares },
} as const;

async function calcLinesOf(draft: QuoteDraft, activities: readonly ActivityRule[]): Promise<CalcLine[]> {
  const byCategory = activities.some((a) => a.categoryIds.length > 0);
  const paths = byCategory ? await categoryPathsOf(draft.lines.map((l) => l.productId)) : new Map<number, number[]>();
  return draft.lines.map((l) => ({
    productId: l.productId,
    categoryPath: paths.get(l.productId) ?? [],
    quantity: l.quantity,
    payableFen: l.payableFen,
  }));
}

/**
 * The `discount` (限时折扣) or `full_reduction` (满减) step of the quote for this member, or null when no activity
 * of that kind is open to them now. One adjustment per stage: its weights are exactly each line's amount, so the
 * split over the lines is the calculator's, and only the qualifying lines carry it. `ref` lists the activity ids.
 */
export async function promotionAdjuster(
  memberId: number,
  kind: ActivityRule['kind'],
  now = new Date(),
): Promise<PromotionAdjuster | null> {
  const activities = await activitiesFor(memberId, kind, now);
  if (!activities.length) return null;
  const step = STAGES[kind];
  let applied: { shares: ActivityShare[]; skuIds: number[] } = { shares: [], skuIds: [] };
  return {
    code: step.code,
    stage: step.stage,
    async apply(draft) {
      const shares = step.shares(activities, await calcLinesOf(draft, activities));
      applied = { shares, skuIds: draft.lines.map((l) => l.skuId) };
      if (!shares.length) return null;
      const weights = lineTotals(shares, draft.lines.length);
      return {
        amountFen: sumFen(weights),
        label: shares.length === 1 ? `${step.label}·${shares[0]!.name}` : step.label,
        ref: shares.map((s) => s.activityId).join(','),
        weights,
      };
    },
    async commit(tx, { orderId, orderNo }) {
      await PromotionOrder.bulkCreate(
        applied.shares.map((s) => ({
          promotionId: s.activityId,
          orderId,
          orderNo,
          memberId,
          status: 'placed' as const,
          itemsFen: s.itemsFen,
          discountFen: s.discountFen,
          skuIds: JSON.stringify(s.lineIndexes.map((i) => applied.skuIds[i])),
        })),
        { transaction: tx },
      );
    },
  };
}
