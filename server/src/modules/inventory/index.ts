import { defineModule } from '../../platform/module';
import { registerInventoryAdminRoutes } from './inventory.admin-routes';
import type { InventoryModuleDeps } from './sku-directory';
import { initStockModels } from './stock.model';

export {
  recordOpeningStock,
  releaseStock,
  reserveStock,
  reserveStockInBatch,
  isReserveRefusal,
  explainReserveRefusal,
  findReserveRefusal,
  sellReservedStock,
  restockReturned,
  shipReplacement,
  adjustStockTo,
  type OpeningStock,
  type OrderStockActor,
  type StockLine,
} from './stock';
export { stockOf } from './inventory.queries';
export type { SkuDirectory, InventoryModuleDeps } from './sku-directory';
export { STOCK_TOPIC } from './stock-movement';
export type { LowStockRaised } from './stock-movement';
export type { SkuStockView } from '@mall/shared/admin';

/**
 * Inventory: each SKU's stock (its own table, sku_stocks), reservations, the stock ledger, alerts, imports.
 * It knows SKUs only by id; names and codes come from the catalog through the skuDirectory port.
 */
export const inventoryModule = defineModule<InventoryModuleDeps>({
  name: 'inventory',
  initModels: initStockModels,
  routes: registerInventoryAdminRoutes,
  permissions: {
    'inventory:read': 'See stock, the stock ledger and low-stock alerts; export stock',
    'inventory:write':
      'Move stock (inbound, outbound, adjustment, import), set thresholds and caps, acknowledge alerts',
  },
});
// issue 10 (fulfil): the batch-ship sheet is read like the stock import sheet
export { MAX_SHEET_ROWS, readSheet, receiveSheet, sheetFormat, type UploadedSheet } from './stock-sheet';
