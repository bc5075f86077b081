import { defineModule } from '../../platform/module';
import { initTeamModels } from './team.model';
import { registerTeamAdminRoutes } from './team.admin-routes';
import { registerTeamJobs } from './team.jobs';
import { registerTeamRoutes } from './team.routes';
export { attachNewMember, findInviterId } from './attach-member';
export { bindReferrerByCode, rebindByAdmin } from './bind-referrer';
export { drainTeamDeltas } from './drain-team-deltas';
export { getTeamFigures, listTeamMembers } from './team-queries';
// issue 11 team growth: a period's figures of every team, for the rankings
export { teamFiguresBetween, type TeamPeriodFigure, type TeamPeriodMeasure } from './team-period-figures';
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
