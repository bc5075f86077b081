import type { Transaction } from 'sequelize';
import { assertTransition, withdrawalTransitions, type WithdrawalStatus } from '@mall/shared';
import { forUpdate, withTx } from '../../platform/db/database';
import { DomainError, NotFoundError, ValidationError } from '../../platform/errors';
import type { AdminActor } from '../../platform/http/api-router';
import type { PlatformDeps } from '../../platform/deps';
import { enqueueAfterCommit } from '../../platform/queue/queues';
import { recordAudit } from '../admin';
import { assertNoOpenRisk } from './fund-risk';
import { openWithdrawalAccounts, postReturned } from './withdrawal-postings';
import { toAdminWithdrawalView } from './withdrawal-views';
import { Withdrawal, WithdrawalDailyTotal } from './withdrawal.model';

export const TRANSFER_JOB = 'withdrawal-transfer';
export const transferJobId = (withdrawalNo: string) => `withdrawal-transfer:${withdrawalNo}`;

export async function lockWithdrawal(withdrawalNo: string, t: Transaction): Promise<Withdrawal> {
  const row = await Withdrawal.findOne({ where: { withdrawalNo }, ...forUpdate(t) });
  if (!row) throw new NotFoundError('This withdrawal', 'withdrawalNo');
  return row;
}

export async function moveWithdrawal(
  row: Withdrawal,
  to: WithdrawalStatus,
  fields: Partial<Pick<Withdrawal, 'reason' | 'paidAt' | 'transferState' | 'packageInfo' | 'batchNo'>>,
  t: Transaction,
) {
  assertTransition('withdrawal', withdrawalTransitions, row.status, to);
  await row.update({ status: to, ...fields }, { transaction: t });
}

/**
 * A rejected request does not count against the member's day: its count and amount go back to the day it was
 * asked on (the member may ask again, corrected). A payout that fails keeps its place: it was a real attempt.
 */
async function giveQuotaBack(row: Withdrawal, t: Transaction) {
  const day = await WithdrawalDailyTotal.findOne({
    where: { memberId: row.memberId, day: row.requestedDay },
    ...forUpdate(t),
  });
  if (!day) return;
  await day.update(
    { count: Math.max(0, day.count - 1), amountFen: Math.max(0, day.amountFen - row.amountFen) },
    { transaction: t },
  );
}

/**
 * Finance reviews a withdrawal. Reject (with a reason) gives the amount back to the available balance. Approve: at
 * or below the dual-review threshold one approval does; above it a first approval, then a second by another admin
 * (maker-checker). An approved WeChat withdrawal goes to WeChat Pay as a transfer bill (a job after commit); a bank
 * one waits for the next batch file. Audited in the same transaction.
 */
export async function reviewWithdrawal(
  deps: PlatformDeps,
  actor: AdminActor,
  withdrawalNo: string,
  decision: { action: 'approve' | 'reject'; reason?: string },
) {
  if (decision.action === 'reject' && !decision.reason)
    throw new ValidationError('Say why the withdrawal is rejected', 'reason');
  const peek = await Withdrawal.findOne({ where: { withdrawalNo }, attributes: ['memberId'] });
  if (!peek) throw new NotFoundError('This withdrawal', 'withdrawalNo');
  await openWithdrawalAccounts(peek.memberId);
  return withTx(deps.sequelize, async (t) => {
    const row = await lockWithdrawal(withdrawalNo, t);
    const before = { status: row.status, firstReviewer: row.firstReviewer };
    if (row.status !== 'requested' && row.status !== 'first_approved')
      throw new DomainError('WITHDRAWAL_NOT_REVIEWABLE', `This withdrawal is ${row.status}`, 409);
    const now = new Date();
    if (decision.action === 'approve') await assertNoOpenRisk(row, t);
    if (decision.action === 'reject') {
      await postReturned(t, row, 'rejected');
      await moveWithdrawal(row, 'rejected', { reason: decision.reason }, t);
      await giveQuotaBack(row, t);
    } else if (row.status === 'requested') {
      await row.update(
        { firstReviewerId: actor.adminId, firstReviewer: actor.username, firstReviewedAt: now },
        { transaction: t },
      );
      await moveWithdrawal(row, row.needsTwo ? 'first_approved' : 'approved', {}, t);
    } else {
      if (row.firstReviewerId === actor.adminId)
        throw new DomainError(
          'SECOND_REVIEWER_REQUIRED',
          'A second, different admin must approve this withdrawal',
          409,
        );
      await row.update(
        { secondReviewerId: actor.adminId, secondReviewer: actor.username, secondReviewedAt: now },
        { transaction: t },
      );
      await moveWithdrawal(row, 'approved', {}, t);
    }
    if ((row.status as WithdrawalStatus) === 'approved' && row.channel === 'wechat')
      enqueueAfterCommit(
        t,
        deps.queues.withdrawals,
        TRANSFER_JOB,
        { withdrawalNo },
        { jobId: transferJobId(withdrawalNo) },
        deps.logger,
      );
    await recordAudit(
      actor,
      {
        action: `withdrawals.${decision.action}`,
        targetType: 'withdrawal',
        targetId: withdrawalNo,
        before,
        after: { status: row.status, amountFen: row.amountFen, needsTwo: row.needsTwo },
        reason: decision.reason,
      },
      t,
    );
    return toAdminWithdrawalView(row);
  });
}
