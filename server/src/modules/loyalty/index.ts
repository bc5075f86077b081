export { initLoyaltyModels } from './loyalty.model';
export { registerLoyaltyRoutes, registerLoyaltyAdminRoutes } from './loyalty.routes';
export { registerLoyaltyJobs } from './loyalty.jobs';
export { spendPoints, refundPointsSpend, type SpendResult } from './spend-points';
export { getPointsBalance, hasActivityAccess } from './loyalty-queries';
export { evaluateLevelsNightly } from './nightly-levels';
export type { MemberLevelChanged } from './level-evaluation';
export { expirePoints } from './expire-points';
export { seedLoyaltyDemo } from './seed-loyalty';
