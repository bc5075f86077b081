import { QueryTypes } from 'sequelize';
import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import type { DomainEvents, OrderStatusChanged } from '../../platform/events/domain-events';
import { linesOf } from '../orders';
import { Product } from './catalog.model';

/**
 * Paid orders feed products' sales counts (the "sales" sort). The order id is recorded in the same transaction,
 * so a redelivered order.paid event changes nothing. Refunds do not take sales back: the count is what was sold.
 */
export async function countOrderSales(deps: PlatformDeps, orderId: number): Promise<boolean> {
  const lines = (await linesOf([orderId])).get(orderId) ?? [];
  return withTx(deps.sequelize, async (tx) => {
    const seen = await deps.sequelize.query('SELECT order_id FROM catalog_sales_counted WHERE order_id = ?', {
      replacements: [orderId],
      type: QueryTypes.SELECT,
      transaction: tx,
    });
    if (seen.length) return false;
    await deps.sequelize.query('INSERT INTO catalog_sales_counted (order_id, created_at) VALUES (?, ?)', {
      replacements: [orderId, new Date()],
      transaction: tx,
    });
    const byProduct = new Map<number, number>();
    for (const line of lines) byProduct.set(line.productId, (byProduct.get(line.productId) ?? 0) + line.quantity);
    for (const [productId, quantity] of [...byProduct].sort(([a], [b]) => a - b)) {
      await Product.increment({ salesCount: quantity }, { where: { id: productId }, transaction: tx });
    }
    return true;
  });
}

export function subscribeCatalogListeners(deps: PlatformDeps & { events: DomainEvents }) {
  deps.events.subscribe<OrderStatusChanged>('order.paid', 'catalog-sales-count', async (event) => {
    await countOrderSales(deps, event.payload.orderId);
  });
}
