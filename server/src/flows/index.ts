import { defineModule } from '../platform/module';
import type { PricingModuleDeps } from '../modules/pricing';
import { registerMemberAdminRoutes, registerMemberProfileRoutes, type MemberFlowDeps } from './member-profile.routes';
import { registerPlaceOrderRoutes } from './place-order';
import { registerCartRoutes } from './cart-view';
import { subscribeCheckoutPointsListeners } from './checkout-points';
import { subscribeSaleListener } from './record-sale';
import { registerStorefrontRoutes } from './storefront';

/**
 * Stories that span modules, above them: each calls the modules' doors (one transaction passed as `tx` where a
 * story writes to several). Listed last in module-registry.ts, so every module's models exist before a flow runs.
 */
export const flowsModule = defineModule<PricingModuleDeps & MemberFlowDeps>({
  name: 'flows',
  routes(api, deps) {
    registerMemberProfileRoutes(api, deps); // registration, me, profile (members + team + loyalty)
    registerMemberAdminRoutes(api, deps); // admin member search, export, detail (members + team + loyalty)
    registerStorefrontRoutes(api, deps); // priced product list and page (catalog + inventory + pricing)
    registerPlaceOrderRoutes(api, deps); // quote and checkout (catalog, pricing, loyalty, freight, team, orders, inventory, cart)
    registerCartRoutes(api, deps); // the priced cart (cart + catalog + inventory + pricing)
  },
  listeners(deps) {
    subscribeSaleListener(deps); // order.paid: reservations become sales, products count them
    subscribeCheckoutPointsListeners(deps); // order.cancelled / refund.succeeded: checkout points come back
  },
});
