import { randomInt } from 'node:crypto';
import { formatYuan } from '@mall/shared';
import { chinaDay } from '../../platform/china-day';
import { withTx } from '../../platform/db/database';
import { DomainError, NotFoundError } from '../../platform/errors';
import type { AdminActor } from '../../platform/http/api-router';
import type { PlatformDeps } from '../../platform/deps';
import { recordAudit } from '../admin';
import { memberDataCipher } from '../members';
import { lockWithdrawal, moveWithdrawal } from './review-withdrawal';
import { openWithdrawalAccounts, postPaid, postReturned } from './withdrawal-postings';
import { Withdrawal, WithdrawalBatch } from './withdrawal.model';
import { csvText } from '../../platform/csv';

const MAX_ROWS = 1_000;

const batchView = (batch: WithdrawalBatch, withdrawalNos: string[]) => ({
  batchNo: batch.batchNo,
  count: batch.count,
  totalNetFen: batch.totalNetFen,
  createdBy: batch.createdBy,
  createdAt: batch.createdAt.toISOString(),
  withdrawalNos,
});

/**
 * Finance makes a payout batch of every approved bank withdrawal (oldest first, at most 1,000): they move to
 * in_batch under the batch number, so none is sent to the bank twice. Audited with the rows it took.
 */
export async function createBankBatch(deps: PlatformDeps, actor: AdminActor) {
  return withTx(deps.sequelize, async (t) => {
    const rows = await Withdrawal.findAll({
      where: { channel: 'bank', status: 'approved' },
      order: [['id', 'ASC']],
      limit: MAX_ROWS,
      transaction: t,
      lock: t.LOCK.UPDATE,
    });
    if (rows.length === 0) throw new DomainError('NOTHING_TO_BATCH', 'No approved bank withdrawal is waiting', 409);
    const batchNo = `B${chinaDay(new Date()).replace(/-/g, '')}${String(randomInt(1_000_000)).padStart(6, '0')}`;
    const batch = await WithdrawalBatch.create(
      {
        batchNo,
        count: rows.length,
        totalNetFen: rows.reduce((sum, r) => sum + r.netFen, 0),
        createdBy: actor.username,
      },
      { transaction: t },
    );
    for (const row of rows) await moveWithdrawal(row, 'in_batch', { batchNo }, t);
    const withdrawalNos = rows.map((r) => r.withdrawalNo);
    await recordAudit(
      actor,
      {
        action: 'withdrawals.bank_batch',
        targetType: 'withdrawal_batch',
        targetId: batchNo,
        before: null,
        after: { count: batch.count, totalNetFen: batch.totalNetFen, withdrawalNos },
      },
      t,
    );
    return batchView(batch, withdrawalNos);
  });
}

const COLUMNS = [
  ['seq', '序号'],
  ['withdrawalNo', '提现单号'],
  ['accountName', '收款户名'],
  ['accountNo', '收款账号'],
  ['bankName', '开户银行'],
  ['amountYuan', '金额（元）'],
  ['remark', '用途'],
] as const;

/** The batch's file for the bank's bulk payment: holder, account number (decrypted here only), bank, net amount. */
export async function bankBatchFile(deps: PlatformDeps, batchNo: string, format: 'xlsx' | 'csv') {
  const batch = await WithdrawalBatch.findOne({ where: { batchNo } });
  if (!batch) throw new NotFoundError('This batch', 'batchNo');
  const cipher = memberDataCipher(deps.config.memberDataKey);
  const rows = (await Withdrawal.findAll({ where: { batchNo }, order: [['id', 'ASC']] })).map((w, i) => ({
    seq: i + 1,
    withdrawalNo: w.withdrawalNo,
    accountName: w.accountName ?? '',
    accountNo: w.accountNoCipher ? cipher.decrypt(w.accountNoCipher) : '',
    bankName: w.bankName ?? '',
    amountYuan: formatYuan(w.netFen).replace(/^¥/, ''),
    remark: '佣金提现',
  }));
  if (format === 'csv') {
    const lines = [COLUMNS.map(([, label]) => label), ...rows.map((r) => COLUMNS.map(([key]) => r[key]))];
    return {
      body: Buffer.from(csvText(lines), 'utf8'),
      contentType: 'text/csv; charset=utf-8',
      fileName: `${batchNo}.csv`,
      rows: rows.length,
    };
  }
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('代发');
  sheet.columns = COLUMNS.map(([key, header]) => ({ key, header, width: key === 'accountNo' ? 26 : 16 }));
  // account numbers as text: a number column would print 6.2E+18 and lose digits
  sheet.getColumn('accountNo').numFmt = '@';
  for (const row of rows) sheet.addRow(row);
  return {
    body: Buffer.from(await workbook.xlsx.writeBuffer()),
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    fileName: `${batchNo}.xlsx`,
    rows: rows.length,
  };
}

type RowResult = {
  withdrawalNo: string;
  ok: boolean;
  status: Withdrawal['status'] | null;
  error: { code: string; message: string } | null;
};

/**
 * What the bank did, row by row, each in its own transaction with its audit record: paid (the net amount left
 * through clearing, the fee to payout fees) or failed (the amount back to the member). A row already in the state
 * asked is reported ok (a re-sent result file changes nothing); a row of another batch or not in a batch is an
 * error for that row only.
 */
export async function settleBankBatch(
  deps: PlatformDeps,
  actor: AdminActor,
  batchNo: string,
  results: ReadonlyArray<{ withdrawalNo: string; outcome: 'paid' | 'failed'; reason?: string }>,
) {
  if (!(await WithdrawalBatch.findOne({ where: { batchNo } }))) throw new NotFoundError('This batch', 'batchNo');
  const rows: RowResult[] = [];
  for (const result of results) {
    try {
      rows.push(await settleRow(deps, actor, batchNo, result));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      rows.push({
        withdrawalNo: result.withdrawalNo,
        ok: false,
        status: null,
        error: { code: error.code, message: error.message },
      });
    }
  }
  // the report itself is on the record, also when no row changed
  await withTx(deps.sequelize, (t) =>
    recordAudit(
      actor,
      {
        action: 'withdrawals.bank_batch_results',
        targetType: 'withdrawal_batch',
        targetId: batchNo,
        before: null,
        after: {
          rows: rows.map((r) => ({ withdrawalNo: r.withdrawalNo, ok: r.ok, status: r.status, error: r.error?.code })),
        },
      },
      t,
    ),
  );
  return { rows };
}

async function settleRow(
  deps: PlatformDeps,
  actor: AdminActor,
  batchNo: string,
  result: { withdrawalNo: string; outcome: 'paid' | 'failed'; reason?: string },
): Promise<RowResult> {
  const peek = await Withdrawal.findOne({ where: { withdrawalNo: result.withdrawalNo }, attributes: ['memberId'] });
  if (!peek) throw new NotFoundError('This withdrawal', 'withdrawalNo');
  await openWithdrawalAccounts(peek.memberId);
  return withTx(deps.sequelize, async (t) => {
    const row = await lockWithdrawal(result.withdrawalNo, t);
    if (row.batchNo !== batchNo)
      throw new DomainError('NOT_IN_BATCH', `This withdrawal is not in batch ${batchNo}`, 409, 'withdrawalNo');
    if (row.status === result.outcome)
      return { withdrawalNo: row.withdrawalNo, ok: true, status: row.status, error: null };
    if (row.status !== 'in_batch')
      throw new DomainError('WITHDRAWAL_NOT_IN_BATCH_STATE', `This withdrawal is ${row.status}`, 409, 'withdrawalNo');
    const before = { status: row.status };
    if (result.outcome === 'paid') {
      await postPaid(t, row);
      await moveWithdrawal(row, 'paid', { paidAt: new Date() }, t);
    } else {
      await postReturned(t, row, 'failed');
      await moveWithdrawal(row, 'failed', { reason: `银行打款失败：${result.reason ?? '未说明'}` }, t);
    }
    await recordAudit(
      actor,
      {
        action: `withdrawals.bank_${result.outcome}`,
        targetType: 'withdrawal',
        targetId: row.withdrawalNo,
        before,
        after: { status: row.status, batchNo, netFen: row.netFen },
        reason: result.reason,
      },
      t,
    );
    return { withdrawalNo: row.withdrawalNo, ok: true, status: row.status, error: null };
  });
}
