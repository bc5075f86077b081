import { adminGetTeamFigures, adminListReferralBindings, adminRebindReferrer } from '@mall/shared/admin';
import type { AdminActor, ApiRouter } from '../../platform/http/api-router';
import type { PlatformDeps } from '../../platform/deps';
import { rebindByAdmin } from './bind-referrer';
import { getTeamFigures, listReferralBindings } from './team-queries';

export function registerTeamAdminRoutes(api: ApiRouter, deps: PlatformDeps) {
  api.add(adminGetTeamFigures, ({ params }) => getTeamFigures(deps, params.memberId));
  api.add(adminListReferralBindings, ({ params, query }) => listReferralBindings(params.memberId, query));
  api.add(adminRebindReferrer, async ({ ctx, params, body }) => {
    const { referrerId, changed } = await rebindByAdmin(deps, ctx.state.actor as AdminActor, {
      memberId: params.memberId,
      ...body,
    });
    return { referrerId, changed };
  });
}
