import { getProduct, listProducts } from '@mall/shared';
import type { ApiRouter } from '../platform/http/api-router';
import { getStorefrontProduct, listStorefrontProducts } from '../modules/catalog';
import { priceProductDetail, priceProductSummaries, type PricingModuleDeps } from '../modules/pricing';

/**
 * The priced storefront: the catalog gives products at base prices (with stock from inventory), pricing
 * prices them for the caller (their level when a member token comes along, their channel from x-channel).
 */
export function registerStorefrontRoutes(api: ApiRouter, deps: PricingModuleDeps) {
  api.add(listProducts, async ({ query, ctx }) => {
    const { items, total } = await listStorefrontProducts(query);
    return {
      items: await priceProductSummaries(deps, ctx, items),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  });
  api.add(getProduct, async ({ params, ctx }) => priceProductDetail(deps, ctx, await getStorefrontProduct(params.id)));
}
