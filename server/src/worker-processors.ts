import { MODULES } from './module-registry';
import type { Services } from './services';

/**
 * Every Bull processor of the system, registered on the given services (own process, or in the api process).
 * Every module subscribes its event listeners first; events start flowing once all are subscribed.
 */
export async function startProcessors(services: Services): Promise<void> {
  for (const module of MODULES) module.listeners?.(services);
  for (const module of MODULES) await module.jobs?.(services);
  services.events.startProcessing();
  services.events.startSweeping(); // outbox rows the after-commit relay missed (Redis down, a crash)
}
