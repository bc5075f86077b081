import type { PlatformDeps } from '../../platform/deps';
import type { DomainEvent, OrderRefundApplied, OrderStatusChanged } from '../../platform/events/domain-events';
import {
  accrueOrderCommission,
  orderCompleted,
  releaseDueCommissions,
  RELEASE_JOB,
  reverseForRefund,
  scheduleRelease,
} from './commission-lifecycle';
import { currentPolicy } from './policy';
import { autoConfirmStatements, closeStatements, cycleEnd } from './statements';

export const RELEASE_SWEEP_JOB = 'release-commissions-sweep';
export const STATEMENTS_JOB = 'settlement-statements';

/**
 * Commission follows the order through the outbox: paid → accrued frozen, received → release time set, completed
 * → a release job at that time, a line refund → reversed. An hourly sweep releases anything a lost job left due.
 * Every step is keyed by business identity (line and level, commission, refund), so redelivery changes nothing.
 */
export async function registerDistributionJobs(deps: PlatformDeps) {
  deps.events.subscribe<OrderStatusChanged>('order.paid', 'commission-accrue', async (e) => {
    await accrueOrderCommission(deps, e.payload);
  });
  deps.events.subscribe<OrderStatusChanged>('order.received', 'commission-schedule', async (e) => {
    await scheduleRelease(deps, e.payload, new Date(e.occurredAt));
  });
  deps.events.subscribe<OrderStatusChanged>('order.completed', 'commission-complete', async (e) => {
    await orderCompleted(deps, e.payload, new Date(e.occurredAt));
  });
  deps.events.subscribe<OrderRefundApplied>('order.refund_applied', 'commission-reverse', async (e) => {
    await reverseForRefund(deps, e.payload);
  });
  // an order refunded at once (a late payment, a whole-order refund) comes as order.refunded without line refunds
  deps.events.subscribe<OrderStatusChanged>('order.refunded', 'commission-reverse-rest', (e) =>
    reverseWholeOrder(deps, e),
  );
  void deps.queues.commission.process(RELEASE_JOB, 1, (job) =>
    releaseDueCommissions(deps, new Date(), (job.data as { orderId: number }).orderId),
  );
  void deps.queues.commission.process(RELEASE_SWEEP_JOB, 1, () => releaseDueCommissions(deps, new Date()));
  // statements: each cycle closes at 00:00 Beijing time on the 1st (monthly) or on Monday (weekly), the job runs at
  // 03:00 that day and every day after (a missed run catches up: a statement is unique per member and cycle end);
  // unanswered ones are confirmed after the policy's days
  void deps.queues.commission.process(STATEMENTS_JOB, 1, async () => {
    const now = new Date();
    await closeStatements(deps, cycleEnd((await currentPolicy(deps)).settlementCycle, now));
    await autoConfirmStatements(deps, now);
  });
  await deps.queues.commission.add(
    RELEASE_SWEEP_JOB,
    {},
    { repeat: { cron: '5 * * * *', tz: 'Asia/Shanghai' }, jobId: RELEASE_SWEEP_JOB },
  );
  await deps.queues.commission.add(
    STATEMENTS_JOB,
    {},
    { repeat: { cron: '0 3 * * *', tz: 'Asia/Shanghai' }, jobId: STATEMENTS_JOB },
  );
}

/** What order.refunded leaves: the lines' paid shares not yet refunded line by line, reversed as one refund. */
async function reverseWholeOrder(deps: PlatformDeps, { payload }: DomainEvent<OrderStatusChanged>) {
  await reverseForRefund(deps, {
    orderId: payload.orderId,
    orderNo: payload.orderNo,
    memberId: payload.memberId,
    refundNo: `order-refunded:${payload.orderId}`,
    refundId: 0,
    refundFen: payload.paidFen,
    orderPaidFen: payload.paidFen,
    orderRefundedFen: payload.paidFen,
    fullyRefunded: true,
    paidAt: payload.paidAt,
    // the whole line: reverseForRefund caps the line's refunded total at what it paid
    lines: payload.lines.map((l) => ({ ...l, refundFen: l.paidFen })),
    referrerChain: payload.referrerChain,
  });
}
