import type { Transaction } from 'sequelize';
import type { ShipmentStatus } from '@mall/shared';
import type { PlatformDeps } from '../../platform/deps';
import { DomainError, ValidationError } from '../../platform/errors';
import { carrierOf } from './carriers';
import { Shipment, ShipmentLine } from './fulfilment.model';
import { maskPhone, startTracking } from './shipments';

/** An exchange's replacement as fulfilment needs it: the order and line it replaces goods of, and who gets it. */
export interface Replacement {
  aftersaleNo: string;
  orderId: number;
  orderNo: string;
  memberId: number;
  receiverPhone: string;
  orderLineId: number;
  productName: string;
  quantity: number;
}

export interface ReplacementParcel {
  carrierCode: string;
  trackingNo: string;
  actor: string;
  at?: Date;
}

/** What the after-sales story needs of a replacement parcel: where it is and when it arrived. */
export interface ReshipmentView {
  shipmentId: number;
  carrierCode: string;
  trackingNo: string;
  status: ShipmentStatus;
  deliveredAt: Date | null;
}

const toView = (s: Shipment): ReshipmentView => ({
  shipmentId: s.id,
  carrierCode: s.carrierCode,
  trackingNo: s.trackingNo,
  status: s.status,
  deliveredAt: s.deliveredAt ?? null,
});

/**
 * The replacement parcel of an exchange (换货补发), in the caller's transaction: a shipment of the order that names
 * the request, carries the exchanged line's units, and is tracked like any parcel. The same carrier and number for
 * the same request again is the same parcel (duplicate); a number already used elsewhere is refused.
 */
export async function recordReshipment(
  deps: Pick<PlatformDeps, 'queues' | 'logger' | 'config'>,
  tx: Transaction,
  replacement: Replacement,
  parcel: ReplacementParcel,
): Promise<{ reshipment: ReshipmentView; duplicate: boolean }> {
  if (!carrierOf(parcel.carrierCode)) {
    throw new ValidationError(`Unknown carrier ${parcel.carrierCode}`, 'carrierCode', 'UNKNOWN_CARRIER');
  }
  const existing = await Shipment.findOne({
    where: { carrierCode: parcel.carrierCode, trackingNo: parcel.trackingNo },
    transaction: tx,
  });
  if (existing) {
    if (existing.aftersaleNo !== replacement.aftersaleNo) {
      throw new DomainError(
        'TRACKING_IN_USE',
        'This tracking number was shipped for another parcel',
        409,
        'trackingNo',
      );
    }
    return { reshipment: toView(existing), duplicate: true };
  }
  const shipment = await Shipment.create(
    {
      orderId: replacement.orderId,
      orderNo: replacement.orderNo,
      memberId: replacement.memberId,
      aftersaleNo: replacement.aftersaleNo,
      carrierCode: parcel.carrierCode,
      trackingNo: parcel.trackingNo,
      status: 'awaiting_pickup',
      receiverPhoneMasked: maskPhone(replacement.receiverPhone),
      shippedBy: parcel.actor,
      shippedAt: parcel.at ?? new Date(),
    },
    { transaction: tx },
  );
  await ShipmentLine.create(
    {
      shipmentId: shipment.id,
      orderId: replacement.orderId,
      orderLineId: replacement.orderLineId,
      productName: replacement.productName,
      quantity: replacement.quantity,
    },
    { transaction: tx },
  );
  startTracking(deps, tx, shipment.id);
  return { reshipment: toView(shipment), duplicate: false };
}

/** The replacement parcel of a request, if one went out. */
export async function reshipmentOf(aftersaleNo: string, tx?: Transaction): Promise<ReshipmentView | null> {
  const shipment = await Shipment.findOne({ where: { aftersaleNo }, order: [['id', 'DESC']], transaction: tx });
  return shipment ? toView(shipment) : null;
}
