import type { PlatformDeps } from '../../platform/deps';
import { rollUpCampaignViews } from './roll-up-views';

export const ROLL_UP_VIEWS_JOB = 'roll-up-campaign-views';
const EVERY_MS = 60_000;

/** Every minute, the views counted in Redis go into the database (a repeatable job keyed by name). */
export async function registerCampaignViewJobs(deps: PlatformDeps) {
  void deps.queues.marketing.process(ROLL_UP_VIEWS_JOB, 1, () => rollUpCampaignViews(deps));
  await deps.queues.marketing.add(ROLL_UP_VIEWS_JOB, {}, { repeat: { every: EVERY_MS }, jobId: ROLL_UP_VIEWS_JOB });
}
