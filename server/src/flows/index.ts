import { defineModule } from '../platform/module';
import type { PricingModuleDeps } from '../modules/pricing';
import { registerAftersalesRoutes, subscribeRefundSettlement } from './aftersales';
import { registerMemberAdminRoutes, registerMemberProfileRoutes, type MemberFlowDeps } from './member-profile.routes';
import { registerPlaceOrderRoutes } from './place-order';
import { registerCartRoutes } from './cart-view';
import { subscribeCheckoutPointsListeners } from './checkout-points';
import { subscribeSaleListener } from './record-sale';
import { registerStorefrontRoutes } from './storefront';
import type { FulfilmentDeps } from '../modules/fulfilment';
import { registerAdminOrderRoutes } from './admin-orders';
import { registerShippingRoutes } from './shipping.routes';
import { registerExchangeJobs, subscribeExchangeDeliveries, type ExchangeDeps } from './exchange-reship';
import { registerGroupbuyJobs, subscribeGroupbuyFlows } from './groupbuy-lifecycle';
import { registerFlashOrderJobs } from './flash-sale-orders';

/**
 * Stories that span modules, above them: each calls the modules' doors (one transaction passed as `tx` where a
 * story writes to several). Listed last in module-registry.ts, so every module's models exist before a flow runs.
 */
export const flowsModule = defineModule<PricingModuleDeps & MemberFlowDeps & FulfilmentDeps & ExchangeDeps>({
  name: 'flows',
  routes(api, deps) {
    registerMemberProfileRoutes(api, deps); // registration, me, profile (members + team + loyalty)
    registerMemberAdminRoutes(api, deps); // admin member search, export, detail (members + team + loyalty)
    registerStorefrontRoutes(api, deps); // priced product list and page (catalog + inventory + pricing)
    registerPlaceOrderRoutes(api, deps); // quote and checkout (catalog, pricing, loyalty, freight, team, orders, inventory, cart)
    registerCartRoutes(api, deps); // the priced cart (cart + catalog + inventory + pricing)
    registerAftersalesRoutes(api, deps); // after-sales (aftersales, orders, payments, inventory, admin audit)
    registerShippingRoutes(api, deps); // ship, batch ship, warehouse callback (orders, fulfilment, payments)
    registerAdminOrderRoutes(api, deps); // admin order search, export, detail (orders, payments, fulfilment)
  },
  listeners(deps) {
    subscribeSaleListener(deps); // order.paid: reservations become sales, products count them
    subscribeRefundSettlement(deps); // refund.succeeded: the order's refund ledger, the after-sales request
    subscribeCheckoutPointsListeners(deps); // order.cancelled / refund.succeeded: checkout points come back
    subscribeExchangeDeliveries(deps); // shipment.delivered: an exchange's replacement starts its completion window
    subscribeGroupbuyFlows(deps); // order.paid: a group place (or its refund); a completed group's orders may ship
  },
  jobs: async (deps) => {
    await registerExchangeJobs(deps); // exchanges complete after their replacement's confirmation window
    await registerGroupbuyJobs(deps); // group expiry: completes (fewer allowed) or refunds every paid member
    registerFlashOrderJobs(deps); // issue 12: flash-sale tickets become orders (flashsale, orders, inventory)
  },
});
