import type { SubscribeMessageClient } from '../../integrations/wechat';
import type { PlatformDeps } from '../../platform/deps';
import { FAN_OUT_JOB, fanOutNotice, SUBSCRIBE_JOB } from './fan-out-notice';
import { deliverNoticeSubscription } from './subscriptions';

export function registerMessageJobs(deps: PlatformDeps & { subscribeMessages: SubscribeMessageClient }): void {
  const queue = deps.queues.notifications;
  void queue.process(FAN_OUT_JOB, 2, (job) => fanOutNotice(deps, (job.data as { noticeId: number }).noticeId));
  void queue.process(SUBSCRIBE_JOB, 4, async (job) => {
    const { noticeId, memberId } = job.data as { noticeId: number; memberId: number };
    return { outcome: await deliverNoticeSubscription(deps, noticeId, memberId) };
  });
}
