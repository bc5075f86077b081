import { MEMBER_VISIBLE_PRODUCT_STATUSES, type ProductDetail, type ProductSummary } from '@mall/shared';
import * as queries from './catalog.queries';

type ListQuery = Omit<queries.ProductFilter, 'statuses'>;

/** A product card before pricing: the summary and its active SKUs' base prices (the flows price them). */
export interface StorefrontCard {
  summary: ProductSummary;
  skus: { id: number; productId: number; priceFen: number }[];
}

/** Products members (and visitors) may see: on sale or in pre-sale, at base prices. */
export async function listStorefrontProducts(query: ListQuery): Promise<{ items: StorefrontCard[]; total: number }> {
  const { rows, skus, total } = await queries.listProducts({ ...query, statuses: MEMBER_VISIBLE_PRODUCT_STATUSES });
  const items = rows.map((p) => {
    const all = skus.get(p.id) ?? [];
    return {
      summary: queries.toSummary(p, all),
      skus: all.filter((s) => s.isActive).map((s) => ({ id: s.id, productId: s.productId, priceFen: s.priceFen })),
    };
  });
  return { items, total };
}

/** One product page at base prices, with each active SKU's stock; hidden products answer 404. */
export async function getStorefrontProduct(productId: number): Promise<ProductDetail> {
  const { product, skus } = await queries.getProductWithSkus(productId, { visibleToMembers: true });
  return queries.toDetail(product, skus);
}
