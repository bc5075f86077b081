import type { PlatformDeps } from '../../platform/deps';
import { expirePoints } from './expire-points';
import { subscribeLoyaltyListeners } from './loyalty.listeners';
import { evaluateLevelsNightly } from './nightly-levels';

export const LEVELS_NIGHTLY_JOB = 'nightly-levels';
export const POINTS_EXPIRY_JOB = 'expire-points';

/**
 * Listeners for orders and members, a nightly level review (02:30 Beijing time) and a daily points expiry
 * (00:10 Beijing time, just after lots expiring at the end of a day). Repeatable jobs keyed by name: adding
 * them again on every boot changes nothing.
 */
export async function registerLoyaltyJobs(deps: PlatformDeps) {
  subscribeLoyaltyListeners(deps);
  void deps.queues.levels.process(LEVELS_NIGHTLY_JOB, 1, () => evaluateLevelsNightly(deps, new Date()));
  void deps.queues.points.process(POINTS_EXPIRY_JOB, 1, () => expirePoints(deps, new Date()));
  await deps.queues.levels.add(
    LEVELS_NIGHTLY_JOB,
    {},
    { repeat: { cron: '30 2 * * *', tz: 'Asia/Shanghai' }, jobId: LEVELS_NIGHTLY_JOB },
  );
  await deps.queues.points.add(
    POINTS_EXPIRY_JOB,
    {},
    { repeat: { cron: '10 0 * * *', tz: 'Asia/Shanghai' }, jobId: POINTS_EXPIRY_JOB },
  );
}
