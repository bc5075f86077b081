import { getProduct, listBanners, listCategories, listProducts, MEMBER_VISIBLE_PRODUCT_STATUSES } from '@mall/shared';
import type { ApiRouter } from '../../platform/http/api-router';
import type { PlatformDeps } from '../../platform/deps';
import { priceProductDetail, priceProductSummaries } from '../pricing';
import { listActiveBanners } from './banners';
import * as queries from './catalog.queries';
import { categoryTree } from './categories';

/** What members (and visitors) see: the category tree, products on sale or in pre-sale, banners. */
export function registerCatalogRoutes(api: ApiRouter, deps: PlatformDeps) {
  api.add(listCategories, () => categoryTree());
  api.add(listProducts, async ({ query, ctx }) => {
    const { rows, skus, total } = await queries.listProducts({ ...query, statuses: MEMBER_VISIBLE_PRODUCT_STATUSES });
    // priced for the caller: their level (member token optional) and channel (x-channel), see modules/pricing
    const items = rows.map((p) => ({
      summary: queries.toSummary(p, skus.get(p.id) ?? []),
      skus: (skus.get(p.id) ?? []).filter((s) => s.isActive),
    }));
    return {
      items: await priceProductSummaries(deps, ctx, items),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  });
  api.add(getProduct, async ({ params, ctx }) => {
    const { product, skus } = await queries.getProductWithSkus(params.id, { visibleToMembers: true });
    return priceProductDetail(deps, ctx, queries.toDetail(product, skus));
  });
  api.add(listBanners, () => listActiveBanners());
}
