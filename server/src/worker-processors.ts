import { registerCatalogJobs, subscribeInventoryListeners } from './modules/catalog';
import { registerOrderJobs } from './modules/orders';
import { registerLoyaltyJobs } from './modules/loyalty';
import { createPaymentSettler } from './modules/payments';
import { registerPromotionListeners } from './modules/promotion';
import { registerMessageJobs } from './modules/messages';
import { registerTeamJobs } from './modules/team';
import type { Services } from './services';

/**
 * Every Bull processor of the system, registered on the given services (own process, or in the api process).
 * Modules subscribe their event listeners first; events start flowing once all are subscribed.
 */
export async function startProcessors(services: Services): Promise<void> {
  await registerOrderJobs(services, createPaymentSettler(services));
  await registerCatalogJobs(services);
  subscribeInventoryListeners(services);
  await registerLoyaltyJobs(services);
  registerPromotionListeners(services);
  registerMessageJobs(services);
  await registerTeamJobs(services);
  services.events.startProcessing();
  services.events.startSweeping(); // outbox rows the after-commit relay missed (Redis down, a crash)
}
