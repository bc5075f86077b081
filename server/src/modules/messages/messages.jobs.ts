import type { SubscribeMessageClient } from '../../integrations/wechat';
import type { PlatformDeps } from '../../platform/deps';
import { FAN_OUT_JOB, FAN_OUT_SWEEP_JOB, fanOutNotice, SUBSCRIBE_JOB, sweepUnsentNotices } from './fan-out-notice';
import { deliverNoticeSubscription } from './subscriptions';

/**
 * A notice's fan-out job is queued after its commit; a sweep every minute (a repeatable job keyed by name) fans
 * out any notice whose job was lost.
 */
export async function registerMessageJobs(
  deps: PlatformDeps & { subscribeMessages: SubscribeMessageClient },
): Promise<void> {
  const queue = deps.queues.notifications;
  void queue.process(FAN_OUT_JOB, 2, (job) => fanOutNotice(deps, (job.data as { noticeId: number }).noticeId));
  void queue.process(FAN_OUT_SWEEP_JOB, 1, () => sweepUnsentNotices(deps));
  void queue.process(SUBSCRIBE_JOB, 4, async (job) => {
    const { noticeId, memberId } = job.data as { noticeId: number; memberId: number };
    return { outcome: await deliverNoticeSubscription(deps, noticeId, memberId) };
  });
  await queue.add(FAN_OUT_SWEEP_JOB, {}, { repeat: { every: 60_000 }, jobId: FAN_OUT_SWEEP_JOB });
}
