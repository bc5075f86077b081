import type { PlatformDeps } from '../../platform/deps';
import { defineModule } from '../../platform/module';
import { registerTeamGrowthJobs } from './teamgrowth.jobs';
import { initTeamGrowthModels } from './teamgrowth.model';
import { registerTeamGrowthRoutes } from './teamgrowth.routes';
export { closeRanking } from './close-ranking';
export { grantRankingAwards } from './grant-awards';
export { rewardReferralPurchase } from './referral-reward';

/**
 * Team growth (issue 11), as the law allows: the referrer of a member whose first order completed earns the
 * policy's referral reward; periodic team rankings (team sales, new members) are frozen and awarded in points,
 * coupons or honours. Never cash: the compliance guard refuses it at boot and in the admin API.
 */
export const teamGrowthModule = defineModule<PlatformDeps>({
  name: 'teamgrowth',
  initModels: initTeamGrowthModels,
  routes: registerTeamGrowthRoutes,
  jobs: registerTeamGrowthJobs,
  permissions: {
    'team:read': 'See team rankings, their awards and referral purchase rewards',
    'team:manage': 'Set ranking awards and close a ranking period now',
  },
});
