import type { OrderStatusChanged } from '../../platform/events/domain-events';
import { RECONCILE_FLASH_JOB, type FlashSaleDeps } from './flash-deps';
import { grabOfOrder, markGrabPaid, releaseGrabOfOrder } from './flash-grabs';
import { openSessionIds } from './flash-items';
import { startFlashPump } from './flash-pump';
import { isDrift, reconcileSession } from './flash-reconcile';

/** Every minute, the open sessions' Redis stock is compared with the database and corrected (a repeat job). */
const RECONCILE_EVERY_MS = 60_000;

export async function registerFlashSaleJobs(deps: FlashSaleDeps) {
  const queue = deps.queues.flash;
  void queue
    .process(RECONCILE_FLASH_JOB, 1, async () => {
      const sessionIds = await openSessionIds();
      let drifted = 0;
      for (const id of sessionIds) {
        const report = await reconcileSession(deps, id, true);
        const drifts = report.items.filter(isDrift);
        drifted += drifts.length;
        if (drifts.length) deps.logger.warn({ sessionId: id, drifts }, 'flash stock drift fixed');
      }
      return { sessions: sessionIds.length, drifted };
    })
    .catch((err: unknown) => deps.logger.debug({ err }, 'flash reconcile processor stopped'));
  await queue.add(RECONCILE_FLASH_JOB, {}, { repeat: { every: RECONCILE_EVERY_MS }, jobId: RECONCILE_FLASH_JOB });
  startFlashPump(deps); // grabbed tickets become flash-queue jobs
}

/** Unpaid flash orders cancelled give their units back (once per order number); paid ones count for the GMV. */
export function subscribeFlashSaleListeners(deps: FlashSaleDeps) {
  deps.events.subscribe<OrderStatusChanged>('order.cancelled', 'flash-release-on-cancel', async ({ payload }) => {
    const returned = await releaseGrabOfOrder(deps, payload.orderNo);
    if (returned) deps.logger.info({ orderNo: payload.orderNo }, 'flash stock returned on cancel');
  });
  deps.events.subscribe<OrderStatusChanged>('order.paid', 'flash-paid', async ({ payload }) => {
    const grab = await grabOfOrder(payload.orderNo);
    if (!grab) return;
    const paidFen = payload.lines.filter((l) => l.skuId === grab.skuId).reduce((n, l) => n + l.paidFen, 0);
    await markGrabPaid(payload.orderNo, paidFen, new Date(payload.paidAt ?? Date.now()));
  });
}
