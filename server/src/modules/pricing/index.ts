import { defineModule } from '../../platform/module';
import type { PricingModuleDeps } from './level-ladder';
import { initPricingModels } from './price-rule.model';
import { registerPricingAdminRoutes } from './pricing.admin-routes';
export { registerPricingAdminRoutes } from './pricing.admin-routes';
export { seedDemoPriceRules } from './seed-price-rules';
export type { LevelLadder, PricingModuleDeps } from './level-ladder';
export {
  channelFrom,
  channelOf,
  pricingContextFor,
  pricingContextOfRequest,
  priceSkus,
  type PricingContext,
  type SkuPrice,
  type SkuRef,
} from './resolve-prices';
export { priceProductDetail, priceProductSummaries, type PriceFieldValues } from './priced-views';
export { priceRulesVersion } from './active-rules-cache';

/** Price rules (level, channel, time-limited special prices) and the resolver. Levels come in as a port. */
export const pricingModule = defineModule<PricingModuleDeps>({
  name: 'pricing',
  initModels: initPricingModels,
  routes: registerPricingAdminRoutes,
});
