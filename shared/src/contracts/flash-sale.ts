import { z } from 'zod';
import { FLASH_SESSION_PHASES } from '../statuses';
import { ShippingAddress } from './orders';
import { access, defineRoute, Fen } from './route';
import { ViewerQuery } from './sharing';

/** A flash item id in a path: digits only (a malformed one is 400, not 404). */
export const FlashItemId = z.coerce.number().int().positive();
/** A grab ticket: `ft` and 32 hex digits, made from the item, the member and the request id. */
export const FlashTicket = z.string().regex(/^ft[0-9a-f]{32}$/, 'not a grab ticket');

export const FlashItemView = z.object({
  id: z.number().int(),
  skuId: z.number().int(),
  productId: z.number().int(),
  productName: z.string(),
  specs: z.record(z.string(), z.string()),
  coverUrl: z.string(),
  /** The SKU's list price, for the struck-through price beside the flash price. */
  listPriceFen: Fen,
  flashPriceFen: Fen,
  stock: z.number().int(),
  /** What is still to grab (from Redis, a second or two old at most); 0: sold out. */
  leftStock: z.number().int(),
  perMemberLimit: z.number().int(),
});
export type FlashItemView = z.infer<typeof FlashItemView>;

export const FlashSessionView = z.object({
  id: z.number().int(),
  name: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  phase: z.enum(FLASH_SESSION_PHASES),
  items: z.array(FlashItemView),
});
export type FlashSessionView = z.infer<typeof FlashSessionView>;

export const listFlashSessions = defineRoute({
  method: 'GET',
  path: '/api/flash/sessions',
  summary: 'Flash-sale sessions live now and to come (time slots with their items), soonest first',
  tags: ['flash-sale'],
  access: access.public,
  query: ViewerQuery,
  response: z.object({ serverTime: z.string(), sessions: z.array(FlashSessionView) }),
});

export const GrabBody = z.object({
  quantity: z.number().int().min(1).max(99).default(1),
  address: ShippingAddress,
  /** Client-made key: the same key grabs once and answers the same ticket. */
  requestId: z.string().min(8).max(64),
});
export type GrabBody = z.input<typeof GrabBody>;

export const GrabTicketView = z.object({
  ticket: FlashTicket,
  status: z.enum(['queued', 'ordered', 'failed']),
  /** The order to pay, once placed. */
  orderNo: z.string().nullable(),
  /** Why a grab failed (SKU_OUT_OF_STOCK, FLASH_SOLD_OUT ...). */
  failCode: z.string().nullable(),
});
export type GrabTicketView = z.infer<typeof GrabTicketView>;

export const grabFlashItem = defineRoute({
  method: 'POST',
  path: '/api/flash/items/:itemId/grab',
  summary:
    'Grab a flash item: stock and the per-member limit are checked and taken at once; the order is placed in the ' +
    'background (poll the ticket). 409 FLASH_SOLD_OUT / FLASH_NOT_STARTED / FLASH_ENDED / FLASH_LIMIT_REACHED',
  tags: ['flash-sale'],
  access: access.member,
  params: z.object({ itemId: FlashItemId }),
  body: GrabBody,
  response: GrabTicketView,
  status: 202,
});

export const getGrabTicket = defineRoute({
  method: 'GET',
  path: '/api/flash/grabs/:ticket',
  summary: 'Where my grab stands: queued, ordered (with the order number to pay) or failed',
  tags: ['flash-sale'],
  access: access.member,
  params: z.object({ ticket: FlashTicket }),
  response: GrabTicketView,
});
