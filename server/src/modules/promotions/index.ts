import { defineModule } from '../../platform/module';
import { promotionInvariants } from './promotion-invariants';
import { initPromotionModels } from './promotion.model';
import { registerPromotionAdminRoutes } from './promotions.admin-routes';
import { subscribePromotionListeners } from './promotions.listeners';
export { promotionAdjuster, type PromotionAdjuster } from './promotion-adjusters';
export { promotionStats } from './promotion-stats';
export { promotionTagsOf, promotionTagsVersion } from './promotion-tags';

/**
 * Promotions (issue 12): discount activities (限时折扣) and 满减 as quote adjusters at their stages, level-gated
 * through loyalty's exclusive activities, with effect tracking from the orders they took something off.
 */
export const promotionsModule = defineModule({
  name: 'promotions',
  initModels: initPromotionModels,
  routes: registerPromotionAdminRoutes,
  listeners: subscribePromotionListeners,
  invariants: promotionInvariants,
  permissions: {
    'promotions:read': 'See discount activities, 满减 and their effect',
    'promotions:write': 'Create, change, pause, end and delete discount activities and 满减',
  },
});
