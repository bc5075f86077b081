import { yuanStringToFen, type MemberProductSummary } from '@mall/shared';

export type SortKey = 'default' | 'sales' | 'price_asc' | 'price_desc' | 'newest';

export interface PriceRange {
  minFen: number | null;
  maxFen: number | null;
}

/** "12.5" → 1250; empty or unreadable input means no bound. */
export function boundFen(yuan: string): number | null {
  try {
    return yuan.trim() ? yuanStringToFen(yuan) : null;
  } catch {
    return null;
  }
}

const ORDER: Record<Exclude<SortKey, 'default'>, (a: MemberProductSummary, b: MemberProductSummary) => number> = {
  sales: (a, b) => b.salesCount - a.salesCount || b.id - a.id,
  price_asc: (a, b) => a.priceFen - b.priceFen || b.id - a.id,
  price_desc: (a, b) => b.priceFen - a.priceFen || b.id - a.id,
  newest: (a, b) => b.id - a.id,
};

/**
 * Sorts and filters by the price this member pays (what the cards show), not the base price: a gold
 * member asking for "under ¥80" wants what costs them under ¥80.
 */
export function arrange(items: readonly MemberProductSummary[], sort: SortKey, range: PriceRange) {
  const inRange = items.filter(
    (p) =>
      (range.minFen === null || p.priceFen >= range.minFen) && (range.maxFen === null || p.priceFen <= range.maxFen),
  );
  return sort === 'default' ? inRange : [...inRange].sort(ORDER[sort]);
}
