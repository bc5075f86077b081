import { z } from 'zod';
import { REWARD_KINDS } from '../commission';
import { access, defineRoute, Id, PageQuery, pageOf } from './route';
import { TEAM_RANKING_BOARDS, TeamRankingPeriod } from './team-growth';

const Board = z.enum(TEAM_RANKING_BOARDS);

/**
 * One award of a ranking: rank N wins it. `cash` parses (so the guard can refuse it with its reason, 422
 * CASH_TEAM_REWARD) and is never stored. `amount`: points, a coupon template id, or 1 for an honour.
 */
export const TeamAwardInput = z.object({
  rank: z.number().int().min(1).max(100),
  kind: z.enum(REWARD_KINDS),
  amount: z.number().int().min(0).max(100_000_000),
  name: z.string().trim().min(1).max(40),
});

export const TeamAwardConfigView = z.object({
  board: Board,
  /** `policy`: the distribution policy's teamRewards (index i to rank i+1), until an admin sets awards. */
  source: z.enum(['policy', 'admin']),
  awards: z.array(TeamAwardInput),
  updatedAt: z.string().nullable(),
});

export const TeamRankingSummaryView = z.object({
  id: z.number().int(),
  board: Board,
  period: z.string(),
  status: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  entryCount: z.number().int(),
  closedBy: z.string(),
  closedAt: z.string(),
});

export const TeamRankingEntryAdminView = z.object({
  rank: z.number().int(),
  memberId: z.number().int(),
  nickname: z.string(),
  figure: z.number().int(),
});

export const TeamAwardView = z.object({
  id: z.number().int(),
  rankingId: z.number().int(),
  board: Board,
  period: z.string(),
  memberId: z.number().int(),
  rank: z.number().int(),
  kind: z.string(),
  amount: z.number().int(),
  name: z.string(),
  status: z.string(),
  reason: z.string(),
  grantedAt: z.string().nullable(),
});

export const ReferralRewardView = z.object({
  id: z.number().int(),
  refereeId: z.number().int(),
  referrerId: z.number().int(),
  orderId: z.number().int(),
  kind: z.string(),
  amount: z.number().int(),
  status: z.string(),
  reason: z.string(),
  createdAt: z.string(),
});

export const adminListTeamRankings = defineRoute({
  method: 'GET',
  path: '/api/admin/team/rankings',
  summary: 'Frozen team rankings, newest first',
  tags: ['team'],
  access: access.admin('team:read'),
  query: PageQuery.extend({ board: Board.optional() }),
  response: pageOf(TeamRankingSummaryView),
});

export const adminGetTeamRanking = defineRoute({
  method: 'GET',
  path: '/api/admin/team/rankings/:id',
  summary: 'A frozen ranking with every entry (member, rank, figure)',
  tags: ['team'],
  access: access.admin('team:read'),
  params: z.object({ id: Id }),
  response: TeamRankingSummaryView.extend({ entries: z.array(TeamRankingEntryAdminView) }),
});

export const adminCloseTeamRanking = defineRoute({
  method: 'POST',
  path: '/api/admin/team/rankings/close',
  summary: 'Freeze and award a ranking now (audited; idempotent by board and period: a repeat changes nothing)',
  tags: ['team'],
  access: access.admin('team:manage'),
  body: z.object({ board: Board, period: TeamRankingPeriod.optional() }),
  response: TeamRankingSummaryView.extend({ created: z.boolean() }),
});

export const adminGetTeamAwardConfig = defineRoute({
  method: 'GET',
  path: '/api/admin/team/awards/config/:board',
  summary: 'What each rank of a board wins',
  tags: ['team'],
  access: access.admin('team:read'),
  params: z.object({ board: Board }),
  response: TeamAwardConfigView,
});

export const adminSetTeamAwardConfig = defineRoute({
  method: 'PUT',
  path: '/api/admin/team/awards/config/:board',
  summary: 'Set what each rank of a board wins: points, coupons or honours; cash is refused (422 CASH_TEAM_REWARD)',
  tags: ['team'],
  access: access.admin('team:manage'),
  params: z.object({ board: Board }),
  body: z.object({ awards: z.array(TeamAwardInput).max(100) }),
  response: TeamAwardConfigView,
});

export const adminListTeamAwards = defineRoute({
  method: 'GET',
  path: '/api/admin/team/awards',
  summary: 'Ranking awards, newest first (status pending, granted or skipped with the reason)',
  tags: ['team'],
  access: access.admin('team:read'),
  query: PageQuery.extend({ rankingId: Id.optional(), memberId: Id.optional() }),
  response: pageOf(TeamAwardView),
});

export const adminListReferralRewards = defineRoute({
  method: 'GET',
  path: '/api/admin/team/referral-rewards',
  summary: 'Referral purchase rewards (one per referred member: their first completed order), newest first',
  tags: ['team'],
  access: access.admin('team:read'),
  query: PageQuery.extend({ referrerId: Id.optional() }),
  response: pageOf(ReferralRewardView),
});
