import type { SegmentRules } from '@mall/shared/admin';

const DAY_MS = 86_400_000;

/** What the computation knows of one member; only the facts a segment's rules read are loaded. */
export interface MemberFacts {
  /** Within the segment's window (or ever). */
  spendFen: number;
  orders: number;
  /** The last paid order ever (recency is not bounded by the window). */
  lastPaidAt: Date | null;
  levelCode: string;
  region: string | null;
  isReferred: boolean;
  tags: readonly string[];
}

/** Which facts a segment's rules need (the computation skips the reads nobody asked for). */
export const needs = (r: SegmentRules) => ({
  purchases: [r.minSpendFen, r.maxSpendFen, r.minOrders, r.maxOrders].some((v) => v !== null),
  recency: r.paidWithinDays !== null || r.inactiveForDays !== null,
  level: r.levelCodes.length > 0,
  region: r.regions.length > 0,
  referral: r.referralSource !== null,
  tags: r.tags.length > 0,
});

/** Every rule given must hold (AND); within a list rule (levels, regions, tags) any one entry is enough (OR). */
export function matchesSegment(r: SegmentRules, f: MemberFacts, now: Date): boolean {
  const daysSincePaid = f.lastPaidAt ? (now.getTime() - f.lastPaidAt.getTime()) / DAY_MS : Infinity;
  return (
    (r.minSpendFen === null || f.spendFen >= r.minSpendFen) &&
    (r.maxSpendFen === null || f.spendFen <= r.maxSpendFen) &&
    (r.minOrders === null || f.orders >= r.minOrders) &&
    (r.maxOrders === null || f.orders <= r.maxOrders) &&
    (r.paidWithinDays === null || daysSincePaid <= r.paidWithinDays) &&
    (r.inactiveForDays === null || daysSincePaid >= r.inactiveForDays) &&
    (!r.levelCodes.length || r.levelCodes.includes(f.levelCode)) &&
    (!r.regions.length || (f.region !== null && r.regions.some((prefix) => f.region!.startsWith(prefix)))) &&
    (r.referralSource === null || (r.referralSource === 'referred') === f.isReferred) &&
    (!r.tags.length || r.tags.some((t) => f.tags.includes(t)))
  );
}
