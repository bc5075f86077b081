import { priceSkus, type PricingContext, type SkuPrice, type SkuRef } from './resolve-prices';

export interface PriceFieldValues {
  priceFen: number;
  basePriceFen: number;
  priceLabel: string | null;
  nextLevel: SkuPrice['nextLevel'];
}

const fieldsOf = (p: SkuPrice): PriceFieldValues => ({
  priceFen: p.priceFen,
  basePriceFen: p.basePriceFen,
  priceLabel: p.label,
  nextLevel: p.nextLevel,
});

/** A product is shown at its cheapest SKU for this member ("¥xx 起"). */
function cheapest(prices: SkuPrice[]): PriceFieldValues {
  const [best] = [...prices].sort((a, b) => a.priceFen - b.priceFen || a.basePriceFen - b.basePriceFen);
  return best ? fieldsOf(best) : { priceFen: 0, basePriceFen: 0, priceLabel: null, nextLevel: null };
}

/** Product cards priced for the caller of a public route (`pricingContextOfRequest`). */
export async function priceProductSummaries<T extends { priceFen: number }>(
  pc: PricingContext,
  items: { summary: T; skus: readonly SkuRef[] }[],
): Promise<(T & PriceFieldValues)[]> {
  const prices = await priceSkus(
    items.flatMap((i) => i.skus),
    pc,
  );
  return items.map(({ summary, skus }) => ({
    ...summary,
    ...cheapest(skus.map((s) => prices.get(s.id)!)),
  }));
}

/** A product page priced for the caller: every SKU with its price, the product at its cheapest SKU. */
export async function priceProductDetail<
  T extends { id: number; priceFen: number; skus: { id: number; priceFen: number }[] },
>(
  pc: PricingContext,
  detail: T,
): Promise<Omit<T, 'skus'> & PriceFieldValues & { skus: (T['skus'][number] & PriceFieldValues)[] }> {
  const prices = await priceSkus(
    detail.skus.map((s) => ({ id: s.id, productId: detail.id, priceFen: s.priceFen })),
    pc,
  );
  const skus = detail.skus.map((s) => ({ ...s, ...fieldsOf(prices.get(s.id)!) }));
  return { ...detail, ...cheapest(skus.map((s) => prices.get(s.id)!)), skus };
}
