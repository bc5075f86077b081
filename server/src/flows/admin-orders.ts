import { adminExportOrders, adminGetOrder, adminSearchOrders, type OrderSearchQuery } from '@mall/shared/admin';
import type { z } from 'zod';
import { withTx } from '../platform/db/database';
import type { AdminPrincipal } from '../platform/http/auth';
import type { AdminActor, ApiRouter } from '../platform/http/api-router';
import { recordAudit } from '../modules/admin';
import {
  shipmentViewsOf,
  shippedQuantities,
  shippingUploadViewOf,
  warehouseViewOf,
  type FulfilmentDeps,
} from '../modules/fulfilment';
import { adminOrderOf, exportOrdersXlsx, searchOrders, type OrderSearchFilter } from '../modules/orders';
import { orderIdsPaidVia, paidChannelsOf } from '../modules/payments';

type Query = Omit<z.output<typeof OrderSearchQuery>, 'page' | 'pageSize'>;

/** The payment channel filter is payments' knowledge: it narrows the search to the orders it names. */
async function filterOf({ channel, ...rest }: Query): Promise<OrderSearchFilter> {
  return { ...rest, ...(channel ? { orderIds: await orderIdsPaidVia(channel) } : {}) };
}

/** Admin order search, export and detail: orders, with payments (channel) and fulfilment (parcels, uploads). */
export function registerAdminOrderRoutes(api: ApiRouter, deps: FulfilmentDeps) {
  api.add(adminSearchOrders, async ({ query: { page, pageSize, ...query } }) =>
    searchOrders({ ...(await filterOf(query)), page, pageSize }),
  );

  api.add(adminExportOrders, async ({ ctx, query, requestId }) => {
    const { file, rowCount } = await exportOrdersXlsx(await filterOf(query), paidChannelsOf);
    // a bulk read of addresses and phones is recorded like a write: who took which rows out
    const actor: AdminActor = { ...(ctx.state.admin as AdminPrincipal), requestId, ip: ctx.ip, audited: false };
    await withTx(deps.sequelize, (tx) =>
      recordAudit(
        actor,
        { action: 'orders.exported', targetType: 'order', targetId: '*', before: null, after: { query, rowCount } },
        tx,
      ),
    );
    ctx.set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    ctx.set('Content-Disposition', `attachment; filename="orders-${new Date().toISOString().slice(0, 10)}.xlsx"`);
    ctx.body = file;
  });

  api.add(adminGetOrder, async ({ params }) => {
    const { orderId, lineIds, ...order } = await adminOrderOf(params.orderNo);
    const [shipments, shipped, wechatShipping, warehouse] = await Promise.all([
      shipmentViewsOf(orderId),
      shippedQuantities(orderId),
      shippingUploadViewOf(orderId),
      warehouseViewOf(orderId),
    ]);
    return {
      ...order,
      shipments,
      shippedQuantities: lineIds.map((l) => ({ ...l, shipped: shipped.get(l.orderLineId) ?? 0 })),
      wechatShipping,
      warehouse,
    };
  });
}
