import type { WxacodeClient } from '../../integrations/wechat';
import type { PlatformDeps } from '../../platform/deps';
import { defineModule } from '../../platform/module';
import { initPromotionModels } from './promotion.model';
import { registerPromotionAdminRoutes } from './promotion.admin-routes';
import { registerPromotionListeners } from './promotion.listeners';
import { registerPromotionRoutes } from './promotion.routes';
/** Promotion tracking: shares, opens, attributed members and orders, per promoter per day. The only door. */
export { dayOf } from './daily-stats';

/** Share tracking: shares, opens, attributed members and orders, per promoter per day. */
export const promotionModule = defineModule<PlatformDeps & { wxacode: WxacodeClient }>({
  name: 'promotion',
  initModels: initPromotionModels,
  routes(api, deps) {
    registerPromotionRoutes(api, deps);
    registerPromotionAdminRoutes(api, deps);
  },
  listeners: registerPromotionListeners,
  permissions: {
    'promotion:read': 'See promotion figures (shares, opens, attributed members and orders) per promoter and team',
  },
});
