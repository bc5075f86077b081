import { z } from 'zod';
import { SHIPMENT_STATUSES, SHIPPING_UPLOAD_STATUSES } from '../statuses';
import { OrderNo, OrderView } from './orders';
import { access, defineRoute } from './route';

/** Carrier codes are Kuaidi100's (lower case: zhongtong, shunfeng, ...); the WeChat upload maps them. */
export const CarrierCode = z.string().regex(/^[a-z0-9]{2,20}$/, 'a carrier code such as zhongtong');
/** Kuaidi100 takes at most 32 characters; carriers use letters, digits and dashes. */
export const TrackingNo = z.string().regex(/^[A-Za-z0-9-]{6,32}$/, 'a tracking number of 6 to 32 letters or digits');

export const TrackingEventView = z.object({
  /** When the carrier says it happened (ISO). */
  time: z.string(),
  context: z.string(),
  location: z.string().nullable(),
  status: z.enum(SHIPMENT_STATUSES).nullable(),
});
export type TrackingEventView = z.infer<typeof TrackingEventView>;

export const ShipmentLineView = z.object({
  orderLineId: z.number().int(),
  productName: z.string(),
  quantity: z.number().int(),
});

export const ShipmentView = z.object({
  id: z.number().int(),
  carrierCode: CarrierCode,
  carrierName: z.string(),
  trackingNo: TrackingNo,
  status: z.enum(SHIPMENT_STATUSES),
  shippedAt: z.string(),
  deliveredAt: z.string().nullable(),
  /** An exchange's replacement parcel (换货补发) names its after-sales request; the order's own parcels null. */
  aftersaleNo: z.string().nullable(),
  lines: z.array(ShipmentLineView),
  /** Newest first, as carriers show it. */
  timeline: z.array(TrackingEventView),
});
export type ShipmentView = z.infer<typeof ShipmentView>;

export const ShippingUploadView = z.object({
  status: z.enum(SHIPPING_UPLOAD_STATUSES),
  attempts: z.number().int(),
  uploadedAt: z.string().nullable(),
  lastError: z.string().nullable(),
});

/** The order's parcels; `fullyShipped` false with shipments = 部分发货 (the order stays 待发货 until every line went). */
export const OrderLogisticsView = z.object({
  orderNo: OrderNo,
  fullyShipped: z.boolean(),
  shipments: z.array(ShipmentView),
});
export type OrderLogisticsView = z.infer<typeof OrderLogisticsView>;

export const getMyOrderLogistics = defineRoute({
  method: 'GET',
  path: '/api/orders/:orderNo/logistics',
  summary: "One of my orders' parcels with their tracking timelines",
  tags: ['orders', 'fulfilment'],
  access: access.member,
  params: z.object({ orderNo: OrderNo }),
  response: OrderLogisticsView,
});

export const confirmMyOrderReceipt = defineRoute({
  method: 'POST',
  path: '/api/orders/:orderNo/confirm-receipt',
  summary: 'Confirm receipt of a shipped order (确认收货); the after-sales window starts now',
  tags: ['orders', 'fulfilment'],
  access: access.member,
  params: z.object({ orderNo: OrderNo }),
  response: OrderView,
});

/** Kuaidi100's push (subscribe callback): form fields `param` (JSON) and `sign` = UPPER(MD5(param + salt)). */
export const kuaidi100Push = defineRoute({
  method: 'POST',
  path: '/api/logistics/kuaidi100/notify',
  summary: 'Kuaidi100 tracking push; answers {"result":true,"returnCode":"200","message":"成功"}',
  tags: ['fulfilment'],
  access: access.platform('kuaidi100'),
  query: z.object({ shipmentId: z.coerce.number().int().positive() }),
});

/**
 * The warehouse's signed callback (README "Warehouse hand-off"): headers X-Mall-Timestamp and
 * X-Mall-Signature = hex HMAC-SHA256(secret, timestamp + "." + raw body).
 */
export const WarehouseCallbackBody = z.object({
  eventId: z.string().min(1).max(64),
  orderNo: OrderNo,
  event: z.enum(['picked', 'packed', 'shipped']),
  shipments: z
    .array(
      z.object({
        carrierCode: CarrierCode,
        trackingNo: TrackingNo,
        /** Without lines, the parcel carries everything not yet shipped. */
        lines: z
          .array(z.object({ orderLineId: z.number().int().positive(), quantity: z.number().int().positive() }))
          .optional(),
      }),
    )
    .max(20)
    .optional(),
});
export type WarehouseCallbackBody = z.infer<typeof WarehouseCallbackBody>;

export const warehouseCallback = defineRoute({
  method: 'POST',
  path: '/api/fulfilment/warehouse/callback',
  summary: 'Warehouse progress (picked, packed, shipped with tracking), signed with the shared secret',
  tags: ['fulfilment'],
  access: access.platform('warehouse'),
  // the body (WarehouseCallbackBody) is read only after the signature holds: an unsigned caller learns nothing
  response: z.object({ ok: z.literal(true), duplicate: z.boolean() }),
});
