/** Promotion tracking: shares, opens, attributed members and orders, per promoter per day. The only door. */
export { initPromotionModels } from './promotion.model';
export { registerPromotionRoutes } from './promotion.routes';
export { registerPromotionAdminRoutes } from './promotion.admin-routes';
export { registerPromotionListeners } from './promotion.listeners';
export { teamOf, twoLevelsBelow } from './promotion-stats';
export { dayOf } from './daily-stats';
