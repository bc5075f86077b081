export { initTeamModels } from './team.model';
export { registerTeamRoutes } from './team.routes';
export { registerTeamAdminRoutes } from './team.admin-routes';
export { registerTeamJobs } from './team.jobs';
export { attachNewMember, findInviterId } from './attach-member';
export { bindReferrerByCode, rebindByAdmin } from './bind-referrer';
export { drainTeamDeltas } from './drain-team-deltas';
export { getTeamFigures, listTeamMembers } from './team-queries';
