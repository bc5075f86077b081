import { Op } from 'sequelize';
import { TRANSFER_REAL_NAME_FROM_FEN, WechatPayApiError, type TransferBill } from '../../integrations/wechatpay';
import { withTx } from '../../platform/db/database';
import { DomainError } from '../../platform/errors';
import { enqueueAfterCommit } from '../../platform/queue/queues';
import { openidOf, withdrawalIdentityOf } from '../members';
import { lockWithdrawal, moveWithdrawal } from './review-withdrawal';
import { openWithdrawalAccounts, postPaid, postReturned } from './withdrawal-postings';
import { Withdrawal } from './withdrawal.model';
import type { WithdrawalsDeps } from './withdrawals-deps';

export const TRANSFER_QUERY_JOB = 'withdrawal-transfer-query';
const FINAL_STATES = new Set(['SUCCESS', 'FAIL', 'CANCELLED']);

/**
 * An approved WeChat withdrawal becomes a transfer bill at WeChat Pay, out_bill_no = the withdrawal number (so a
 * retried job, or a job after a lost answer, finds the same bill and never pays twice). The bill waits for the
 * member to confirm in the mini-program (WAIT_USER_CONFIRM with package_info). A refusal of the request itself
 * (4xx: a bad openid, the scene not open) fails the withdrawal and gives the amount back; anything else is retried.
 */
export async function startTransfer(deps: WithdrawalsDeps, withdrawalNo: string): Promise<string> {
  const row = await Withdrawal.findOne({ where: { withdrawalNo } });
  if (!row || row.channel !== 'wechat' || row.status !== 'approved') return 'nothing_to_do';
  const openid = await openidOf(row.memberId);
  const identity = row.netFen >= TRANSFER_REAL_NAME_FROM_FEN ? await withdrawalIdentityOf(row.memberId) : null;
  const cfg = deps.config.withdrawals;
  let bill: TransferBill;
  try {
    if (!openid) throw new WechatPayApiError(400, 'OPENID_INVALID', 'the member has no WeChat openid');
    bill = await deps.merchantTransfers.createTransferBill({
      outBillNo: row.withdrawalNo,
      openid,
      amountFen: row.netFen,
      remark: '佣金提现',
      sceneId: cfg.transferSceneId,
      reportInfos: cfg.transferReportInfos,
      userName: identity?.realName ?? undefined,
      userRecvPerception: undefined,
      notifyUrl: cfg.transferNotifyUrl,
    });
  } catch (error) {
    // a refusal of the bill itself (PARAM_ERROR, INVALID_REQUEST, NO_AUTH...); a 401, 429 or 5xx is tried again
    const refused = error instanceof WechatPayApiError && (error.httpStatus === 400 || error.httpStatus === 403);
    if (!refused) throw error;
    deps.logger.warn({ withdrawalNo, code: error.code }, 'wechat transfer refused: the withdrawal fails');
    return applyTransferBill(deps, withdrawalNo, { outBillNo: withdrawalNo, state: 'FAIL', failReason: error.code });
  }
  return applyTransferBill(deps, withdrawalNo, bill, { started: true });
}

/**
 * A bill's state, from the create answer, a query or a notification, applied once: SUCCESS pays the withdrawal
 * out in the ledger (the net amount through clearing, the fee to payout fees), FAIL and CANCELLED give the amount
 * back; states on the way are recorded (with package_info while the member has to confirm). A final withdrawal
 * changes no more: a duplicate notification answers `duplicate`.
 */
export async function applyTransferBill(
  deps: WithdrawalsDeps,
  withdrawalNo: string,
  bill: TransferBill,
  opts: { started?: boolean } = {},
): Promise<string> {
  const peek = await Withdrawal.findOne({ where: { withdrawalNo }, attributes: ['memberId'] });
  if (!peek) return 'unknown';
  await openWithdrawalAccounts(peek.memberId);
  return withTx(deps.sequelize, async (t) => {
    const row = await lockWithdrawal(withdrawalNo, t);
    if (row.status === 'paid' || row.status === 'failed') return 'duplicate';
    if (row.status !== 'approved' && row.status !== 'transferring') return `ignored_${row.status}`;
    if (row.status === 'approved') {
      await moveWithdrawal(row, 'transferring', {}, t);
      await row.update({ transferStartedAt: new Date() }, { transaction: t });
    }
    await row.update(
      {
        transferState: bill.state,
        transferBillNo: bill.transferBillNo ?? row.transferBillNo,
        ...(bill.packageInfo ? { packageInfo: bill.packageInfo } : {}),
      },
      { transaction: t },
    );
    if (bill.state === 'SUCCESS') {
      await postPaid(t, row);
      await moveWithdrawal(row, 'paid', { paidAt: new Date(), packageInfo: null }, t);
    } else if (bill.state === 'FAIL' || bill.state === 'CANCELLED') {
      await postReturned(t, row, 'failed');
      await moveWithdrawal(
        row,
        'failed',
        {
          reason: `微信转账${bill.state === 'FAIL' ? '失败' : '已撤销'}：${bill.failReason ?? bill.state}`,
          packageInfo: null,
        },
        t,
      );
    } else if (opts.started) {
      // a notification may be lost: the bill is asked about later
      enqueueAfterCommit(
        t,
        deps.queues.withdrawals,
        TRANSFER_QUERY_JOB,
        { withdrawalNo },
        {
          jobId: `withdrawal-query:${withdrawalNo}`,
          delay: deps.config.withdrawals.transferQueryAfterMinutes * 60_000,
        },
        deps.logger,
      );
    }
    return FINAL_STATES.has(bill.state) ? `transfer_${bill.state.toLowerCase()}` : `state_${bill.state}`;
  });
}

/** 主动查单 for a transfer: what WeChat Pay says now, applied (a bill it never saw is made again, same number). */
export async function syncTransfer(deps: WithdrawalsDeps, withdrawalNo: string): Promise<string> {
  const row = await Withdrawal.findOne({ where: { withdrawalNo } });
  if (!row || row.channel !== 'wechat') return 'nothing_to_do';
  if (row.status === 'approved') return startTransfer(deps, withdrawalNo);
  if (row.status !== 'transferring') return 'nothing_to_do';
  const bill = await deps.merchantTransfers.queryTransferBill(withdrawalNo);
  if (!bill) return startTransfer(deps, withdrawalNo);
  return applyTransferBill(deps, withdrawalNo, bill);
}

/**
 * The sweep behind lost jobs and notifications: approved WeChat withdrawals with no bill yet, and bills not
 * finished `transferQueryAfterMinutes` after they were made, are asked about again.
 */
export async function sweepTransfers(deps: WithdrawalsDeps, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - deps.config.withdrawals.transferQueryAfterMinutes * 60_000);
  const rows = await Withdrawal.findAll({
    where: {
      channel: 'wechat',
      [Op.or]: [
        { status: 'approved', updatedAt: { [Op.lt]: new Date(now.getTime() - 60_000) } },
        { status: 'transferring', transferStartedAt: { [Op.lt]: before } },
      ],
    },
    attributes: ['withdrawalNo'],
    order: [['id', 'ASC']],
    limit: 200,
  });
  for (const row of rows) {
    try {
      await syncTransfer(deps, row.withdrawalNo);
    } catch (error) {
      deps.logger.warn({ withdrawalNo: row.withdrawalNo, err: (error as Error).message }, 'transfer sync failed');
    }
  }
  return rows.length;
}

/**
 * 撤销: a transfer still waiting for the member's confirmation is withdrawn at WeChat Pay (out_bill_no = the
 * withdrawal number). CANCELLED fails the withdrawal and gives the amount back; CANCELING is recorded and the
 * notification, the query job or the sweep brings the end. A bill that moved on meanwhile (the member confirmed)
 * is refused and its state applied.
 */
export async function cancelTransfer(deps: WithdrawalsDeps, withdrawalNo: string): Promise<string> {
  const row = await Withdrawal.findOne({ where: { withdrawalNo } });
  if (!row) throw new DomainError('NOT_FOUND', 'This withdrawal was not found', 404, 'withdrawalNo');
  if (row.channel !== 'wechat' || row.status !== 'transferring' || row.transferState !== 'WAIT_USER_CONFIRM')
    throw new DomainError(
      'TRANSFER_NOT_CANCELLABLE',
      `Only a WeChat transfer waiting for the member's confirmation can be withdrawn; this one is ${row.status}${row.transferState ? ` (${row.transferState})` : ''}`,
      409,
    );
  let bill: TransferBill;
  try {
    bill = await deps.merchantTransfers.cancelTransferBill(withdrawalNo);
  } catch (error) {
    if (!(error instanceof WechatPayApiError) || error.httpStatus !== 400) throw error;
    await syncTransfer(deps, withdrawalNo); // it moved on: what WeChat Pay says now is applied
    throw new DomainError('TRANSFER_NOT_CANCELLABLE', `WeChat Pay refused to cancel: ${error.code}`, 409);
  }
  return applyTransferBill(deps, withdrawalNo, { ...bill, outBillNo: withdrawalNo });
}

/** What the mini-program hands to wx.requestMerchantTransfer, while the bill waits for the member. */
export async function transferForMember(deps: WithdrawalsDeps, row: Withdrawal) {
  if (row.channel !== 'wechat') throw new DomainError('NOT_A_WECHAT_WITHDRAWAL', 'This withdrawal goes to a bank', 409);
  if (row.status !== 'transferring' || !row.transferState)
    throw new DomainError('TRANSFER_NOT_READY', `This withdrawal is ${row.status}: there is nothing to confirm`, 409);
  return {
    withdrawalNo: row.withdrawalNo,
    state: row.transferState,
    mchId: deps.wechatpayConfig.mchId,
    appId: deps.wechatpayConfig.appId,
    package: row.packageInfo ?? null,
  };
}
