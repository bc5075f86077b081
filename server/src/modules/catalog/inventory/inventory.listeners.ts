import type { OrderStatusChanged } from '../../../platform/events/domain-events';
import { withTx } from '../../../platform/db/database';
import type { PlatformDeps } from '../../../platform/deps';
import { sellReservedStock } from '../stock';

/**
 * A paid order's reservations become sales (and its products' salesCount grows). The event may arrive more
 * than once: the sale rows are unique per (sku, order), so a second delivery writes nothing.
 */
export function subscribeInventoryListeners(deps: PlatformDeps) {
  deps.events.subscribe<OrderStatusChanged>('order.paid', 'inventory-sale', async ({ payload }) => {
    const units = await withTx(deps.sequelize, (tx) =>
      sellReservedStock(deps, { orderNo: payload.orderNo, operator: 'system:payment' }, tx),
    );
    if (units.size) deps.logger.info({ orderNo: payload.orderNo, units: Object.fromEntries(units) }, 'stock sold');
  });
}
