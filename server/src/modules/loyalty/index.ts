import { defineModule } from '../../platform/module';
import { initLoyaltyModels } from './loyalty.model';
import { registerLoyaltyAdminRoutes, registerLoyaltyRoutes } from './loyalty.routes';
import { registerLoyaltyJobs } from './loyalty.jobs';
export { spendPoints, refundPointsSpend, type SpendResult } from './spend-points';
export { exclusiveActivityCodes, getPointsBalance, hasActivityAccess } from './loyalty-queries';
// issue 10 checkout: points at checkout (积分抵扣), spent with the order, returned on cancel and refund
export {
  orderSpendRef,
  returnOrderPoints,
  spendablePointsOf,
  spendPointsForOrder,
  type PointsReturn,
} from './checkout-points';
export {
  ladderVersion,
  levelOf,
  levelsOf,
  listLevels,
  memberIdsAtLevel,
  openLoyaltyAccount,
  type LevelView,
  type MemberLevelView,
} from './levels';
export { evaluateLevelsNightly } from './nightly-levels';
export type { MemberLevelChanged } from './level-evaluation';
export { expirePoints } from './expire-points';
export { seedLoyaltyDemo } from './seed-loyalty';
export { awardPoints, type PointsAward } from './award-points'; // issue 11: team growth

/** Levels (ladder, evaluation, perks) and points (lots, ledger, sign-in, exchange, expiry). */
export const loyaltyModule = defineModule({
  name: 'loyalty',
  initModels: initLoyaltyModels,
  routes(api, deps) {
    registerLoyaltyRoutes(api, deps);
    registerLoyaltyAdminRoutes(api, deps);
  },
  jobs: registerLoyaltyJobs,
});
