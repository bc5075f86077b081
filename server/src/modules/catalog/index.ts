import { defineModule } from '../../platform/module';
import { initCatalogModels } from './catalog.model';
import { registerCatalogJobs } from './listing-schedule';
import { initInventoryModels } from './inventory/init-inventory';
import { registerInventoryAdminRoutes } from './inventory/inventory.admin-routes';
import { subscribeInventoryListeners } from './inventory/inventory.listeners';
import type { ApiRouter } from '../../platform/http/api-router';
import type { PlatformDeps } from '../../platform/deps';
import { registerCatalogAdminRoutes } from './catalog.admin-routes';
import { registerCatalogRoutes as registerMemberCatalogRoutes } from './catalog.routes';
import { LocalDiskStorage, type MediaStorage } from './media-storage';

export { Category, Product, Sku } from './catalog.model';
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
export { registerInventoryAdminRoutes } from './inventory/inventory.admin-routes';
export { subscribeInventoryListeners } from './inventory/inventory.listeners';
export type { LowStockRaised } from './inventory/stock-movement';

/** Catalog: categories, products and SKUs, media, banners, listing schedules, the storefront. */
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

/** Inventory: stock, reservations, the stock ledger, alerts, imports. Listed after the catalog (SKU hook). */
export const inventoryModule = defineModule({
  name: 'inventory',
  initModels: initInventoryModels,
  routes: registerInventoryAdminRoutes,
  listeners: subscribeInventoryListeners,
  permissions: {
    'inventory:read': 'See stock, the stock ledger and low-stock alerts; export stock',
    'inventory:write':
      'Move stock (inbound, outbound, adjustment, import), set thresholds and caps, acknowledge alerts',
  },
});
