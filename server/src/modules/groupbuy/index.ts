import type { PlatformDeps } from '../../platform/deps';
import { defineModule } from '../../platform/module';
import { initGroupbuyModels } from './groupbuy.model';
import { subscribeGroupbuyListeners } from './groupbuy.listeners';
import { registerGroupbuyRoutes } from './groupbuy.routes';

export { groupbuyTagsOf, groupbuyTagsVersion, groupPricesFor } from './campaign-reads';
export { seedDemoGroupbuy } from './seed-groupbuy';
export { joinGroupAtPlacement, type GroupOrder } from './join-group';
export {
  closeExpiredGroup,
  expiredGroupIds,
  isAwaitingGroup,
  recordGroupPayment,
  type ExpiryOutcome,
  type GroupPaymentOutcome,
  type RefundGroupOrder,
} from './group-progress';

/**
 * Group-buy (拼团, issue 12): campaigns, groups and the members' places in them, the per-member limit, member and
 * admin views. The price at checkout, the payment that takes a place, expiry with its refunds and the hold on
 * shipping are stories with orders, payments and fulfilment: flows/groupbuy-*.ts.
 */
export const groupbuyModule = defineModule<PlatformDeps>({
  name: 'groupbuy',
  initModels: initGroupbuyModels,
  routes: registerGroupbuyRoutes,
  listeners: subscribeGroupbuyListeners,
  permissions: {
    'groupbuy:read': 'See group-buy campaigns, groups and their stats',
    'groupbuy:write': 'Create, change, activate, end and delete group-buy campaigns',
  },
});
