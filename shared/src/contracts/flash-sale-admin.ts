import { z } from 'zod';
import { CampaignViewStats } from './campaign-effects-admin';
import { FLASH_SESSION_PHASES, FLASH_SESSION_STATUSES } from '../statuses';
import { access, defineRoute, Fen, Id, PageQuery, pageOf } from './route';

const FlashItemInput = z.object({
  skuId: z.number().int().positive(),
  flashPriceFen: Fen.min(1),
  stock: z.number().int().min(1).max(1_000_000),
  perMemberLimit: z.number().int().min(1).max(99),
});

export const FlashSessionInput = z
  .object({
    name: z.string().trim().min(1).max(60),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    items: z.array(FlashItemInput).min(1).max(50),
  })
  .refine((s) => Date.parse(s.endsAt) > Date.parse(s.startsAt), { message: 'ends after it starts', path: ['endsAt'] })
  .refine((s) => new Set(s.items.map((i) => i.skuId)).size === s.items.length, {
    message: 'each SKU once per session',
    path: ['items'],
  });
export type FlashSessionInput = z.input<typeof FlashSessionInput>;

export const AdminFlashItemView = z.object({
  id: z.number().int(),
  skuId: z.number().int(),
  productId: z.number().int(),
  flashPriceFen: Fen,
  stock: z.number().int(),
  perMemberLimit: z.number().int(),
  /** Units in orders not cancelled (the database's count, the truth). */
  sold: z.number().int(),
  soldOutAt: z.string().nullable(),
});

export const AdminFlashSessionView = z.object({
  id: z.number().int(),
  name: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: z.enum(FLASH_SESSION_STATUSES),
  phase: z.enum(FLASH_SESSION_PHASES),
  items: z.array(AdminFlashItemView),
  createdAt: z.string(),
});
export type AdminFlashSessionView = z.infer<typeof AdminFlashSessionView>;

export const FlashItemStats = z.object({
  itemId: z.number().int(),
  skuId: z.number().int(),
  stock: z.number().int(),
  /** Members who got a ticket (whatever became of it). */
  participants: z.number().int(),
  /** Orders placed (cancelled ones included) and the ones paid. */
  orders: z.number().int(),
  paidOrders: z.number().int(),
  /** What the paid flash lines paid, in fen. */
  gmvFen: Fen,
  sold: z.number().int(),
  /** Grabs taken but not yet placed (in the queue). */
  queued: z.number().int(),
  leftStock: z.number().int().nullable(),
  soldOutAt: z.string().nullable(),
});

export const FlashSessionStats = z.object({
  sessionId: z.number().int(),
  participants: z.number().int(),
  orders: z.number().int(),
  paidOrders: z.number().int(),
  gmvFen: Fen,
  items: z.array(FlashItemStats),
  /** The session shown in the flash-sale list; conversion over paid orders. */
  views: CampaignViewStats,
});

export const FlashDrift = z.object({
  itemId: z.number().int(),
  /** What Redis held before, and what the database says it should hold. */
  redisLeft: z.number().int().nullable(),
  expectedLeft: z.number().int(),
  /** Members whose grabbed count in Redis differed from the database's. */
  memberDrifts: z.number().int(),
  /** Queued tickets whose order was already decided in the database, or whose job was lost (queued again). */
  ticketsSettled: z.number().int(),
  ticketsRequeued: z.number().int(),
  /** Redis had nothing for the item (a restart): rebuilt from the database. */
  rebuilt: z.boolean(),
});
export type FlashDrift = z.infer<typeof FlashDrift>;

export const FlashReconcileReport = z.object({
  sessionId: z.number().int(),
  fixed: z.boolean(),
  items: z.array(FlashDrift),
});

const SessionParams = z.object({ id: Id });

export const adminListFlashSessions = defineRoute({
  method: 'GET',
  path: '/api/admin/flash/sessions',
  summary: 'Flash-sale sessions, newest slot first',
  tags: ['flash-sale'],
  access: access.admin('flash:read'),
  query: PageQuery.extend({ status: z.enum(FLASH_SESSION_STATUSES).optional() }),
  response: pageOf(AdminFlashSessionView),
});

export const adminGetFlashSession = defineRoute({
  method: 'GET',
  path: '/api/admin/flash/sessions/:id',
  summary: 'One flash-sale session with its items',
  tags: ['flash-sale'],
  access: access.admin('flash:read'),
  params: SessionParams,
  response: AdminFlashSessionView,
});

export const adminCreateFlashSession = defineRoute({
  method: 'POST',
  path: '/api/admin/flash/sessions',
  summary: 'Create a flash-sale session (a draft) with its items; audited',
  tags: ['flash-sale'],
  access: access.admin('flash:write'),
  body: FlashSessionInput,
  response: AdminFlashSessionView,
  status: 201,
});

export const adminUpdateFlashSession = defineRoute({
  method: 'PUT',
  path: '/api/admin/flash/sessions/:id',
  summary: 'Replace a session’s name, slot and items before it starts (409 FLASH_SESSION_STARTED after); audited',
  tags: ['flash-sale'],
  access: access.admin('flash:write'),
  params: SessionParams,
  body: FlashSessionInput,
  response: AdminFlashSessionView,
});

export const adminPublishFlashSession = defineRoute({
  method: 'POST',
  path: '/api/admin/flash/sessions/:id/publish',
  summary: 'Publish a draft: members see it, and grabs open in its slot; audited',
  tags: ['flash-sale'],
  access: access.admin('flash:write'),
  params: SessionParams,
  response: AdminFlashSessionView,
});

export const adminCancelFlashSession = defineRoute({
  method: 'POST',
  path: '/api/admin/flash/sessions/:id/cancel',
  summary: 'Cancel a session: grabs stop at once (orders already placed stand); audited',
  tags: ['flash-sale'],
  access: access.admin('flash:write'),
  params: SessionParams,
  response: AdminFlashSessionView,
});

export const adminFlashSessionStats = defineRoute({
  method: 'GET',
  path: '/api/admin/flash/sessions/:id/stats',
  summary: 'Live figures: participants, orders, paid, GMV, stock left and sold-out time per item',
  tags: ['flash-sale'],
  access: access.admin('flash:read'),
  params: SessionParams,
  response: FlashSessionStats,
});

export const adminReconcileFlashSession = defineRoute({
  method: 'POST',
  path: '/api/admin/flash/sessions/:id/reconcile',
  summary:
    'Compare Redis stock with the database (the truth for what was ordered); fix: true also corrects it; audited',
  tags: ['flash-sale'],
  access: access.admin('flash:write'),
  params: SessionParams,
  body: z.object({ fix: z.boolean().default(true) }),
  response: FlashReconcileReport,
});
