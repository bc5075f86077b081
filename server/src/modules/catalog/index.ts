export { Category, initCatalogModels, Product, Sku } from './catalog.model';
export { registerCatalogRoutes } from './catalog.routes';
export { getProductWithSkus } from './catalog.queries';
export { releaseStock, reserveStock, type StockLine } from './stock';
