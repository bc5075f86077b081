import { z } from 'zod';
import { access, defineRoute, PageQuery, pageOf } from './route';

/** Why a binding request was refused: stable codes the mini-program can explain. */
export const REFERRAL_ERROR_CODES = [
  'SELF_REFERRAL',
  'REFERRAL_LOOP',
  'ALREADY_BOUND',
  'BINDING_CLOSED',
  'INVITER_NOT_FOUND',
] as const;

/**
 * A member's team figures, read from stored aggregates (never by walking the subtree). The team is everyone
 * below the member; the member's own orders are reported apart (own*). Activity is the team's paid orders and
 * sales of the last `activityWindowDays` days, refunds taken back on the day the order was paid.
 */
export const TeamFigures = z.object({
  memberId: z.number().int(),
  referrerId: z.number().int().nullable(),
  depth: z.number().int(),
  directCount: z.number().int(),
  /** Members below the direct ones (second level and deeper). */
  indirectCount: z.number().int(),
  teamCount: z.number().int(),
  teamSalesFen: z.number().int(),
  teamOrderCount: z.number().int(),
  ownSalesFen: z.number().int(),
  ownOrderCount: z.number().int(),
  activityWindowDays: z.number().int(),
  activeSalesFen: z.number().int(),
  activeOrderCount: z.number().int(),
  boundAt: z.string().nullable(),
});

export type TeamFigures = z.infer<typeof TeamFigures>;

export const TeamMemberView = z.object({
  id: z.number().int(),
  nickname: z.string(),
  avatarUrl: z.string().nullable(),
  /** 1: invited by me; 2: invited by one of my direct members. */
  level: z.union([z.literal(1), z.literal(2)]),
  joinedAt: z.string(),
  lastOrderAt: z.string().nullable(),
  /** Paid an order within the activity window. */
  isActive: z.boolean(),
  ownSalesFen: z.number().int(),
  ownOrderCount: z.number().int(),
  teamCount: z.number().int(),
});

export type TeamMemberView = z.infer<typeof TeamMemberView>;

export const bindReferrer = defineRoute({
  method: 'POST',
  path: '/api/team/referrer',
  summary: 'Bind the logged-in member to the inviter of a share link or card, as the binding mode allows',
  tags: ['team'],
  access: access.member,
  body: z.object({ inviterCode: z.string().min(1).max(32) }),
  response: z.object({ referrerId: z.number().int(), changed: z.boolean() }),
});

export const getMyTeamFigures = defineRoute({
  method: 'GET',
  path: '/api/team/figures',
  summary: 'My team figures: direct and indirect members, team sales and orders, recent activity',
  tags: ['team'],
  access: access.member,
  response: TeamFigures,
});

export const listMyTeamMembers = defineRoute({
  method: 'GET',
  path: '/api/team/members',
  summary: 'My direct (level 1) or second-level (level 2) members, newest first',
  tags: ['team'],
  access: access.member,
  query: PageQuery.extend({ level: z.coerce.number().int().min(1).max(2).default(1) }),
  response: pageOf(TeamMemberView),
});
