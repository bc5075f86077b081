import { MODULES } from './module-registry';
import type { Services } from './services';

/**
 * Every Bull processor of the system, registered on the given services (own process, or in the api process).
 * Every module subscribes its event listeners first; events start flowing once all are subscribed.
 */
export async function startProcessors(services: Services): Promise<void> {
  for (const module of MODULES) module.listeners?.(services);
  // all at once: Bull names each worker connection when a processor is added, a command queued behind the blocking
  // wait of processors already running; added late, it is still queued at close and rejects "Connection is closed."
  await Promise.all(MODULES.map((module) => module.jobs?.(services)));
  services.events.startProcessing();
  services.events.startSweeping(); // outbox rows the after-commit relay missed (Redis down, a crash)
}
