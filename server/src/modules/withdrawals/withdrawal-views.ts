import { Op, type WhereOptions } from 'sequelize';
import type { WithdrawalView } from '@mall/shared';
import type { WithdrawalChannel, WithdrawalStatus } from '@mall/shared';
import { NotFoundError } from '../../platform/errors';
import { Withdrawal } from './withdrawal.model';

export function toWithdrawalView(w: Withdrawal): WithdrawalView {
  return {
    withdrawalNo: w.withdrawalNo,
    amountFen: w.amountFen,
    feeFen: w.feeFen,
    netFen: w.netFen,
    channel: w.channel,
    status: w.status,
    bankName: w.bankName ?? null,
    accountMasked: w.accountLast4 ? `**** ${w.accountLast4}` : null,
    reason: w.reason ?? null,
    transferState: w.transferState ?? null,
    requestedAt: w.createdAt.toISOString(),
    paidAt: w.paidAt?.toISOString() ?? null,
  };
}

export function toAdminWithdrawalView(w: Withdrawal) {
  return {
    ...toWithdrawalView(w),
    memberId: w.memberId,
    needsTwo: w.needsTwo,
    firstReviewer: w.firstReviewer ?? null,
    secondReviewer: w.secondReviewer ?? null,
    transferBillNo: w.transferBillNo ?? null,
    batchNo: w.batchNo ?? null,
  };
}

/** One of the member's withdrawals; anyone else's is a 404, as if it did not exist. */
export async function memberWithdrawal(memberId: number, withdrawalNo: string): Promise<Withdrawal> {
  const row = await Withdrawal.findOne({ where: { withdrawalNo, memberId } });
  if (!row) throw new NotFoundError('This withdrawal', 'withdrawalNo');
  return row;
}

export async function listMemberWithdrawals(memberId: number, page: { page: number; pageSize: number }) {
  const { rows, count } = await Withdrawal.findAndCountAll({
    where: { memberId },
    order: [['id', 'DESC']],
    limit: page.pageSize,
    offset: (page.page - 1) * page.pageSize,
  });
  return { items: rows.map(toWithdrawalView), total: count, page: page.page, pageSize: page.pageSize };
}

export async function listWithdrawals(query: {
  status?: WithdrawalStatus;
  channel?: WithdrawalChannel;
  memberId?: number;
  page: number;
  pageSize: number;
}) {
  const where: WhereOptions<Withdrawal> = {
    ...(query.status ? { status: query.status } : {}),
    ...(query.channel ? { channel: query.channel } : {}),
    ...(query.memberId ? { memberId: query.memberId } : {}),
    id: { [Op.gt]: 0 },
  };
  const { rows, count } = await Withdrawal.findAndCountAll({
    where,
    order: [['id', 'ASC']],
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: rows.map(toAdminWithdrawalView), total: count, page: query.page, pageSize: query.pageSize };
}

export async function adminWithdrawal(withdrawalNo: string) {
  const row = await Withdrawal.findOne({ where: { withdrawalNo } });
  if (!row) throw new NotFoundError('This withdrawal', 'withdrawalNo');
  return toAdminWithdrawalView(row);
}
