import {
  adminBatchProductStatus,
  adminCreateBanner,
  adminCreateCategory,
  adminCreateProduct,
  adminDeleteBanner,
  adminDeleteCategory,
  adminExportProducts,
  adminGetProduct,
  adminListBanners,
  adminListCategories,
  adminListProducts,
  adminProductStatusHistory,
  adminScheduleProduct,
  adminSetProductStatus,
  adminUpdateBanner,
  adminUpdateCategory,
  adminUpdateProduct,
  adminUploadMedia,
} from '@mall/shared/admin';
import type { AdminActor, ApiRouter } from '../../platform/http/api-router';
import type { PlatformDeps } from '../../platform/deps';
import * as banners from './banners';
import * as queries from './catalog.queries';
import * as categories from './categories';
import { exportProducts } from './export-products';
import { scheduleProduct } from './listing-schedule';
import type { MediaStorage } from './media-storage';
import { batchSetProductStatus, productStatusHistory, setProductStatus } from './product-status';
import { createProduct, updateProduct } from './save-product';
import { receiveOneFile, uploadMedia } from './upload-media';

export function registerCatalogAdminRoutes(api: ApiRouter, deps: PlatformDeps, storage: MediaStorage) {
  const actorOf = (ctx: { state: Record<string, unknown> }) => ctx.state.actor as AdminActor;

  api.add(adminListCategories, () => categories.categoryTree());
  api.add(adminCreateCategory, ({ body, ctx }) => categories.createCategory(deps, actorOf(ctx), body));
  api.add(adminUpdateCategory, ({ params, body, ctx }) =>
    categories.updateCategory(deps, actorOf(ctx), params.id, body),
  );
  api.add(adminDeleteCategory, ({ params, ctx }) => categories.deleteCategory(deps, actorOf(ctx), params.id));

  // /export and /batch-status before /:id, so their names are never read as an id
  api.add(adminExportProducts, async ({ query, ctx }) => {
    const file = await exportProducts(query);
    ctx.set('Content-Type', file.contentType);
    ctx.set('Content-Disposition', `attachment; filename="${file.fileName}"`);
    ctx.body = file.body;
  });
  api.add(adminBatchProductStatus, ({ body, ctx }) => batchSetProductStatus(deps, actorOf(ctx), body));
  api.add(adminListProducts, async ({ query }) => {
    const { rows, skus, total } = await queries.listProducts({
      ...query,
      statuses: query.status ? [query.status] : undefined,
    });
    return {
      items: rows.map((p) => queries.toAdminDetail(p, skus.get(p.id) ?? [])),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  });
  api.add(adminGetProduct, async ({ params }) => {
    const { product, skus } = await queries.getProductWithSkus(params.id, { visibleToMembers: false });
    return queries.toAdminDetail(product, skus);
  });
  api.add(adminCreateProduct, ({ body, ctx }) => createProduct(deps, actorOf(ctx), body));
  api.add(adminUpdateProduct, ({ params, body, ctx }) => updateProduct(deps, actorOf(ctx), params.id, body));
  api.add(adminSetProductStatus, ({ params, body, ctx }) =>
    setProductStatus(deps, actorOf(ctx), params.id, body.status, body.reason),
  );
  api.add(adminScheduleProduct, ({ params, body, ctx }) => scheduleProduct(deps, actorOf(ctx), params.id, body));
  api.add(adminProductStatusHistory, ({ params }) => productStatusHistory(params.id));

  api.add(
    adminUploadMedia,
    ({ ctx }) => uploadMedia(deps, storage, actorOf(ctx), ctx.state.upload as Express.Multer.File | undefined),
    [receiveOneFile(Math.max(deps.config.catalog.maxImageBytes, deps.config.catalog.maxVideoBytes))],
  );

  api.add(adminListBanners, () => banners.listAllBanners());
  api.add(adminCreateBanner, ({ body, ctx }) => banners.createBanner(deps, actorOf(ctx), body));
  api.add(adminUpdateBanner, ({ params, body, ctx }) => banners.updateBanner(deps, actorOf(ctx), params.id, body));
  api.add(adminDeleteBanner, ({ params, ctx }) => banners.deleteBanner(deps, actorOf(ctx), params.id));
}
