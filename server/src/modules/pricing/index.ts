import { defineModule } from '../../platform/module';
import { initPricingModels } from './price-rule.model';
import { registerPricingAdminRoutes } from './pricing.admin-routes';
export { registerPricingAdminRoutes } from './pricing.admin-routes';
export { seedDemoPriceRules } from './seed-price-rules';
export {
  channelOf,
  pricingContextFor,
  pricingContextOfRequest,
  priceSkus,
  type PricingContext,
  type SkuPrice,
  type SkuRef,
} from './resolve-prices';
export { priceProductDetail, priceProductSummaries, type PriceFieldValues } from './priced-views';

/** Price rules (level, channel, time-limited) and the resolver. */
export const pricingModule = defineModule({
  name: 'pricing',
  initModels: initPricingModels,
  routes: registerPricingAdminRoutes,
});
