import type { PlatformDeps } from '../../platform/deps';
import { cancelUnpaidOrder, sweepExpiredOrders, type PaymentSettler } from './cancel-order';
import { EXPIRE_JOB } from './create-order';

export const SWEEP_JOB = 'sweep-expired';

/** Timeout cancellation: a delayed job per order, plus a sweep every minute for any job that went missing. */
export async function registerOrderJobs(deps: PlatformDeps, settler: PaymentSettler) {
  const queue = deps.queues.orders;
  void queue.process(EXPIRE_JOB, 2, async (job) => {
    const { orderNo } = job.data as { orderNo: string };
    const order = await cancelUnpaidOrder(deps, settler, orderNo, {
      actor: 'system:timeout',
      reason: 'payment timeout',
    });
    return { status: order.status };
  });
  void queue.process(SWEEP_JOB, 1, () => sweepExpiredOrders(deps));
  await queue.add(SWEEP_JOB, {}, { repeat: { every: 60_000 }, jobId: SWEEP_JOB });
}
