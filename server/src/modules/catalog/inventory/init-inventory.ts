import type { Sequelize } from 'sequelize';
import { Sku } from '../catalog.model';
import { recordOpeningStock } from '../stock';
import { initStockModels } from './stock-ledger.model';

/**
 * Inventory models, and the hook that puts every new SKU's initial stock into the ledger as its opening
 * inbound, in the transaction that created it: however a SKU is created (admin API, seed, import), the
 * ledger sums to its stock from the start. Call after initCatalogModels.
 */
export function initInventoryModels(sequelize: Sequelize) {
  initStockModels(sequelize);
  Sku.addHook('afterCreate', 'inventory-opening-stock', (sku: Sku, options) =>
    recordOpeningStock([sku], 'system:product-create', options.transaction),
  );
  Sku.addHook('afterBulkCreate', 'inventory-opening-stock', (skus: Sku[], options) =>
    recordOpeningStock(skus, 'system:product-create', options.transaction),
  );
  // stock written past the ledger would make it lie: such a change is a bug, refused loudly
  Sku.addHook('beforeUpdate', 'inventory-guard', (sku: Sku) => {
    if (sku.changed('stock')) throw new Error(STOCK_BYPASS);
  });
  Sku.addHook('beforeBulkUpdate', 'inventory-guard', (options) => {
    const values = (options as { attributes?: object }).attributes; // Sequelize hands the values here
    if (values && 'stock' in values) throw new Error(STOCK_BYPASS);
  });
}

const STOCK_BYPASS =
  'Sku.stock changes only through inventory (reserveStock, releaseStock, adjustStockTo, the admin stock API)';
