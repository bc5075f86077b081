import { defineModule } from '../../platform/module';
import { initTeamModels } from './team.model';
import { registerTeamAdminRoutes } from './team.admin-routes';
import { registerTeamJobs } from './team.jobs';
import { registerTeamRoutes } from './team.routes';
export { attachNewMember, findInviterId } from './attach-member';
export { bindReferrerByCode, rebindByAdmin } from './bind-referrer';
export { drainTeamDeltas } from './drain-team-deltas';
export { getTeamFigures, listTeamMembers } from './team-queries';
export { directReferralCount, membersBelow, referrerChainOf, referrerOf } from './referral-links';

/** The referral tree: binding, rebinding, team figures. The one truth for who referred whom. */
export const teamModule = defineModule({
  name: 'team',
  initModels: initTeamModels,
  routes(api, deps) {
    registerTeamRoutes(api, deps);
    registerTeamAdminRoutes(api, deps);
  },
  jobs: registerTeamJobs,
});
