import { Op, type Transaction } from 'sequelize';
import type { OfflineTransferStatus } from '@mall/shared';
import { cancelUnpaidOrder } from '../orders';
import { enqueueAfterCommit } from '../../platform/queue/queues';
import { Payment } from './payment.model';
import type { PaymentsDeps } from './payments-deps';
import { OfflineTransfer } from './refund.model';
import { createPaymentSettler } from './settle-payment';

export const OFFLINE_DEADLINE_JOB = 'offline-deadline';
export const SWEEP_OFFLINE_DEADLINES_JOB = 'sweep-offline-deadlines';
export const offlineDeadlineJobId = (paymentId: number) => `offline-deadline:${paymentId}`;

/** A proof waiting for an admin holds the cancel: the member did their part, the shop has not answered yet. */
const UNDER_REVIEW: readonly OfflineTransferStatus[] = ['proof_uploaded', 'first_confirmed'];

export type DeadlineOutcome = 'cancelled' | 'held' | 'not_due' | 'settled';

/** After the transfer's row commits: its deadline job (one per payment, so a repeated start schedules nothing). */
export function scheduleOfflineDeadline(
  deps: Pick<PaymentsDeps, 'queues' | 'logger'>,
  tx: Transaction,
  paymentId: number,
  deadlineAt: Date,
) {
  enqueueAfterCommit(
    tx,
    deps.queues.payments,
    OFFLINE_DEADLINE_JOB,
    { paymentId },
    { jobId: offlineDeadlineJobId(paymentId), delay: Math.max(0, deadlineAt.getTime() - Date.now()) },
    deps.logger,
  );
}

/**
 * A bank transfer's deadline (OFFLINE_DEADLINE_HOURS) has come: unless a proof is under review, the order is
 * cancelled like a payment timeout — the same use case, so the order's transition table, the closing of its
 * payment attempts and the stock going back are the auto-cancel's. Repeats change nothing (the payment is no
 * longer pending, the order no longer unpaid).
 */
export async function expireOfflineTransfer(deps: PaymentsDeps, paymentId: number): Promise<DeadlineOutcome> {
  const payment = await Payment.findByPk(paymentId);
  if (!payment || payment.channel !== 'offline' || payment.status !== 'pending' || !payment.orderNo) return 'settled';
  const transfer = await OfflineTransfer.findOne({ where: { paymentId } });
  if (!transfer) return 'settled';
  if (transfer.deadlineAt.getTime() > Date.now()) return 'not_due';
  if (UNDER_REVIEW.includes(transfer.status)) return 'held';
  const order = await cancelUnpaidOrder(deps, createPaymentSettler(deps), payment.orderNo, {
    actor: 'system:offline-deadline',
    reason: 'bank transfer not confirmed by its deadline',
  });
  return order.status === 'cancelled' ? 'cancelled' : 'settled';
}

/**
 * Behind the delayed jobs: transfers past their deadline that nothing holds (a lost job, or a proof rejected after
 * the deadline: the hold ends with the review).
 */
export async function sweepOfflineDeadlines(deps: PaymentsDeps): Promise<number> {
  const overdue = await OfflineTransfer.findAll({
    where: { status: { [Op.in]: ['awaiting_proof', 'rejected'] }, deadlineAt: { [Op.lt]: new Date() } },
    attributes: ['paymentId'],
    order: [['id', 'ASC']],
    limit: 200,
  });
  let cancelled = 0;
  for (const { paymentId } of overdue) if ((await expireOfflineTransfer(deps, paymentId)) === 'cancelled') cancelled++;
  return cancelled;
}

export async function registerOfflineDeadlineJobs(deps: PaymentsDeps): Promise<void> {
  const queue = deps.queues.payments;
  void queue.process(OFFLINE_DEADLINE_JOB, 1, async (job) => ({
    outcome: await expireOfflineTransfer(deps, (job.data as { paymentId: number }).paymentId),
  }));
  void queue.process(SWEEP_OFFLINE_DEADLINES_JOB, 1, () => sweepOfflineDeadlines(deps));
  await queue.add(SWEEP_OFFLINE_DEADLINES_JOB, {}, { repeat: { every: 600_000 }, jobId: SWEEP_OFFLINE_DEADLINES_JOB });
}
