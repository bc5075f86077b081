import { defineModule } from '../../platform/module';
import { segmentInvariants } from './segment-invariants';
import { initSegmentModels } from './segment.model';
import { registerSegmentAdminRoutes } from './segments.admin-routes';
import { registerSegmentJobs } from './segments.jobs';
export { isInSegment, membersOfSegment } from './segment-queries';
export { computeSegment } from './compute-segment';

/**
 * Member segments (会员画像, issue 12): definitions by spend, recency, frequency, level, region, referral source
 * and tags, computed by a job into a membership table that other modules read through membersOfSegment.
 */
export const segmentsModule = defineModule({
  name: 'segments',
  initModels: initSegmentModels,
  routes: registerSegmentAdminRoutes,
  jobs: registerSegmentJobs,
  invariants: segmentInvariants,
  permissions: {
    'segments:read': 'See member segments, their members and member tags',
    'segments:write': 'Define, compute and delete member segments; tag members',
  },
});
