import type { OrderStatusChanged } from '../platform/events/domain-events';
import { withTx } from '../platform/db/database';
import type { PlatformDeps } from '../platform/deps';
import { addSales } from '../modules/catalog';
import { sellReservedStock } from '../modules/inventory';

/**
 * A paid order's reservations become sales in inventory, and its products' salesCount grows in the catalog,
 * in one transaction. The event may arrive more than once: the sale rows are unique per (sku, order), so a
 * second delivery sells nothing and adds no sales.
 */
export function subscribeSaleListener(deps: PlatformDeps) {
  deps.events.subscribe<OrderStatusChanged>('order.paid', 'inventory-sale', async ({ payload }) => {
    const units = await withTx(deps.sequelize, async (tx) => {
      const sold = await sellReservedStock(deps, { orderNo: payload.orderNo, operator: 'system:payment' }, tx);
      await addSales(tx, sold);
      return sold;
    });
    if (units.size) deps.logger.info({ orderNo: payload.orderNo, units: Object.fromEntries(units) }, 'stock sold');
  });
}
