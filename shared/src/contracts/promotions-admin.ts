import { z } from 'zod';
import { CampaignViewStats } from './campaign-effects-admin';
import { PROMOTION_KINDS, PROMOTION_STATUSES } from '../statuses';
import { access, defineRoute, Fen, Id, PageQuery, pageOf } from './route';

const Instant = z.iso.datetime({ offset: true });

/** 满减 tier: when the qualifying lines reach thresholdFen, reductionFen comes off them. */
export const FullReductionTier = z
  .object({
    thresholdFen: Fen.min(1).max(100_000_000),
    reductionFen: Fen.min(1).max(100_000_000),
  })
  .strict();

/** Scope and window every activity has. Empty productIds and categoryIds: the whole shop. */
const common = {
  name: z.string().trim().min(1).max(32),
  startsAt: Instant,
  endsAt: Instant,
  productIds: z.array(Id).max(500).default([]),
  /** A category covers its subcategories. */
  categoryIds: z.array(Id).max(50).default([]),
  /**
   * Level gate: an exclusive-activity code of the level ladder (member_levels.exclusive_activities, e.g.
   * `gold_day`). Only members whose level (or a lower rung) lists it get the activity; null = every member.
   */
  levelActivityCode: z.string().trim().min(1).max(32).nullable().default(null),
};

export const PromotionInput = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('discount'),
        ...common,
        /** Percent off what the line costs, in bps (2000 = 20% off, 八折)... */
        discountBps: z.number().int().min(1).max(9_999).nullable().default(null),
        /** ...or the activity's unit price (a unit already cheaper keeps its price). Exactly one of the two. */
        activityPriceFen: Fen.min(1).max(100_000_000).nullable().default(null),
      })
      .strict(),
    z
      .object({
        kind: z.literal('full_reduction'),
        ...common,
        tiers: z.array(FullReductionTier).min(1).max(5),
      })
      .strict(),
  ])
  .superRefine((input, ctx) => {
    if (Date.parse(input.endsAt) <= Date.parse(input.startsAt)) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'endsAt must come after startsAt' });
    }
    if (input.kind === 'discount' && (input.discountBps === null) === (input.activityPriceFen === null)) {
      ctx.addIssue({ code: 'custom', path: ['discountBps'], message: 'give either discountBps or activityPriceFen' });
    }
    if (input.kind === 'full_reduction') {
      input.tiers.forEach((tier, i) => {
        const before = input.tiers[i - 1];
        if (tier.reductionFen >= tier.thresholdFen) {
          ctx.addIssue({ code: 'custom', path: ['tiers', i, 'reductionFen'], message: 'must be below the threshold' });
        }
        if (before && (tier.thresholdFen <= before.thresholdFen || tier.reductionFen <= before.reductionFen)) {
          ctx.addIssue({
            code: 'custom',
            path: ['tiers', i, 'thresholdFen'],
            message: 'tiers go up: each threshold and reduction above the one before',
          });
        }
      });
    }
  });

export type PromotionInput = z.input<typeof PromotionInput>;

export const PromotionView = z.object({
  id: z.number().int(),
  kind: z.enum(PROMOTION_KINDS),
  status: z.enum(PROMOTION_STATUSES),
  name: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  productIds: z.array(z.number().int()),
  categoryIds: z.array(z.number().int()),
  levelActivityCode: z.string().nullable(),
  discountBps: z.number().int().nullable(),
  activityPriceFen: Fen.nullable(),
  tiers: z.array(FullReductionTier),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type PromotionView = z.infer<typeof PromotionView>;

/** Effect figures, read live from the orders the activity took something off. */
export const PromotionStats = z.object({
  promotionId: z.number().int(),
  /** Orders placed with the activity (paid or not). */
  placedOrders: z.number().int(),
  /** Orders paid (a later refund keeps them counted; their GMV falls). */
  paidOrders: z.number().int(),
  cancelledOrders: z.number().int(),
  /** Distinct members with a paid order. */
  participants: z.number().int(),
  /** What the qualifying lines of paid orders brought in, net of refunds. */
  gmvFen: Fen,
  refundedFen: Fen,
  /** What the activity took off paid orders. */
  discountFen: Fen,
  /** Product pages shown with the activity; conversion over paid orders. */
  views: CampaignViewStats,
});

export type PromotionStats = z.infer<typeof PromotionStats>;

const IdParams = z.object({ id: Id });

export const adminListPromotions = defineRoute({
  method: 'GET',
  path: '/api/admin/promotions',
  summary: 'Discount activities and 满减, newest first',
  tags: ['admin', 'promotions'],
  access: access.admin('promotions:read'),
  query: PageQuery.extend({ kind: z.enum(PROMOTION_KINDS).optional(), status: z.enum(PROMOTION_STATUSES).optional() }),
  response: pageOf(PromotionView),
});

export const adminGetPromotion = defineRoute({
  method: 'GET',
  path: '/api/admin/promotions/:id',
  summary: 'One activity',
  tags: ['admin', 'promotions'],
  access: access.admin('promotions:read'),
  params: IdParams,
  response: PromotionView,
});

export const adminCreatePromotion = defineRoute({
  method: 'POST',
  path: '/api/admin/promotions',
  summary: 'Create a discount activity (percent off or activity price) or a 满减 with tiers, on a product set',
  tags: ['admin', 'promotions'],
  access: access.admin('promotions:write'),
  body: PromotionInput,
  response: PromotionView,
  status: 201,
});

export const adminUpdatePromotion = defineRoute({
  method: 'PUT',
  path: '/api/admin/promotions/:id',
  summary: 'Replace an activity (not once ended; the kind stays)',
  tags: ['admin', 'promotions'],
  access: access.admin('promotions:write'),
  params: IdParams,
  body: PromotionInput,
  response: PromotionView,
});

export const adminSetPromotionStatus = defineRoute({
  method: 'POST',
  path: '/api/admin/promotions/:id/status',
  summary: 'Pause, resume or end an activity (the transition table decides)',
  tags: ['admin', 'promotions'],
  access: access.admin('promotions:write'),
  params: IdParams,
  body: z.object({ status: z.enum(PROMOTION_STATUSES), reason: z.string().trim().min(1).max(200) }).strict(),
  response: PromotionView,
});

export const adminDeletePromotion = defineRoute({
  method: 'DELETE',
  path: '/api/admin/promotions/:id',
  summary: 'Delete an activity no order used (one that was used is ended instead)',
  tags: ['admin', 'promotions'],
  access: access.admin('promotions:write'),
  params: IdParams,
});

export const adminPromotionStats = defineRoute({
  method: 'GET',
  path: '/api/admin/promotions/:id/stats',
  summary: 'Live effect of an activity: orders, participants, GMV, discount given',
  tags: ['admin', 'promotions'],
  access: access.admin('promotions:read'),
  params: IdParams,
  response: PromotionStats,
});
