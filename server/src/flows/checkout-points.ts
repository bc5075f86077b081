import type { OrderStatusChanged, RefundSucceeded } from '../platform/events/domain-events';
import { withTx } from '../platform/db/database';
import type { PlatformDeps } from '../platform/deps';
import { returnOrderPoints } from '../modules/loyalty';
import { orderAmountsOf } from '../modules/orders';

/**
 * Points spent at checkout come back through loyalty's door, one transaction each:
 * - all of them when the unpaid order is cancelled (idempotent by the order: `order-cancel:<orderNo>`);
 * - on a refund, the refunded share of what was paid (rounded down; all that is left once a refund covers the
 *   whole paid amount), idempotent by the refund number. Loyalty never returns more than was spent.
 */
export function subscribeCheckoutPointsListeners(deps: PlatformDeps) {
  deps.events.subscribe<OrderStatusChanged>('order.cancelled', 'checkout-points-cancel', async ({ payload }) => {
    const returned = await withTx(deps.sequelize, (tx) =>
      returnOrderPoints(payload.orderNo, 'all', `order-cancel:${payload.orderNo}`, tx),
    );
    if (returned) deps.logger.info({ orderNo: payload.orderNo, returned }, 'checkout points returned on cancel');
  });
  deps.events.subscribe<RefundSucceeded>('refund.succeeded', 'checkout-points-refund', async ({ payload }) => {
    const order = await orderAmountsOf(payload.orderNo);
    if (!order) return;
    const portion = { refundFen: payload.refundFen, paidFen: order.paidFen || order.payableFen };
    const returned = await withTx(deps.sequelize, (tx) =>
      returnOrderPoints(payload.orderNo, portion, `refund:${payload.refundNo}`, tx),
    );
    if (returned) deps.logger.info({ orderNo: payload.orderNo, returned }, 'checkout points returned on refund');
  });
}
