import type { WxacodeClient } from '../../integrations/wechat';
import type { PlatformDeps } from '../../platform/deps';
import { defineModule } from '../../platform/module';
import { initSharingModels } from './sharing.model';
import { registerSharingAdminRoutes } from './sharing.admin-routes';
import { registerSharingListeners } from './sharing.listeners';
import { registerSharingRoutes } from './sharing.routes';
export { dayOf } from './daily-stats';

/**
 * Share tracking: shares, opens, attributed members and orders, per promoter per day. Named "sharing" (was
 * "promotion") so that marketing campaigns (coupons, 满减, group-buy, flash sales) can take the word promotion.
 */
export const sharingModule = defineModule<PlatformDeps & { wxacode: WxacodeClient }>({
  name: 'sharing',
  initModels: initSharingModels,
  routes(api, deps) {
    registerSharingRoutes(api, deps);
    registerSharingAdminRoutes(api, deps);
  },
  listeners: registerSharingListeners,
  permissions: {
    'sharing:read': 'See sharing figures (shares, opens, attributed members and orders) per promoter and team',
  },
});
