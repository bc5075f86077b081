import type { ApiRouter } from '../../platform/http/api-router';
import type { PlatformDeps } from '../../platform/deps';
import { registerCatalogAdminRoutes } from './catalog.admin-routes';
import { registerCatalogRoutes as registerMemberCatalogRoutes } from './catalog.routes';
import { LocalDiskStorage, type MediaStorage } from './media-storage';

export { Category, initCatalogModels, Product, Sku } from './catalog.model';
export { Banner, ProductStatusChange } from './listing.model';
export { getProductWithSkus, toDetail, toSummary } from './catalog.queries';
export { categoryWithDescendants } from './categories';
export { assertCleanCopy, checkCopy, defaultCopyRules, type CopyRules } from './copy-check';
export {
  registerCatalogJobs,
  sweepListingSchedules,
  listingJobId,
  LISTING_JOB,
  LISTING_SWEEP_JOB,
} from './listing-schedule';
export { LocalDiskStorage, serveUploads, UPLOADS_URL_PREFIX, type MediaStorage } from './media-storage';
export { sanitizeRichText } from './rich-text';
export { releaseStock, reserveStock, type StockLine } from './stock';

/** Local disk today; an OSS/COS MediaStorage would be chosen here from the configuration. */
export function createMediaStorage(deps: PlatformDeps): MediaStorage {
  return new LocalDiskStorage(deps.config.catalog.mediaDir);
}

/** Member and admin catalog routes. */
export function registerCatalogRoutes(api: ApiRouter, deps: PlatformDeps, storage = createMediaStorage(deps)) {
  registerMemberCatalogRoutes(api, deps);
  registerCatalogAdminRoutes(api, deps, storage);
}
export { adjustStockTo, recordOpeningStock, sellReservedStock, type OrderStockActor } from './stock';
export { initInventoryModels } from './inventory/init-inventory';
export { registerInventoryAdminRoutes } from './inventory/inventory.admin-routes';
export { subscribeInventoryListeners } from './inventory/inventory.listeners';
export type { LowStockRaised } from './inventory/stock-movement';
