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
}
