import type { PlatformDeps } from '../../platform/deps';
import { defineModule } from '../../platform/module';
import { registerTrainingJobs } from './trainings.jobs';
import { initTrainingModels } from './trainings.model';
import { registerTrainingRoutes } from './trainings.routes';

/**
 * Team training sessions (团队培训, issue 11): a distributor announces a session to their team (team_sessions),
 * members of its audience sign up under its capacity (team_session_signups), the leader marks attendance. The
 * audience is told through the team notice (messages); the tree is the team module's. Attendance pays nothing.
 * Admin routes use the team's permissions (members:read, members:write).
 */
export const trainingsModule = defineModule<PlatformDeps>({
  name: 'trainings',
  initModels: initTrainingModels,
  routes: registerTrainingRoutes,
  jobs: registerTrainingJobs,
});
