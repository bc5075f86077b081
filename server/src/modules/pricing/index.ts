export { initPricingModels } from './price-rule.model';
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
