import { z } from 'zod';
import { access, defineRoute } from './route';

/**
 * Team growth (issue 11): periodic team rankings and the honours they award. Rewards on recruits and team results
 * are points, coupons or honours only, never cash (the compliance guard in commission.ts).
 */
export const TEAM_RANKING_BOARDS = ['sales', 'new_members'] as const;
export type TeamRankingBoard = (typeof TEAM_RANKING_BOARDS)[number];

/** `2026-11` (a Beijing-time month) or `2026-W48` (an ISO week, Monday to Sunday, Beijing time). */
export const TeamRankingPeriod = z.string().regex(/^\d{4}-(0[1-9]|1[0-2]|W(0[1-9]|[1-4]\d|5[0-3]))$/);

export const TeamRankingEntryView = z.object({
  rank: z.number().int(),
  /** Masked for everyone but the caller (王**); the caller's own entry shows their nickname. */
  nickname: z.string(),
  /** Only the caller's own avatar is shown. */
  avatarUrl: z.string().nullable(),
  /** Fen of team sales (paid minus refunded) for `sales`, members for `new_members`. */
  figure: z.number().int(),
  isMe: z.boolean(),
});

export type TeamRankingEntryView = z.infer<typeof TeamRankingEntryView>;

export const TeamRankingView = z.object({
  board: z.enum(TEAM_RANKING_BOARDS),
  period: z.string(),
  /** Previous and current periods, newest first: what the page's period switch offers. */
  periods: z.array(z.string()),
  startsAt: z.string(),
  endsAt: z.string(),
  /** `live`: the period is open (figures a minute old at most); `frozen`: closed and awarded from a snapshot. */
  state: z.enum(['live', 'frozen']),
  entries: z.array(TeamRankingEntryView),
  /** The caller's own place: null rank when they are not ranked (no figure, or not a distributor). */
  me: z.object({ rank: z.number().int().nullable(), figure: z.number().int() }),
  /** What the top ranks win: points, coupons or honours (never cash). */
  awards: z.array(z.object({ rank: z.number().int(), kind: z.string(), amount: z.number().int(), name: z.string() })),
});

export type TeamRankingView = z.infer<typeof TeamRankingView>;

export const TeamHonourView = z.object({
  id: z.number().int(),
  name: z.string(),
  board: z.enum(TEAM_RANKING_BOARDS),
  period: z.string(),
  rank: z.number().int(),
  awardedAt: z.string(),
});

export type TeamHonourView = z.infer<typeof TeamHonourView>;

export const getTeamRanking = defineRoute({
  method: 'GET',
  path: '/api/team/rankings',
  summary: 'A team ranking (top entries with masked names, and my own rank) for the current or a past period',
  tags: ['team'],
  access: access.member,
  query: z.object({
    board: z.enum(TEAM_RANKING_BOARDS).default('sales'),
    period: z.union([z.literal('current'), z.literal('previous'), TeamRankingPeriod]).default('current'),
  }),
  response: TeamRankingView,
});

export const listMyTeamHonours = defineRoute({
  method: 'GET',
  path: '/api/team/honours',
  summary: 'My honours from team rankings, newest first',
  tags: ['team'],
  access: access.member,
  response: z.object({ items: z.array(TeamHonourView) }),
});
