import { adminPromoterStats, adminSharingOverall, adminTeamSharingStats, adminTopPromoters } from '@mall/shared/admin';
import type { ApiRouter } from '../../platform/http/api-router';
import type { PlatformDeps } from '../../platform/deps';
import { NotFoundError } from '../../platform/errors';
import { memberExists, membersByIds } from '../members';
import { rankPromoters, sumDailyStats } from './daily-stats';
import { resolveRange, teamOf } from './sharing-stats';

async function existingMember(memberId: number): Promise<void> {
  if (!(await memberExists(memberId))) throw new NotFoundError('Member', 'memberId');
}

/** Read-only figures for admins holding sharing:read. Informational: nothing here pays anyone. */
export function registerSharingAdminRoutes(api: ApiRouter, deps: PlatformDeps) {
  api.add(adminSharingOverall, async ({ query }) => {
    const range = resolveRange(query);
    return { ...range, ...(await sumDailyStats(deps.sequelize, null, range.from, range.to)) };
  });

  api.add(adminPromoterStats, async ({ params, query }) => {
    const range = resolveRange(query);
    await existingMember(params.memberId);
    const stats = await sumDailyStats(deps.sequelize, [params.memberId], range.from, range.to);
    return { memberId: params.memberId, ...range, ...stats };
  });

  api.add(adminTeamSharingStats, async ({ params, query }) => {
    const range = resolveRange(query);
    await existingMember(params.memberId);
    const team = await teamOf(params.memberId);
    const stats = await sumDailyStats(deps.sequelize, team, range.from, range.to);
    return { memberId: params.memberId, teamSize: team.length - 1, ...range, ...stats };
  });

  api.add(adminTopPromoters, async ({ query }) => {
    const range = resolveRange(query);
    const ranked = await rankPromoters(deps.sequelize, range.from, range.to, query.limit);
    const members = await membersByIds(ranked.map((r) => r.memberId));
    const nickname = new Map(members.map((m) => [m.id, m.nickname]));
    return { ...range, items: ranked.map((r) => ({ ...r, nickname: nickname.get(r.memberId) ?? '' })) };
  });
}
