import { z } from 'zod';
import { POINTS_EXCHANGE_STATUSES } from '../statuses';
import { access, defineRoute, Fen, PageQuery, pageOf } from './route';

export const LevelProgress = z.object({
  spendFen: Fen,
  spendWindowDays: z.number().int(),
  directReferrals: z.number().int(),
  lastActiveAt: z.string().nullable(),
  /** What the next level still needs; null when at the top. */
  next: z
    .object({
      code: z.string(),
      name: z.string(),
      missingSpendFen: Fen,
      /** null: the next level has no referral path. */
      missingDirectReferrals: z.number().int().nullable(),
      /** The next level's activity rule (an order or sign-in within these days); null = none. */
      activeWithinDays: z.number().int().nullable(),
      /** False when the next level's activity rule is not met today. */
      isActiveEnough: z.boolean(),
      /** 0..10000 towards the spend threshold, for the progress bar. */
      progressBps: z.number().int(),
    })
    .nullable(),
});

const LevelPerks = z.object({
  code: z.string(),
  name: z.string(),
  rank: z.number().int(),
  discountBps: z.number().int(),
  pointsMultiplierBps: z.number().int(),
  exclusiveActivities: z.array(z.string()),
});

export const LevelCard = z.object({ level: LevelPerks, progress: LevelProgress, ladder: z.array(LevelPerks) });

export type LevelCard = z.infer<typeof LevelCard>;

export const LEVEL_CHANGE_CAUSES = ['rule', 'job', 'admin'] as const;

export const LevelHistoryView = z.object({
  fromCode: z.string(),
  toCode: z.string(),
  cause: z.enum(LEVEL_CHANGE_CAUSES),
  reason: z.string(),
  at: z.string(),
});

export const PointsBalance = z.object({
  availablePoints: z.number().int(),
  frozenPoints: z.number().int(),
  expiringSoonPoints: z.number().int(),
  /** expiringSoonPoints expire before this moment. */
  expiringSoonBefore: z.string(),
  hasSignedInToday: z.boolean(),
});

export type PointsBalance = z.infer<typeof PointsBalance>;

export const POINTS_ENTRY_KINDS = [
  'order_frozen',
  'order_thawed',
  'order_cancelled',
  'referral_join',
  'sign_in',
  'admin_grant',
  'admin_deduct',
  'spend',
  'spend_refund',
  'expire',
  // frozen purchase points taken back when part of the order was refunded
  'order_refunded',
  // team growth: a referred member's first completed order, and a team-ranking award (points, never cash)
  'referral_buy',
  'team_award',
] as const;

export type PointsEntryKind = (typeof POINTS_ENTRY_KINDS)[number];

export const PointsLedgerEntry = z.object({
  id: z.number().int(),
  kind: z.enum(POINTS_ENTRY_KINDS),
  /** Change of available points. */
  delta: z.number().int(),
  /** Change of frozen points. */
  frozenDelta: z.number().int(),
  balanceAfter: z.number().int(),
  frozenAfter: z.number().int(),
  ref: z.string(),
  lotExpiresAt: z.string().nullable(),
  at: z.string(),
});

export type PointsLedgerEntry = z.infer<typeof PointsLedgerEntry>;

export const getMyLevelCard = defineRoute({
  method: 'GET',
  path: '/api/loyalty/level',
  summary: 'My level card: level, perks and what the next level still needs',
  tags: ['loyalty'],
  access: access.member,
  response: LevelCard,
});

export const listMyLevelHistory = defineRoute({
  method: 'GET',
  path: '/api/loyalty/level/history',
  summary: 'My level changes, newest first',
  tags: ['loyalty'],
  access: access.member,
  query: PageQuery,
  response: pageOf(LevelHistoryView),
});

export const getMyPoints = defineRoute({
  method: 'GET',
  path: '/api/loyalty/points',
  summary: 'My points: available, frozen and expiring soon',
  tags: ['loyalty'],
  access: access.member,
  response: PointsBalance,
});

export const listMyPointsLedger = defineRoute({
  method: 'GET',
  path: '/api/loyalty/points/ledger',
  summary: 'My points ledger, newest first',
  tags: ['loyalty'],
  access: access.member,
  query: PageQuery,
  response: pageOf(PointsLedgerEntry),
});

export const signIn = defineRoute({
  method: 'POST',
  path: '/api/loyalty/sign-in',
  summary: 'Daily sign-in: points once per calendar day (Asia/Shanghai)',
  tags: ['loyalty'],
  access: access.member,
  response: z.object({ isNew: z.boolean(), day: z.string(), points: z.number().int(), balance: PointsBalance }),
});

export const PointsRewardView = z.object({
  id: z.number().int(),
  name: z.string(),
  imageUrl: z.string().nullable(),
  pointsCost: z.number().int(),
  stock: z.number().int(),
  isActive: z.boolean(),
});

export type PointsRewardView = z.infer<typeof PointsRewardView>;

export const PointsExchangeView = z.object({
  id: z.number().int(),
  rewardId: z.number().int(),
  rewardName: z.string(),
  points: z.number().int(),
  status: z.enum(POINTS_EXCHANGE_STATUSES),
  createdAt: z.string(),
});

export type PointsExchangeView = z.infer<typeof PointsExchangeView>;

export const listPointsRewards = defineRoute({
  method: 'GET',
  path: '/api/loyalty/rewards',
  summary: 'Rewards open for exchange (积分兑换)',
  tags: ['loyalty'],
  access: access.member,
  response: z.object({ items: z.array(PointsRewardView) }),
});

export const exchangePoints = defineRoute({
  method: 'POST',
  path: '/api/loyalty/exchanges',
  summary: 'Exchange points for a reward; requestId makes a retry change nothing',
  tags: ['loyalty'],
  access: access.member,
  body: z.object({ rewardId: z.number().int().positive(), requestId: z.string().min(8).max(64) }).strict(),
  response: PointsExchangeView,
  status: 201,
});

export const listMyExchanges = defineRoute({
  method: 'GET',
  path: '/api/loyalty/exchanges',
  summary: 'My exchanges, newest first',
  tags: ['loyalty'],
  access: access.member,
  query: PageQuery,
  response: pageOf(PointsExchangeView),
});
