export { Category, initCatalogModels, Product, Sku } from './catalog.model';
export { registerCatalogRoutes } from './catalog.routes';
export { getProductWithSkus } from './catalog.queries';
export { releaseStock, reserveStock, type StockLine } from './stock';
export { adjustStockTo, recordOpeningStock, sellReservedStock, type OrderStockActor } from './stock';
export { initInventoryModels } from './inventory/init-inventory';
export { registerInventoryAdminRoutes } from './inventory/inventory.admin-routes';
export { subscribeInventoryListeners } from './inventory/inventory.listeners';
export type { LowStockRaised } from './inventory/stock-movement';
