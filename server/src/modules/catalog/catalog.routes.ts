import {
  adminCreateProduct,
  adminListProducts,
  adminSetProductStatus,
  getProduct,
  listCategories,
  listProducts,
} from '@mall/shared';
import type { AdminActor, ApiRouter } from '../../platform/http/api-router';
import type { PlatformDeps } from '../../platform/deps';
import { priceProductDetail, priceProductSummaries } from '../pricing';
import * as queries from './catalog.queries';
import { createProduct, setProductStatus } from './manage-products';

export function registerCatalogRoutes(api: ApiRouter, deps: PlatformDeps) {
  api.add(listCategories, () => queries.listCategories());
  api.add(listProducts, async ({ query, ctx }) => {
    const { rows, skus, total } = await queries.listProducts({ ...query, onSaleOnly: true });
    // priced for the caller: their level (member token optional) and channel (x-channel), see modules/pricing
    const items = rows.map((p) => ({
      summary: queries.toSummary(p, skus.get(p.id) ?? []),
      skus: skus.get(p.id) ?? [],
    }));
    return {
      items: await priceProductSummaries(deps, ctx, items),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  });
  api.add(getProduct, async ({ params, ctx }) => {
    const { product, skus } = await queries.getProductWithSkus(params.id, { onSaleOnly: true });
    return priceProductDetail(deps, ctx, queries.toDetail(product, skus));
  });

  api.add(adminListProducts, async ({ query }) => {
    const { rows, skus, total } = await queries.listProducts({ ...query, onSaleOnly: false });
    return {
      items: rows.map((p) => queries.toDetail(p, skus.get(p.id) ?? [])),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  });
  api.add(adminCreateProduct, ({ body, ctx }) => createProduct(deps, ctx.state.actor as AdminActor, body));
  api.add(adminSetProductStatus, ({ params, body, ctx }) =>
    setProductStatus(deps, ctx.state.actor as AdminActor, params.id, body.status, body.reason),
  );
}
