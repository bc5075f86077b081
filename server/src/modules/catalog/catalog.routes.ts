import { getProduct, listBanners, listCategories, listProducts, MEMBER_VISIBLE_PRODUCT_STATUSES } from '@mall/shared';
import type { ApiRouter } from '../../platform/http/api-router';
import type { PlatformDeps } from '../../platform/deps';
import { listActiveBanners } from './banners';
import * as queries from './catalog.queries';
import { categoryTree } from './categories';

/** What members (and visitors) see: the category tree, products on sale or in pre-sale, banners. */
export function registerCatalogRoutes(api: ApiRouter, _deps: PlatformDeps) {
  api.add(listCategories, () => categoryTree());
  api.add(listProducts, async ({ query }) => {
    const { rows, skus, total } = await queries.listProducts({ ...query, statuses: MEMBER_VISIBLE_PRODUCT_STATUSES });
    return {
      items: rows.map((p) => queries.toSummary(p, skus.get(p.id) ?? [])),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  });
  api.add(getProduct, async ({ params }) => {
    const { product, skus } = await queries.getProductWithSkus(params.id, { visibleToMembers: true });
    return queries.toDetail(product, skus);
  });
  api.add(listBanners, () => listActiveBanners());
}
