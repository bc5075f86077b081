import {
  adminCreatePriceRule,
  adminDeletePriceRule,
  adminListPriceRules,
  adminPreviewPrices,
  adminUpdatePriceRule,
} from '@mall/shared/admin';
import type { AdminActor, ApiRouter } from '../../platform/http/api-router';
import type { PricingModuleDeps } from './level-ladder';
import { createPriceRule, deletePriceRule, updatePriceRule } from './manage-price-rules';
import { listPriceRules } from './price-rules';
import { previewPrices } from './preview-prices';

export function registerPricingAdminRoutes(api: ApiRouter, deps: PricingModuleDeps) {
  api.add(adminListPriceRules, ({ query }) => listPriceRules(query));
  api.add(adminPreviewPrices, ({ query }) =>
    previewPrices(deps.levelLadder, query.productId, query.channel, query.at ? new Date(query.at) : new Date()),
  );
  api.add(adminCreatePriceRule, ({ body, ctx }) => createPriceRule(deps, ctx.state.actor as AdminActor, body));
  api.add(adminUpdatePriceRule, ({ params, body, ctx }) =>
    updatePriceRule(deps, ctx.state.actor as AdminActor, params.id, body),
  );
  api.add(adminDeletePriceRule, ({ params, ctx }) => deletePriceRule(deps, ctx.state.actor as AdminActor, params.id));
}
