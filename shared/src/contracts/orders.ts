import { z } from 'zod';
import { ORDER_STATUSES } from '../statuses';
import { CheckoutMarketingFields } from './checkout-marketing';
import { access, defineRoute, Fen, PageQuery, pageOf } from './route';

export const OrderNo = z.string().regex(/^[0-9A-Z]{10,32}$/, 'not an order number');

export const ShippingAddress = z.object({
  receiverName: z.string().trim().min(1).max(40),
  phone: z.string().regex(/^1\d{10}$/, 'a mainland mobile number of 11 digits'),
  region: z.string().trim().min(1).max(100),
  detail: z.string().trim().min(1).max(200),
  /** GB/T 2260 code of the region (a region picker sends it); shipping templates may match its province. */
  regionCode: z
    .string()
    .regex(/^\d{6}$/, '6 digits')
    .optional(),
});

export type ShippingAddress = z.infer<typeof ShippingAddress>;

export const OrderLineView = z.object({
  skuId: z.number().int(),
  productId: z.number().int(),
  productName: z.string(),
  specs: z.record(z.string(), z.string()),
  coverUrl: z.string(),
  unitPriceFen: Fen,
  quantity: z.number().int(),
  lineTotalFen: Fen,
  /** List (base) price, the line's share of the order's discounts, and what the line pays (issue 10 quote). */
  listPriceFen: Fen,
  discountFen: Fen,
  payableFen: Fen,
});

/** One adjustment stored with an order (points today; coupons, 满减 ... later). */
export const OrderAdjustmentView = z.object({
  code: z.string(),
  label: z.string(),
  amountFen: Fen,
  points: z.number().int(),
});

export const OrderView = z.object({
  orderNo: OrderNo,
  status: z.enum(ORDER_STATUSES),
  itemsFen: Fen,
  shippingFen: Fen,
  /** itemsFen - discountFen + shippingFen = payableFen. */
  discountFen: Fen,
  payableFen: Fen,
  paidFen: Fen,
  lines: z.array(OrderLineView),
  adjustments: z.array(OrderAdjustmentView),
  address: ShippingAddress,
  remark: z.string(),
  createdAt: z.string(),
  paidAt: z.string().nullable(),
  /** Unpaid orders are cancelled after this moment. */
  expiresAt: z.string(),
});

export type OrderView = z.infer<typeof OrderView>;

export const PlaceOrderBody = z.object({
  items: z
    .array(z.object({ skuId: z.number().int().positive(), quantity: z.number().int().min(1).max(999) }))
    .min(1)
    .max(50),
  address: ShippingAddress,
  remark: z.string().max(200).default(''),
  /** Client-made key: the same key places the order once, whatever the retries. */
  requestId: z.string().min(8).max(64),
  /**
   * The payable total the member confirmed on the quote. Placing re-runs the quote: a different total is refused
   * with 409 QUOTE_CHANGED carrying the new quote. Absent (older clients): no check, the server's price holds.
   */
  expectedPayableFen: Fen.optional(),
  /** Points to spend, as in the quote. */
  pointsToUse: z.number().int().min(0).max(1_000_000_000).default(0),
  /** The items come from the member's cart: the ordered SKUs leave the cart with the order. */
  fromCart: z.boolean().default(false),
  /** Coupon and group-buy choices, as in the quote. */
  ...CheckoutMarketingFields,
});

export type PlaceOrderBody = z.input<typeof PlaceOrderBody>;

export const placeOrder = defineRoute({
  method: 'POST',
  path: '/api/orders',
  summary: 'Place an order: prices come from the server, stock is reserved',
  tags: ['orders'],
  access: access.member,
  body: PlaceOrderBody,
  response: OrderView,
  status: 201,
});

export const listMyOrders = defineRoute({
  method: 'GET',
  path: '/api/orders',
  summary: "The member's orders, newest first",
  tags: ['orders'],
  access: access.member,
  query: PageQuery.extend({ status: z.enum(ORDER_STATUSES).optional() }),
  response: pageOf(OrderView),
});

export const getMyOrder = defineRoute({
  method: 'GET',
  path: '/api/orders/:orderNo',
  summary: 'One of my orders',
  tags: ['orders'],
  access: access.member,
  params: z.object({ orderNo: OrderNo }),
  response: OrderView,
});

export const cancelMyOrder = defineRoute({
  method: 'POST',
  path: '/api/orders/:orderNo/cancel',
  summary: 'Cancel an unpaid order and release its stock',
  tags: ['orders'],
  access: access.member,
  params: z.object({ orderNo: OrderNo }),
  response: OrderView,
});

/** 提醒发货: `reminded` false when the order was already reminded within the window (nothing new recorded). */
export const ShippingReminderView = z.object({
  orderNo: OrderNo,
  reminded: z.boolean(),
  /** The reminder that stands (this one, or the earlier one within the window). */
  remindedAt: z.string(),
  /** When the member may remind this order again. */
  nextAllowedAt: z.string(),
  reminderCount: z.number().int(),
});
export type ShippingReminderView = z.infer<typeof ShippingReminderView>;

export const remindShipping = defineRoute({
  method: 'POST',
  path: '/api/orders/:orderNo/remind-shipping',
  summary: 'Remind the shop to ship my paid order (提醒发货; once per order a day, a repeat records nothing)',
  tags: ['orders'],
  access: access.member,
  params: z.object({ orderNo: OrderNo }),
  response: ShippingReminderView,
});
