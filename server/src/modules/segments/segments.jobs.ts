import type { Transaction } from 'sequelize';
import { chinaDay } from '../../platform/china-day';
import type { PlatformDeps } from '../../platform/deps';
import { enqueueAfterCommit } from '../../platform/queue/queues';
import { computeSegment } from './compute-segment';
import { Segment } from './segment.model';

export const COMPUTE_SEGMENT_JOB = 'compute-segment';
export const SEGMENTS_NIGHTLY_JOB = 'segments-nightly';

type Deps = Pick<PlatformDeps, 'queues' | 'logger'>;

/**
 * An admin asked for a computation (create, change, or "compute now"): one job per request time, queued after
 * the request's transaction commits. The same request retried queues nothing new.
 */
export function enqueueSegmentComputation(deps: Deps, tx: Transaction, segmentId: number, requestedAt: Date) {
  enqueueAfterCommit(
    tx,
    deps.queues.segments,
    COMPUTE_SEGMENT_JOB,
    { segmentId },
    { jobId: `segment:${segmentId}:${requestedAt.getTime()}` },
    deps.logger,
  );
}

/** Nightly (03:30 Beijing time, after the level review): one job per segment and day. */
async function queueNightly(deps: Deps, now: Date) {
  const day = chinaDay(now);
  for (const segment of await Segment.findAll({ attributes: ['id'] })) {
    await deps.queues.segments.add(
      COMPUTE_SEGMENT_JOB,
      { segmentId: segment.id },
      { jobId: `segment:${segment.id}:nightly:${day}` },
    );
  }
}

export async function registerSegmentJobs(deps: PlatformDeps) {
  void deps.queues.segments.process(COMPUTE_SEGMENT_JOB, 1, async (job) => {
    await computeSegment(deps, (job.data as { segmentId: number }).segmentId);
  });
  void deps.queues.segments.process(SEGMENTS_NIGHTLY_JOB, 1, () => queueNightly(deps, new Date()));
  await deps.queues.segments.add(
    SEGMENTS_NIGHTLY_JOB,
    {},
    { repeat: { cron: '30 3 * * *', tz: 'Asia/Shanghai' }, jobId: SEGMENTS_NIGHTLY_JOB },
  );
}
