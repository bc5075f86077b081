import type { Transaction } from 'sequelize';
import type { OrderStatus } from '@mall/shared';
import type { ShipResult } from '@mall/shared/admin';
import { withTx } from '../platform/db/database';
import { DomainError } from '../platform/errors';
import type { AdminActor } from '../platform/http/api-router';
import { recordAudit } from '../modules/admin';
import {
  queueShippingUpload,
  recordShipment,
  recordWarehouseProgress,
  shipmentViewsOf,
  type FulfilmentDeps,
  type ParcelInput,
} from '../modules/fulfilment';
import { lockOrderForShipping, markOrderShipped } from '../modules/orders';
import { paidWechatTransactionOf } from '../modules/payments';

/** Who ships: an admin (audited), or the warehouse through its signed callback. */
export type Shipper = { kind: 'admin'; actor: AdminActor } | { kind: 'warehouse' };

const actorName = (by: Shipper) => (by.kind === 'admin' ? `admin:${by.actor.username}` : 'warehouse');

/**
 * Ship one parcel of an order, one transaction across orders, fulfilment and payments: the order is locked; the
 * parcel and its lines are recorded (the same carrier + tracking number again is the same parcel, a duplicate);
 * when the last line has gone out the order becomes `shipped` (partly shipped orders stay `paid`, 待发货, with
 * their parcels visible) and the WeChat shipping upload of a WeChat Pay order is queued. Tracking, the upload and
 * the auto-receipt deadline run after commit.
 */
export async function shipOrderInTx(
  deps: FulfilmentDeps,
  tx: Transaction,
  orderNo: string,
  parcel: Omit<ParcelInput, 'actor'>,
  by: Shipper,
): Promise<ShipResult> {
  const order = await lockOrderForShipping(orderNo, tx);
  if (order.status !== 'paid' && order.status !== 'shipped') {
    throw new DomainError(
      'ORDER_NOT_SHIPPABLE',
      `This order is ${order.status}; only paid orders ship`,
      409,
      'orderNo',
    );
  }
  if (await deps.shippingHold.isHeld(order.orderId, tx)) {
    throw new DomainError(
      'ORDER_AWAITING_GROUP',
      'This is a group-buy order whose group has not completed yet; it ships once the group is complete',
      409,
      'orderNo',
    );
  }
  const recorded = await recordShipment(
    deps,
    tx,
    {
      orderId: order.orderId,
      orderNo: order.orderNo,
      memberId: order.memberId,
      receiverPhone: order.address.phone,
      lines: order.lines,
    },
    { ...parcel, actor: actorName(by) },
  );
  let status: OrderStatus = order.status;
  if (!recorded.duplicate && recorded.fullyShipped && order.status === 'paid') {
    await markOrderShipped(deps, tx, order.orderNo, {
      actor: actorName(by),
      reason: `${parcel.carrierCode} ${parcel.trackingNo}`,
    });
    status = 'shipped';
    const payment = await paidWechatTransactionOf(order.orderId, tx);
    if (payment) await queueShippingUpload(deps, tx, order, payment);
  }
  if (by.kind === 'warehouse') await recordWarehouseProgress(tx, order.orderId, order.orderNo, 'shipped');
  const shipment = (await shipmentViewsOf(order.orderId, tx)).find((s) => s.id === recorded.shipment.id)!;
  const result: ShipResult = {
    orderNo: order.orderNo,
    orderStatus: status,
    fullyShipped: recorded.fullyShipped,
    duplicate: recorded.duplicate,
    shipment,
  };
  if (by.kind === 'admin') {
    if (recorded.duplicate)
      by.actor.audited = true; // nothing changed, so there is nothing to audit
    else
      await recordAudit(
        by.actor,
        {
          action: 'order.ship',
          targetType: 'order',
          targetId: order.orderNo,
          before: { status: order.status },
          after: {
            status,
            shipmentId: shipment.id,
            carrierCode: shipment.carrierCode,
            trackingNo: shipment.trackingNo,
            lines: shipment.lines,
          },
        },
        tx,
      );
  }
  return result;
}

export function shipOrder(deps: FulfilmentDeps, orderNo: string, parcel: Omit<ParcelInput, 'actor'>, by: Shipper) {
  return withTx(deps.sequelize, (tx) => shipOrderInTx(deps, tx, orderNo, parcel, by));
}
