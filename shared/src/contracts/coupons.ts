import { z } from 'zod';
import { MEMBER_COUPON_STATUSES } from '../statuses';
import { access, defineRoute, Id, NonNegativeFen } from './route';
import { InviteCode, ViewerQuery } from './sharing';

/** amount: a fixed sum off; percent: a share off (basis points, 1500 = 15% off = 8.5折) up to a cap. */
export const COUPON_KINDS = ['amount', 'percent'] as const;
export type CouponKind = (typeof COUPON_KINDS)[number];

/** Which lines a coupon applies to: every line, the listed products, or products in the listed categories. */
export const COUPON_SCOPES = ['all', 'products', 'categories'] as const;
export type CouponScope = (typeof COUPON_SCOPES)[number];

/** How a member came by a coupon. `share`: claimed from a distributor's coupon link (attributed to them). */
/** `reward`: a team-growth reward (a referred member's first completed order, a team-ranking award). */
export const COUPON_SOURCES = ['claim', 'share', 'grant', 'new_member', 'level_perk', 'reward'] as const;
export type CouponSource = (typeof COUPON_SOURCES)[number];

/** What a coupon takes off, as members and admins read it. */
export const CouponRuleView = z.object({
  kind: z.enum(COUPON_KINDS),
  /** amount coupons: what comes off. */
  amountOffFen: NonNegativeFen.nullable(),
  /** percent coupons: the share off, basis points. */
  percentOffBps: z.number().int().nullable(),
  /** percent coupons: the most it takes off; null = no cap. */
  maxOffFen: NonNegativeFen.nullable(),
  /** 满 X 可用: the lines it applies to must still cost at least this (0: no threshold). */
  thresholdFen: NonNegativeFen,
  scope: z.enum(COUPON_SCOPES),
  /** Product or category ids of the scope ([] for all). */
  scopeIds: z.array(z.number().int()),
  /** "满100减20", "9折 最高减¥30", "无门槛减¥5". */
  label: z.string(),
});
export type CouponRuleView = z.infer<typeof CouponRuleView>;

/** One coupon a member holds. */
export const MemberCouponView = z.object({
  id: z.number().int(),
  templateId: z.number().int(),
  name: z.string(),
  rule: CouponRuleView,
  /** available / used / expired; an available coupon past its validity reads expired at once. */
  status: z.enum(MEMBER_COUPON_STATUSES),
  source: z.enum(COUPON_SOURCES),
  startsAt: z.string(),
  expiresAt: z.string(),
  /** Whether it may be used together with discount activities and 满减. */
  stacksWithPromotions: z.boolean(),
  usedOrderNo: z.string().nullable(),
  usedAt: z.string().nullable(),
  claimedAt: z.string(),
});
export type MemberCouponView = z.infer<typeof MemberCouponView>;

export const listMyCoupons = defineRoute({
  method: 'GET',
  path: '/api/coupons',
  summary: 'My coupons (可使用 / 已使用 / 已过期), soonest to expire first, with the count of each',
  tags: ['coupons'],
  access: access.member,
  query: z.object({ status: z.enum(MEMBER_COUPON_STATUSES).default('available') }),
  response: z.object({
    items: z.array(MemberCouponView),
    counts: z.object({ available: z.number().int(), used: z.number().int(), expired: z.number().int() }),
  }),
});

/** A template in the claim center (领券中心), as this member sees it. */
export const ClaimableCouponView = z.object({
  templateId: z.number().int(),
  name: z.string(),
  rule: CouponRuleView,
  /** "领取后 7 天内有效" or the fixed dates. */
  validityLabel: z.string(),
  /** How many are left of the budget. */
  remaining: z.number().int(),
  perMemberLimit: z.number().int(),
  /** How many of these I already hold (used or not). */
  claimedByMe: z.number().int(),
  canClaim: z.boolean(),
});
export type ClaimableCouponView = z.infer<typeof ClaimableCouponView>;

export const listClaimCenter = defineRoute({
  method: 'GET',
  path: '/api/coupons/center',
  summary: 'The claim center: coupons I may claim now, with what is left and how many I hold',
  tags: ['coupons'],
  access: access.member,
  /** A shared coupon link opens the center with the distributor's code: the views count for them. */
  query: ViewerQuery,
  response: z.object({ items: z.array(ClaimableCouponView) }),
});

export const claimCoupon = defineRoute({
  method: 'POST',
  path: '/api/coupons/center/:templateId/claim',
  summary:
    'Claim a coupon (409 COUPON_EXHAUSTED when the budget is gone, COUPON_LIMIT_REACHED past my limit); ' +
    "with a distributor's invite code (a shared coupon link), the claim is attributed to them",
  tags: ['coupons'],
  access: access.member,
  params: z.object({ templateId: Id }),
  body: z.object({ sharerCode: InviteCode.optional() }),
  response: MemberCouponView,
  status: 201,
});
