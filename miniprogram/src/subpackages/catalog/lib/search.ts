import { yuanStringToFen, type MemberProductSummary, type PRODUCT_SORTS } from '@mall/shared';

export type SortKey = 'default' | (typeof PRODUCT_SORTS)[number];

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

/**
 * What the server can do for us. It sorts and filters on the base price, and a member never pays more than
 * the base price, so "base ≥ min" is safe to ask of it; "base ≤ max" is not (a gold member's ¥80 may be an ¥85
 * base), so the upper bound is applied here, on the member's own price.
 */
export function serverQuery(keyword: string, sort: SortKey, range: PriceRange) {
  return {
    keyword: keyword.trim() || undefined,
    sort: sort === 'default' ? undefined : sort,
    minPriceFen: range.minFen ?? undefined,
    page: 1,
    pageSize: 100,
  };
}

const BY_MEMBER_PRICE: Partial<Record<SortKey, (a: MemberProductSummary, b: MemberProductSummary) => number>> = {
  price_asc: (a, b) => a.priceFen - b.priceFen,
  price_desc: (a, b) => b.priceFen - a.priceFen,
};

/** The page as the member sees it: within their price range, price sorts by the price they pay. */
export function arrange(items: readonly MemberProductSummary[], sort: SortKey, range: PriceRange) {
  const inRange = items.filter(
    (p) =>
      (range.minFen === null || p.priceFen >= range.minFen) && (range.maxFen === null || p.priceFen <= range.maxFen),
  );
  const order = BY_MEMBER_PRICE[sort];
  return order ? [...inRange].sort(order) : inRange; // Array.prototype.sort is stable: ties keep the server's order
}
