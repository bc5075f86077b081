import { Op, type Transaction } from 'sequelize';
import type { ShipmentView } from '@mall/shared';
import type { PlatformDeps } from '../../platform/deps';
import { DomainError, ValidationError } from '../../platform/errors';
import { enqueueAfterCommit } from '../../platform/queue/queues';
import { carrierOf } from './carriers';
import { Shipment, ShipmentLine, TrackingEvent } from './fulfilment.model';

/** An order as fulfilment needs it to ship: the lines as ordered (the flow reads it from orders' door). */
export interface ShippableOrder {
  orderId: number;
  orderNo: string;
  memberId: number;
  receiverPhone: string;
  lines: { orderLineId: number; productName: string; quantity: number }[];
}

export interface ParcelInput {
  carrierCode: string;
  trackingNo: string;
  /** Without lines: everything not shipped yet. */
  lines?: { orderLineId: number; quantity: number }[];
  actor: string;
  at?: Date;
}

export interface RecordedShipment {
  shipment: Shipment;
  duplicate: boolean;
  /** Every line of the order has now gone out in full. */
  fullyShipped: boolean;
}

export const TRACK_JOB = 'track';
export const SUBSCRIBE_JOB = 'track-subscribe';
export const trackJobId = (shipmentId: number, poll: number) => `track:${shipmentId}:${poll}`;

export const maskPhone = (phone: string) => (/^\d{11}$/.test(phone) ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '');

/** Shipped quantity per order line, over every parcel of the order (an exchange's replacement does not count). */
export async function shippedQuantities(orderId: number, tx?: Transaction): Promise<Map<number, number>> {
  const replacements = await Shipment.findAll({
    where: { orderId, aftersaleNo: { [Op.ne]: null } },
    attributes: ['id'],
    transaction: tx,
  });
  const skipped = new Set(replacements.map((s) => s.id));
  const rows = await ShipmentLine.findAll({ where: { orderId }, transaction: tx });
  const shipped = new Map<number, number>();
  for (const r of rows) {
    if (!skipped.has(r.shipmentId)) shipped.set(r.orderLineId, (shipped.get(r.orderLineId) ?? 0) + r.quantity);
  }
  return shipped;
}

/**
 * One parcel of an order, inside the caller's transaction (which holds the order's lock). The same carrier and
 * tracking number again for the same order is the same parcel: nothing changes (duplicate). Each line may go out
 * in several parcels, never more than was ordered. Tracking starts after commit.
 */
export async function recordShipment(
  deps: Pick<PlatformDeps, 'queues' | 'logger' | 'config'>,
  tx: Transaction,
  order: ShippableOrder,
  parcel: ParcelInput,
): Promise<RecordedShipment> {
  if (!carrierOf(parcel.carrierCode)) {
    throw new ValidationError(`Unknown carrier ${parcel.carrierCode}`, 'carrierCode', 'UNKNOWN_CARRIER');
  }
  const existing = await Shipment.findOne({
    where: { carrierCode: parcel.carrierCode, trackingNo: parcel.trackingNo },
    transaction: tx,
  });
  const shipped = await shippedQuantities(order.orderId, tx);
  const isComplete = (s: Map<number, number>) => order.lines.every((l) => (s.get(l.orderLineId) ?? 0) >= l.quantity);
  if (existing) {
    if (existing.orderId !== order.orderId || existing.aftersaleNo) {
      throw new DomainError('TRACKING_IN_USE', 'This tracking number was shipped for another order', 409, 'trackingNo');
    }
    return { shipment: existing, duplicate: true, fullyShipped: isComplete(shipped) };
  }

  const remaining = new Map(order.lines.map((l) => [l.orderLineId, l.quantity - (shipped.get(l.orderLineId) ?? 0)]));
  const wanted =
    parcel.lines ??
    order.lines.map((l) => ({ orderLineId: l.orderLineId, quantity: remaining.get(l.orderLineId) ?? 0 }));
  const lines = mergeLines(wanted).filter((l) => l.quantity > 0);
  for (const l of lines) {
    const left = remaining.get(l.orderLineId);
    if (left === undefined) {
      throw new ValidationError(`Line ${l.orderLineId} is not a line of this order`, 'lines', 'UNKNOWN_ORDER_LINE');
    }
    if (l.quantity > left) {
      throw new DomainError(
        'OVER_SHIPPED',
        `Line ${l.orderLineId} has ${left} left to ship, not ${l.quantity}`,
        409,
        'lines',
      );
    }
  }
  if (!lines.length)
    throw new DomainError('NOTHING_TO_SHIP', 'Every line of this order has been shipped', 409, 'lines');

  const shipment = await Shipment.create(
    {
      orderId: order.orderId,
      orderNo: order.orderNo,
      memberId: order.memberId,
      carrierCode: parcel.carrierCode,
      trackingNo: parcel.trackingNo,
      status: 'awaiting_pickup',
      receiverPhoneMasked: maskPhone(order.receiverPhone),
      shippedBy: parcel.actor,
      shippedAt: parcel.at ?? new Date(),
    },
    { transaction: tx },
  );
  const names = new Map(order.lines.map((l) => [l.orderLineId, l.productName]));
  await ShipmentLine.bulkCreate(
    lines.map((l) => ({
      shipmentId: shipment.id,
      orderId: order.orderId,
      orderLineId: l.orderLineId,
      productName: names.get(l.orderLineId) ?? '',
      quantity: l.quantity,
    })),
    { transaction: tx },
  );
  for (const l of lines) shipped.set(l.orderLineId, (shipped.get(l.orderLineId) ?? 0) + l.quantity);
  startTracking(deps, tx, shipment.id);
  return { shipment, duplicate: false, fullyShipped: isComplete(shipped) };
}

/** After commit: subscribe the parcel at Kuaidi100 and schedule its first poll (nothing without an account). */
export function startTracking(
  deps: Pick<PlatformDeps, 'queues' | 'logger' | 'config'>,
  tx: Transaction,
  shipmentId: number,
): void {
  if (!deps.config.fulfilment.kuaidi100) return;
  const { trackingPollMs } = deps.config.fulfilment;
  const q = deps.queues.fulfilment;
  enqueueAfterCommit(tx, q, SUBSCRIBE_JOB, { shipmentId }, { jobId: `track-subscribe:${shipmentId}` }, deps.logger);
  enqueueAfterCommit(
    tx,
    q,
    TRACK_JOB,
    { shipmentId },
    { jobId: trackJobId(shipmentId, 0), delay: trackingPollMs },
    deps.logger,
  );
}

function mergeLines(lines: { orderLineId: number; quantity: number }[]) {
  const merged = new Map<number, number>();
  for (const l of lines) merged.set(l.orderLineId, (merged.get(l.orderLineId) ?? 0) + l.quantity);
  return [...merged].map(([orderLineId, quantity]) => ({ orderLineId, quantity }));
}

/** The order's parcels with their lines and timelines (newest event first). */
export async function shipmentViewsOf(orderId: number, tx?: Transaction): Promise<ShipmentView[]> {
  const shipments = await Shipment.findAll({ where: { orderId }, order: [['id', 'ASC']], transaction: tx });
  if (!shipments.length) return [];
  const ids = shipments.map((s) => s.id);
  const [lines, events] = await Promise.all([
    ShipmentLine.findAll({ where: { shipmentId: ids }, order: [['id', 'ASC']], transaction: tx }),
    TrackingEvent.findAll({
      where: { shipmentId: { [Op.in]: ids } },
      order: [
        ['eventTime', 'DESC'],
        ['id', 'DESC'],
      ],
      transaction: tx,
    }),
  ]);
  return shipments.map((s) => toShipmentView(s, lines, events));
}

export function toShipmentView(s: Shipment, lines: ShipmentLine[], events: TrackingEvent[]): ShipmentView {
  return {
    id: s.id,
    carrierCode: s.carrierCode,
    carrierName: carrierOf(s.carrierCode)?.name ?? s.carrierCode,
    trackingNo: s.trackingNo,
    status: s.status,
    shippedAt: s.shippedAt.toISOString(),
    deliveredAt: s.deliveredAt ? s.deliveredAt.toISOString() : null,
    aftersaleNo: s.aftersaleNo ?? null,
    lines: lines
      .filter((l) => l.shipmentId === s.id)
      .map((l) => ({ orderLineId: l.orderLineId, productName: l.productName, quantity: l.quantity })),
    timeline: events
      .filter((e) => e.shipmentId === s.id)
      .map((e) => ({ time: e.eventTime.toISOString(), context: e.context, location: e.location, status: e.status })),
  };
}
