import { defineModule } from '../../platform/module';
import type { ApiRouter } from '../../platform/http/api-router';
import type { PlatformDeps } from '../../platform/deps';
import { initCatalogModels } from './catalog.model';
import { registerCatalogJobs } from './listing-schedule';
import { registerCatalogAdminRoutes } from './catalog.admin-routes';
import { registerCatalogRoutes as registerMemberCatalogRoutes } from './catalog.routes';
import { LocalDiskStorage, type MediaStorage } from './media-storage';
import { registerSkuCostRoutes } from './sku-costs';

export { categoryPathsOf, categoryWithDescendants, missingCatalogIds } from './categories';
export { assertCleanCopy, checkCopy, defaultCopyRules, type CopyRules } from './copy-check';
export {
  registerCatalogJobs,
  sweepListingSchedules,
  listingJobId,
  LISTING_JOB,
  LISTING_SWEEP_JOB,
} from './listing-schedule';
export { LocalDiskStorage, serveUploads, UPLOADS_URL_PREFIX, type MediaStorage } from './media-storage';
export { contentKey } from './media-storage';
export { receiveOneFile, sniffMediaType } from './upload-media';
export { sanitizeRichText } from './rich-text';
export {
  addSales,
  skuIdsByCode,
  skuLabels,
  skusForSale,
  skusOfProduct,
  type CatalogSkuView,
  type SkuForSaleView,
} from './sku-queries';
export { getStorefrontProduct, listStorefrontProducts, storefrontVersion, type StorefrontCard } from './storefront';
export { catalogIsEmpty, seedDemoCatalog, type DemoCatalog } from './seed-catalog';
// issue 11 (finance reports): SKU cost prices
export { skuCostsOf } from './sku-costs';

/** Local disk today; an OSS/COS MediaStorage would be chosen here from the configuration. */
export function createMediaStorage(deps: PlatformDeps): MediaStorage {
  return new LocalDiskStorage(deps.config.catalog.mediaDir);
}

/** Member (unpriced) and admin catalog routes; the priced storefront is in flows/storefront.ts. */
export function registerCatalogRoutes(api: ApiRouter, deps: PlatformDeps, storage = createMediaStorage(deps)) {
  registerMemberCatalogRoutes(api);
  registerCatalogAdminRoutes(api, deps, storage);
  registerSkuCostRoutes(api, deps); // issue 11: cost prices for the profit report
}

/** Catalog: categories, products and SKUs, media, banners, listing schedules. Stock figures come from inventory. */
export const catalogModule = defineModule({
  name: 'catalog',
  initModels: initCatalogModels,
  routes: (api, deps) => registerCatalogRoutes(api, deps),
  jobs: registerCatalogJobs,
  permissions: {
    'catalog:read': 'See products, SKUs and stock',
    'catalog:write': 'Create and change products, SKUs, prices and listings',
  },
});
