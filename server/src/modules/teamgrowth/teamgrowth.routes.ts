import { getTeamRanking, listMyTeamHonours } from '@mall/shared';
import {
  adminCloseTeamRanking,
  adminGetTeamAwardConfig,
  adminGetTeamRanking,
  adminListReferralRewards,
  adminListTeamAwards,
  adminListTeamRankings,
  adminSetTeamAwardConfig,
} from '@mall/shared/admin';
import type { PlatformDeps } from '../../platform/deps';
import type { AdminActor, ApiRouter } from '../../platform/http/api-router';
import { listAwards, listRankings, listReferralRewards, rankingSummary, rankingWithEntries } from './admin-views';
import { awardConfigOf, setAwardConfig } from './award-config';
import { closeRanking, lastClosedPeriod } from './close-ranking';
import { honoursOf, rankingForMember } from './ranking-views';

export function registerTeamGrowthRoutes(api: ApiRouter, deps: PlatformDeps) {
  api.add(getTeamRanking, ({ ctx, query }) =>
    rankingForMember(deps, ctx.state.member.memberId, query.board, query.period),
  );
  api.add(listMyTeamHonours, ({ ctx }) => honoursOf(ctx.state.member.memberId));

  const actorOf = (ctx: { state: Record<string, unknown> }) => ctx.state.actor as AdminActor;
  api.add(adminListTeamRankings, ({ query }) => listRankings(query));
  api.add(adminGetTeamRanking, ({ params }) => rankingWithEntries(params.id));
  api.add(adminCloseTeamRanking, async ({ ctx, body }) => {
    const period = body.period ?? lastClosedPeriod(deps);
    const { ranking, created } = await closeRanking(deps, body.board, period, actorOf(ctx));
    return { ...rankingSummary(ranking), created };
  });
  api.add(adminGetTeamAwardConfig, ({ params }) => awardConfigOf(deps, params.board));
  api.add(adminSetTeamAwardConfig, ({ ctx, params, body }) =>
    setAwardConfig(deps, actorOf(ctx), params.board, body.awards),
  );
  api.add(adminListTeamAwards, ({ query }) => listAwards(query));
  api.add(adminListReferralRewards, ({ query }) => listReferralRewards(query));
}
