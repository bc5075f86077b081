import type { Job } from '../../platform/queue/queues';
import { SUBSCRIBE_JOB, TRACK_JOB } from './shipments';
import { UPLOAD_JOB, runShippingUpload } from './shipping-upload';
import { pollShipment, subscribeShipment } from './tracking';
import { WAREHOUSE_PUSH_JOB, pushToWarehouse } from './warehouse-handoff';
import type { FulfilmentDeps } from './fulfilment-deps';

const isLastAttempt = (job: Job) => job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

/** Tracking polls and subscriptions, WeChat shipping uploads and warehouse pushes: all on the fulfilment queue. */
export function registerFulfilmentJobs(deps: FulfilmentDeps): void {
  const queue = deps.queues.fulfilment;
  void queue.process(TRACK_JOB, 2, async (job) => ({
    status: await pollShipment(deps, (job.data as { shipmentId: number }).shipmentId),
  }));
  void queue.process(SUBSCRIBE_JOB, 1, async (job) => {
    await subscribeShipment(deps, (job.data as { shipmentId: number }).shipmentId);
  });
  void queue.process(UPLOAD_JOB, 2, async (job) => ({
    status: await runShippingUpload(deps, (job.data as { orderId: number }).orderId, { isLast: isLastAttempt(job) }),
  }));
  void queue.process(WAREHOUSE_PUSH_JOB, 2, async (job) => ({
    status: await pushToWarehouse(deps, (job.data as { orderId: number }).orderId, { isLast: isLastAttempt(job) }),
  }));
}
