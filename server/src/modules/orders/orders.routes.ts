import {
  adminListOrders,
  cancelMyOrder,
  getMyOrder,
  listMyOrders,
  placeOrder as placeOrderContract,
} from '@mall/shared';
import type { ApiRouter } from '../../platform/http/api-router';
import { rateLimit } from '../../platform/http/rate-limit';
import type { PlatformDeps } from '../../platform/deps';
import { cancelUnpaidOrder, type PaymentSettler } from './cancel-order';
import { getMemberOrder, listOrders } from './order-queries';
import { channelOf } from '../pricing';
import { placeOrder } from './place-order';

export function registerOrderRoutes(api: ApiRouter, deps: PlatformDeps, settler: PaymentSettler) {
  const orderLimit = rateLimit(deps.redis, deps.config.redisPrefix, {
    name: 'orders',
    limit: deps.config.rateLimit.ordersPerMinute,
    windowMs: 60_000,
  });
  api.add(placeOrderContract, ({ ctx, body }) => placeOrder(deps, ctx.state.member.memberId, body, channelOf(ctx)), [
    orderLimit,
  ]);
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
  api.add(adminListOrders, ({ query }) => listOrders(query));
}
