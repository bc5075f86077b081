import { confirmMyOrderReceipt, getMyOrderLogistics, kuaidi100Push } from '@mall/shared';
import { adminListCarriers, adminRetryShippingUpload } from '@mall/shared/admin';
import { PUSH_ACK, verifyPushSign, type Kuaidi100Track } from '../../integrations/kuaidi100';
import { withTx } from '../../platform/db/database';
import { NotFoundError } from '../../platform/errors';
import type { AdminActor, ApiRouter } from '../../platform/http/api-router';
import { recordAudit } from '../admin';
import { confirmOrderReceipt, orderForShipping } from '../orders';
import { CARRIERS } from './carriers';
import type { FulfilmentDeps } from './fulfilment-deps';
import { shipmentViewsOf, shippedQuantities } from './shipments';
import { retryShippingUpload } from './shipping-upload';
import { applyPush } from './tracking';

export function registerFulfilmentRoutes(api: ApiRouter, deps: FulfilmentDeps) {
  // another member's order is "not found", like a missing one
  api.add(getMyOrderLogistics, async ({ ctx, params }) => {
    const order = await orderForShipping(params.orderNo, ctx.state.member.memberId as number);
    if (!order) throw new NotFoundError('This order', 'orderNo');
    const shipped = await shippedQuantities(order.orderId);
    return {
      orderNo: order.orderNo,
      fullyShipped: order.lines.every((l) => (shipped.get(l.orderLineId) ?? 0) >= l.quantity),
      shipments: await shipmentViewsOf(order.orderId),
    };
  });

  api.add(confirmMyOrderReceipt, ({ ctx, params }) => {
    const memberId = ctx.state.member.memberId as number;
    return confirmOrderReceipt(deps, params.orderNo, {
      actor: `member:${memberId}`,
      reason: 'confirmed by member',
      memberId,
    });
  });

  // Kuaidi100 pushes: verified by sign = UPPER(MD5(param + salt)); anything unverifiable is ignored (and not acked)
  api.add(kuaidi100Push, async ({ ctx, query }) => {
    const cfg = deps.config.fulfilment.kuaidi100;
    const form = (ctx.request.body ?? {}) as { param?: unknown; sign?: unknown };
    if (
      !cfg ||
      typeof form.param !== 'string' ||
      typeof form.sign !== 'string' ||
      !verifyPushSign(form.param, form.sign, cfg.callbackSalt)
    ) {
      ctx.status = 400;
      ctx.body = { result: false, returnCode: '500', message: 'sign refused' };
      return;
    }
    let push: { lastResult?: Kuaidi100Track };
    try {
      push = JSON.parse(form.param) as typeof push;
    } catch {
      ctx.status = 400;
      ctx.body = { result: false, returnCode: '500', message: 'param is not JSON' };
      return;
    }
    if (push.lastResult) await applyPush(deps, query.shipmentId, push.lastResult);
    ctx.status = 200;
    ctx.body = PUSH_ACK;
  });

  api.add(adminListCarriers, async () => ({ items: [...CARRIERS] }));

  api.add(adminRetryShippingUpload, async ({ ctx, params }) => {
    const order = await orderForShipping(params.orderNo);
    if (!order) throw new NotFoundError('This order', 'orderNo');
    const actor = ctx.state.actor as AdminActor;
    const status = await withTx(deps.sequelize, async (tx) => {
      const before = await retryShippingUpload(deps, order.orderId, tx);
      if (!before) throw new NotFoundError('A shipping upload of this order', 'orderNo');
      await recordAudit(
        actor,
        {
          action: 'shipping_upload.retry',
          targetType: 'order',
          targetId: order.orderNo,
          before: null,
          after: { status: before },
        },
        tx,
      );
      return before;
    });
    return { status };
  });
}
