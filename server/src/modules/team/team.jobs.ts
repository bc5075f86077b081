import type { PlatformDeps } from '../../platform/deps';
import type { OrderRefundApplied, OrderStatusChanged } from '../../platform/events/domain-events';
import { DRAIN_JOB, drainTeamDeltas } from './drain-team-deltas';
import { recordOrderDelta, recordRefundDelta } from './record-order-delta';

/** Paid and refunded orders feed the delta log; one drain at a time per worker applies it in batches. */
export async function registerTeamJobs(deps: PlatformDeps) {
  deps.events.subscribe<OrderStatusChanged>('order.paid', 'team-figures', (e) => recordOrderDelta(deps, 'paid', e));
  deps.events.subscribe<OrderStatusChanged>('order.refunded', 'team-figures', (e) =>
    recordOrderDelta(deps, 'refunded', e),
  );
  deps.events.subscribe<OrderRefundApplied>('order.refund_applied', 'team-figures-refund', (e) =>
    recordRefundDelta(deps, e),
  );
  void deps.queues.team.process(DRAIN_JOB, 1, async () => ({ applied: await drainTeamDeltas(deps) }));
  await deps.queues.team.add(DRAIN_JOB, {}, { repeat: { every: 60_000 }, jobId: `${DRAIN_JOB}:sweep` });
}
