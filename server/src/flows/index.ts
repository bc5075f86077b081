import { defineModule } from '../platform/module';
import type { PricingModuleDeps } from '../modules/pricing';
import { registerPlaceOrderRoutes } from './place-order';
import { subscribeSaleListener } from './record-sale';
import { registerStorefrontRoutes } from './storefront';

/**
 * Stories that span modules, above them: each calls the modules' doors. Listed last in module-registry.ts,
 * so every module's models exist before a flow runs.
 */
export const flowsModule = defineModule<PricingModuleDeps>({
  name: 'flows',
  routes(api, deps) {
    registerStorefrontRoutes(api, deps);
    registerPlaceOrderRoutes(api, deps);
  },
  listeners(deps) {
    subscribeSaleListener(deps);
  },
});
