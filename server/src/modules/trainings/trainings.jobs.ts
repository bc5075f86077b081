import type { PlatformDeps } from '../../platform/deps';
import { finishEndedSessions } from './attendance';

export const FINISH_SESSIONS_JOB = 'team-sessions.finish';

/**
 * Every 5 minutes, sessions past their end are written finished (on the team queue: training belongs to team
 * growth). A repeatable job keyed by name: adding it on every boot changes nothing.
 */
export async function registerTrainingJobs(deps: PlatformDeps) {
  void deps.queues.team.process(FINISH_SESSIONS_JOB, 1, async () => ({ finished: await finishEndedSessions(deps) }));
  await deps.queues.team.add(FINISH_SESSIONS_JOB, {}, { repeat: { every: 300_000 }, jobId: FINISH_SESSIONS_JOB });
}
