import { defineModule } from '../../platform/module';
import { registerFreightAdminRoutes } from './freight.admin-routes';
import { initFreightModels } from './freight.model';

export {
  feeForUnits,
  freightFeeFen,
  regionMatches,
  ruleFor,
  NotDeliverableError,
  type FreightDestination,
  type FreightItem,
  type FreightTemplateRules,
} from './freight-calculator';
export { freightTemplatesByIds, shippingFeeFen } from './freight-templates';

/** Shipping-fee templates (运费模板) and the pure fee calculator; products name their template in the catalog. */
export const freightModule = defineModule({
  name: 'freight',
  initModels: initFreightModels,
  routes: registerFreightAdminRoutes,
  permissions: {
    'freight:read': 'See shipping-fee templates',
    'freight:write': 'Create, change and delete shipping-fee templates',
  },
});
