import { z } from 'zod';
import { ORDER_STATUSES } from '../statuses';
import { CarrierCode, ShipmentView, TrackingNo } from './fulfilment';
import { OrderNo } from './orders';
import { access, defineRoute } from './route';

export const ShipLineInput = z.object({
  orderLineId: z.number().int().positive(),
  quantity: z.number().int().positive(),
});

export const ShipOrderBody = z.object({
  carrierCode: CarrierCode,
  trackingNo: TrackingNo,
  /** Lines in this parcel (split shipment); without it, everything not yet shipped. */
  lines: z.array(ShipLineInput).min(1).max(100).optional(),
});
export type ShipOrderBody = z.input<typeof ShipOrderBody>;

export const ShipResult = z.object({
  orderNo: OrderNo,
  orderStatus: z.enum(ORDER_STATUSES),
  fullyShipped: z.boolean(),
  /** The same carrier and tracking number were already shipped for this order: nothing changed. */
  duplicate: z.boolean(),
  shipment: ShipmentView,
});
export type ShipResult = z.infer<typeof ShipResult>;

export const adminShipOrder = defineRoute({
  method: 'POST',
  path: '/api/admin/orders/:orderNo/shipments',
  summary: 'Ship an order, or some of its lines (split shipment), with carrier and tracking number',
  tags: ['admin', 'fulfilment'],
  access: access.admin('fulfilment:ship'),
  params: z.object({ orderNo: OrderNo }),
  body: ShipOrderBody,
  response: ShipResult,
  status: 201,
});

export const BatchShipRow = z.object({
  /** Sheet row (the header is row 1). */
  row: z.number().int(),
  orderNo: z.string(),
  outcome: z.enum(['shipped', 'skipped']),
  /** Why a row was skipped: a stable code and words. */
  code: z.string().nullable(),
  reason: z.string().nullable(),
  orderStatus: z.enum(ORDER_STATUSES).nullable(),
});

export const BatchShipReport = z.object({
  format: z.enum(['csv', 'xlsx']),
  rowCount: z.number().int(),
  shipped: z.number().int(),
  skipped: z.number().int(),
  rows: z.array(BatchShipRow),
});
export type BatchShipReport = z.infer<typeof BatchShipReport>;

export const adminBatchShip = defineRoute({
  method: 'POST',
  path: '/api/admin/shipment-imports',
  summary:
    'Batch ship from a CSV or xlsx sheet (columns orderNo, carrierCode, trackingNo; optional orderLineId, quantity): each row shipped or skipped with its reason',
  tags: ['admin', 'fulfilment'],
  access: access.admin('fulfilment:ship'),
  response: BatchShipReport,
});

export const CarrierView = z.object({ code: CarrierCode, name: z.string(), wechatDeliveryId: z.string() });

export const adminListCarriers = defineRoute({
  method: 'GET',
  path: '/api/admin/carriers',
  summary: 'Carriers we can ship with: Kuaidi100 code, name, WeChat delivery id',
  tags: ['admin', 'fulfilment'],
  access: access.admin('orders:read'),
  response: z.object({ items: z.array(CarrierView) }),
});

export const adminRetryShippingUpload = defineRoute({
  method: 'POST',
  path: '/api/admin/orders/:orderNo/shipping-upload/retry',
  summary: 'Upload the shipping information to WeChat again after it failed',
  tags: ['admin', 'fulfilment'],
  access: access.admin('fulfilment:ship'),
  params: z.object({ orderNo: OrderNo }),
  response: z.object({ status: z.string() }),
});
