import { z } from 'zod';
import { AFTERSALE_KINDS, AFTERSALE_STATUSES } from '../statuses';
import { access, defineRoute, Fen, PageQuery, pageOf } from './route';
import { OrderNo } from './orders';

export const AftersaleNo = z.string().regex(/^AS[0-9A-Z]{8,30}$/, 'not an after-sales number');

/** Why a member asks; the handler sees the words, reports count by code. */
export const AFTERSALE_REASONS = [
  'not_received',
  'damaged',
  'wrong_item',
  'quality',
  'not_as_described',
  'changed_mind',
  'other',
] as const;

export const AftersaleLogView = z.object({
  fromStatus: z.enum(AFTERSALE_STATUSES).nullable(),
  toStatus: z.enum(AFTERSALE_STATUSES),
  /** `member:<id>`, `admin:<username>`, `system`. */
  actor: z.string(),
  note: z.string(),
  at: z.string(),
});

export const AftersaleView = z.object({
  aftersaleNo: AftersaleNo,
  orderNo: OrderNo,
  skuId: z.number().int(),
  productName: z.string(),
  kind: z.enum(AFTERSALE_KINDS),
  status: z.enum(AFTERSALE_STATUSES),
  quantity: z.number().int(),
  /** What goes back to the member: this line's paid share for the quantity (0 for an exchange). */
  refundFen: Fen,
  reason: z.enum(AFTERSALE_REASONS),
  description: z.string(),
  photoUrls: z.array(z.string()),
  rejectReason: z.string().nullable(),
  /** The member's return parcel. */
  returnCarrier: z.string().nullable(),
  returnTrackingNo: z.string().nullable(),
  /** Where to send the goods back (shown once approved for a return). */
  returnAddress: z.string().nullable(),
  /** The replacement parcel of an exchange (its timeline is on the order's logistics). */
  reshipCarrierCode: z.string().nullable(),
  reshipTrackingNo: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  log: z.array(AftersaleLogView),
});
export type AftersaleView = z.infer<typeof AftersaleView>;

/** A photo the member uploaded (uploadAftersalePhoto); the application refuses anyone else's. */
const PhotoUrl = z
  .string()
  .max(200)
  .regex(/^\/media\/uploads\//, 'a photo uploaded for after-sales (/media/uploads/...)');

export const ApplyAftersaleBody = z.object({
  orderNo: OrderNo,
  skuId: z.number().int().positive(),
  kind: z.enum(AFTERSALE_KINDS),
  quantity: z.number().int().min(1).max(999),
  reason: z.enum(AFTERSALE_REASONS),
  description: z.string().trim().max(500).default(''),
  photoUrls: z.array(PhotoUrl).max(9).default([]),
});
export type ApplyAftersaleBody = z.input<typeof ApplyAftersaleBody>;

export const applyAftersale = defineRoute({
  method: 'POST',
  path: '/api/aftersales',
  summary: 'Ask for a refund, a return or an exchange of (part of) one line of my order',
  tags: ['aftersales'],
  access: access.member,
  body: ApplyAftersaleBody,
  response: AftersaleView,
  status: 201,
});

export const listMyAftersales = defineRoute({
  method: 'GET',
  path: '/api/aftersales',
  summary: 'My after-sales requests, newest first',
  tags: ['aftersales'],
  access: access.member,
  query: PageQuery.extend({ orderNo: OrderNo.optional() }),
  response: pageOf(AftersaleView),
});

export const getMyAftersale = defineRoute({
  method: 'GET',
  path: '/api/aftersales/:aftersaleNo',
  summary: 'One of my after-sales requests with its log',
  tags: ['aftersales'],
  access: access.member,
  params: z.object({ aftersaleNo: AftersaleNo }),
  response: AftersaleView,
});

export const withdrawAftersale = defineRoute({
  method: 'POST',
  path: '/api/aftersales/:aftersaleNo/withdraw',
  summary: 'Withdraw my request (before the goods or the money have moved)',
  tags: ['aftersales'],
  access: access.member,
  params: z.object({ aftersaleNo: AftersaleNo }),
  response: AftersaleView,
});

export const ReturnParcelBody = z.object({
  carrier: z.string().trim().min(1).max(32),
  trackingNo: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z-]{6,40}$/, '6 to 40 letters, digits or dashes'),
});

export const sendAftersaleReturn = defineRoute({
  method: 'POST',
  path: '/api/aftersales/:aftersaleNo/return-parcel',
  summary: 'Tell the shop which parcel carries the goods back',
  tags: ['aftersales'],
  access: access.member,
  params: z.object({ aftersaleNo: AftersaleNo }),
  body: ReturnParcelBody,
  response: AftersaleView,
});

export const confirmAftersaleReceipt = defineRoute({
  method: 'POST',
  path: '/api/aftersales/:aftersaleNo/confirm-receipt',
  summary: 'Confirm the replacement of my exchange arrived (completes the exchange; a repeat changes nothing)',
  tags: ['aftersales'],
  access: access.member,
  params: z.object({ aftersaleNo: AftersaleNo }),
  response: AftersaleView,
});

export const AftersalePhotoView = z.object({
  /** Put it in `photoUrls` of an application. */
  url: z.string(),
  contentType: z.string(),
  bytes: z.number().int(),
});
export type AftersalePhotoView = z.infer<typeof AftersalePhotoView>;

export const uploadAftersalePhoto = defineRoute({
  method: 'POST',
  path: '/api/aftersales/photos',
  summary: 'Upload one photo for an after-sales application (multipart field "file": JPEG, PNG, GIF or WebP)',
  tags: ['aftersales'],
  access: access.member,
  response: AftersalePhotoView,
  status: 201,
});
