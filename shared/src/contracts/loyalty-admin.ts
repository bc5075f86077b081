import { z } from 'zod';
import { POINTS_EXCHANGE_STATUSES } from '../statuses';
import { access, defineRoute, Id, PageQuery, pageOf } from './route';
import {
  LevelCard,
  LevelHistoryView,
  PointsBalance,
  PointsLedgerEntry,
  PointsRewardView,
  PointsExchangeView,
} from './loyalty';

export const LevelCode = z.string().regex(/^[a-z][a-z0-9_]{1,15}$/, 'lowercase letters, digits and _, 2 to 16');

/**
 * One rung of the ladder as an admin writes it. Strict: an unknown key is refused, so nothing can smuggle in a
 * perk the schema does not name. Rules reach a level by spend OR by direct referrals, and referrals may only
 * raise perks (discount, points multiplier, exclusive activities): there is deliberately no cash reward field,
 * because paying per recruit is forbidden (禁止传销条例 art. 7; see README "Levels and points").
 */
export const LevelInput = z
  .object({
    code: LevelCode,
    name: z.string().trim().min(1).max(32),
    rank: z.number().int().min(0).max(99),
    /** Perk: discount on goods, in basis points (PRICING reads member_levels.discount_bps). */
    discountBps: z.number().int().min(0).max(5_000),
    /** Perk: points earned per yuan paid are multiplied by this (10000 = ×1). */
    pointsMultiplierBps: z.number().int().min(10_000).max(100_000),
    /** Perk: codes of activities only this level and above may join. */
    exclusiveActivities: z.array(z.string().trim().min(1).max(32)).max(20).default([]),
    /** Rule: paid minus refunded, within the spend window, reaches this. */
    minSpendFen: z.number().int().min(0).max(1_000_000_000),
    /** Rule (alternative path): this many direct referrals; null = no referral path to this level. */
    minDirectReferrals: z.number().int().min(1).max(100_000).nullable().default(null),
    /** Rule: an order or a sign-in within this many days keeps the level; null = no activity rule. */
    activeWithinDays: z.number().int().min(1).max(3_650).nullable().default(null),
  })
  .strict();

export type LevelInput = z.input<typeof LevelInput>;

export const LevelView = LevelInput.extend({
  exclusiveActivities: z.array(z.string()),
  minDirectReferrals: z.number().int().nullable(),
  activeWithinDays: z.number().int().nullable(),
  memberCount: z.number().int(),
});

export type LevelView = z.infer<typeof LevelView>;

export const adminListLevels = defineRoute({
  method: 'GET',
  path: '/api/admin/levels',
  summary: 'The level ladder with rules, perks and member counts',
  tags: ['loyalty'],
  access: access.admin('members:read'),
  response: z.object({ items: z.array(LevelView) }),
});

export const adminCreateLevel = defineRoute({
  method: 'POST',
  path: '/api/admin/levels',
  summary: 'Add a level to the ladder',
  tags: ['loyalty'],
  access: access.admin('members:write'),
  body: LevelInput,
  response: LevelView,
  status: 201,
});

export const adminUpdateLevel = defineRoute({
  method: 'PUT',
  path: '/api/admin/levels/:code',
  summary: 'Change a level (its code stays)',
  tags: ['loyalty'],
  access: access.admin('members:write'),
  params: z.object({ code: LevelCode }),
  body: LevelInput.omit({ code: true }),
  response: LevelView,
});

export const adminDeleteLevel = defineRoute({
  method: 'DELETE',
  path: '/api/admin/levels/:code',
  summary: 'Remove a level no member holds',
  tags: ['loyalty'],
  access: access.admin('members:write'),
  params: z.object({ code: LevelCode }),
});

export const adminSetMemberLevel = defineRoute({
  method: 'POST',
  path: '/api/admin/members/:id/level',
  summary: "Set a member's level with a reason (recorded in the level history)",
  tags: ['loyalty'],
  access: access.admin('members:write'),
  params: z.object({ id: Id }),
  body: z.object({ levelCode: LevelCode, reason: z.string().trim().min(2).max(200) }).strict(),
  response: z.object({ memberId: z.number().int(), fromCode: z.string(), toCode: z.string() }),
});

export const adminAdjustPoints = defineRoute({
  method: 'POST',
  path: '/api/admin/members/:id/points',
  summary: 'Grant (positive) or deduct (negative) points with a reason; requestId makes a retry change nothing',
  tags: ['loyalty'],
  access: access.admin('members:write'),
  params: z.object({ id: Id }),
  body: z
    .object({
      deltaPoints: z
        .number()
        .int()
        .min(-10_000_000)
        .max(10_000_000)
        .refine((n) => n !== 0, 'must not be 0'),
      reason: z.string().trim().min(2).max(200),
      requestId: z.string().min(8).max(64),
    })
    .strict(),
  response: PointsBalance,
});

export const adminGetMemberLoyalty = defineRoute({
  method: 'GET',
  path: '/api/admin/members/:id/loyalty',
  summary: "A member's level card (rules progress) and points balances",
  tags: ['loyalty'],
  access: access.admin('members:read'),
  params: z.object({ id: Id }),
  response: z.object({ card: LevelCard, points: PointsBalance }),
});

export const adminListMemberLevelHistory = defineRoute({
  method: 'GET',
  path: '/api/admin/members/:id/level/history',
  summary: "A member's level changes with cause, reason and actor, newest first",
  tags: ['loyalty'],
  access: access.admin('members:read'),
  params: z.object({ id: Id }),
  query: PageQuery,
  response: pageOf(LevelHistoryView.extend({ actor: z.string() })),
});

export const adminListMemberPointsLedger = defineRoute({
  method: 'GET',
  path: '/api/admin/members/:id/points/ledger',
  summary: "A member's points ledger, newest first",
  tags: ['loyalty'],
  access: access.admin('members:read'),
  params: z.object({ id: Id }),
  query: PageQuery,
  response: pageOf(PointsLedgerEntry.extend({ reason: z.string() })),
});

export const PointsRewardInput = z
  .object({
    name: z.string().trim().min(1).max(60),
    imageUrl: z.string().max(500).nullable().default(null),
    pointsCost: z.number().int().min(1).max(10_000_000),
    stock: z.number().int().min(0).max(1_000_000),
    isActive: z.boolean().default(true),
  })
  .strict();

export const adminListPointsRewards = defineRoute({
  method: 'GET',
  path: '/api/admin/points-rewards',
  summary: 'All rewards, active or not',
  tags: ['loyalty'],
  access: access.admin('members:read'),
  response: z.object({ items: z.array(PointsRewardView) }),
});

export const adminCreatePointsReward = defineRoute({
  method: 'POST',
  path: '/api/admin/points-rewards',
  summary: 'Add a reward members may exchange points for',
  tags: ['loyalty'],
  access: access.admin('members:write'),
  body: PointsRewardInput,
  response: PointsRewardView,
  status: 201,
});

export const adminSetExchangeStatus = defineRoute({
  method: 'POST',
  path: '/api/admin/points-exchanges/:id/status',
  summary: 'Hand over an exchange, or cancel it (points and stock go back)',
  tags: ['loyalty'],
  access: access.admin('members:write'),
  params: z.object({ id: Id }),
  body: z.object({ status: z.enum(['fulfilled', 'cancelled']), reason: z.string().trim().min(2).max(200) }).strict(),
  response: PointsExchangeView,
});

export const adminListPointsExchanges = defineRoute({
  method: 'GET',
  path: '/api/admin/points-exchanges',
  summary: 'Exchanges, newest first, optionally by status or member',
  tags: ['loyalty'],
  access: access.admin('members:read'),
  query: PageQuery.extend({
    status: z.enum(POINTS_EXCHANGE_STATUSES).optional(),
    memberId: z.coerce.number().int().positive().optional(),
  }),
  response: pageOf(PointsExchangeView.extend({ memberId: z.number().int() })),
});
