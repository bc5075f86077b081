import { bindReferrer, getMyTeamFigures, listMyTeamMembers } from '@mall/shared';
import type { ApiRouter } from '../../platform/http/api-router';
import type { PlatformDeps } from '../../platform/deps';
import { bindReferrerByCode } from './bind-referrer';
import { getTeamFigures, listTeamMembers } from './team-queries';

export function registerTeamRoutes(api: ApiRouter, deps: PlatformDeps) {
  api.add(bindReferrer, async ({ ctx, body }) => {
    const { referrerId, changed } = await bindReferrerByCode(deps, ctx.state.member.memberId, body.inviterCode);
    return { referrerId, changed };
  });
  api.add(getMyTeamFigures, ({ ctx }) => getTeamFigures(deps, ctx.state.member.memberId));
  api.add(listMyTeamMembers, ({ ctx, query }) => listTeamMembers(ctx.state.member.memberId, query));
}
