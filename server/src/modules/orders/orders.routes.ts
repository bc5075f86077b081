import { cancelMyOrder, getMyOrder, listMyOrders, remindShipping } from '@mall/shared';
import type { ApiRouter } from '../../platform/http/api-router';
import type { PlatformDeps } from '../../platform/deps';
import { cancelUnpaidOrder, type PaymentSettler } from './cancel-order';
import { getMemberOrder, listOrders } from './order-queries';
import { remindShipping as remindShippingOf } from './shipping-reminders';

/** A member's orders and the admin list; placing an order is the checkout flow (flows/place-order.ts). */
export function registerOrderRoutes(api: ApiRouter, deps: PlatformDeps, settler: PaymentSettler) {
  api.add(listMyOrders, async ({ ctx, query }) => {
    const page = await listOrders({ ...query, memberId: ctx.state.member.memberId });
    return { ...page, items: page.items.map(({ memberId: _m, ...view }) => view) };
  });
  api.add(getMyOrder, ({ ctx, params }) => getMemberOrder(ctx.state.member.memberId, params.orderNo));
  api.add(cancelMyOrder, ({ ctx, params }) => {
    const memberId = ctx.state.member.memberId as number;
    return cancelUnpaidOrder(deps, settler, params.orderNo, {
      actor: `member:${memberId}`,
      reason: 'cancelled by member',
      memberId,
    });
  });
  api.add(remindShipping, ({ ctx, params }) => remindShippingOf(deps, ctx.state.member.memberId, params.orderNo));
  // GET /api/admin/orders is the admin order search (flows/admin-orders.ts, issue 10)
}
