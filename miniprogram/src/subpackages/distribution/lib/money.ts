import {
  formatYuan,
  statementTransitions,
  STATEMENT_STATUS_LABELS,
  WITHDRAWAL_STATUS_LABELS,
  yuanStringToFen,
  type LedgerEntryView,
  type StatementView,
  type WalletAccount,
  type WithdrawalPreview,
  type WithdrawalView,
} from '@mall/shared';
import { formatLocal } from '../../../lib/time';

/**
 * The money pages' rules, kept out of the pages so they are tested as plain functions: what the member typed as an
 * amount, what a statement still allows, how a withdrawal and a balance movement read.
 */

/** "12.5" → 1250 fen; a problem for what is not a positive yuan amount with at most two decimals. */
export function parseAmountInput(text: string): { fen: number } | { problem: string } {
  const trimmed = text.trim();
  if (!trimmed) return { problem: '请输入提现金额' };
  if (!/^\d+(\.\d{1,2})?$/.test(trimmed)) return { problem: '金额最多两位小数' };
  const fen = yuanStringToFen(trimmed);
  if (fen <= 0) return { problem: '提现金额须大于 0' };
  return { fen };
}

/** The limits line under the amount, from the server's preview (the page never computes a fee itself). */
export function limitsOf(p: WithdrawalPreview): string[] {
  const parts = [
    ...(p.feeBps > 0 ? [bpsAsPercent(p.feeBps)] : []),
    ...(p.feeFixedFen > 0 ? [`${formatYuan(p.feeFixedFen)}/笔`] : []),
  ];
  const fee = parts.length ? `手续费 ${parts.join(' + ')}` : '免手续费';
  return [
    `最低提现 ${formatYuan(p.minFen)}，${fee}`,
    `每日最多 ${p.dailyCount} 笔、${formatYuan(p.dailyAmountFen)}；今日已提 ${p.todayCount} 笔、${formatYuan(p.todayAmountFen)}`,
  ];
}

function bpsAsPercent(bps: number): string {
  const hundredths = String(bps % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${Math.floor(bps / 100)}${hundredths ? `.${hundredths}` : ''}%`;
}

/** What the statement still allows: confirm and dispute while open; a disputed one waits for the shop. */
export function statementActionsOf(status: StatementView['status']): { canConfirm: boolean; canDispute: boolean } {
  const next = statementTransitions[status] as readonly string[];
  return { canConfirm: status === 'open' && next.includes('confirmed'), canDispute: next.includes('disputed') };
}

/** The server takes 2 to 200 characters (trimmed). */
export function disputeReasonProblem(reason: string): string | null {
  const length = reason.trim().length;
  if (length < 2) return '请写明异议原因（至少 2 个字）';
  if (length > 200) return '异议原因最多 200 字';
  return null;
}

export interface StatementRow {
  statementNo: string;
  period: string;
  total: string;
  settled: string | null;
  status: StatementView['status'];
  statusLabel: string;
  lines: string;
}

export function statementRowOf(s: StatementView): StatementRow {
  return {
    statementNo: s.statementNo,
    // periodEnd is the cycle's end instant (00:00 of the next cycle): the last day covered is the day before
    period: `截至 ${formatLocal(new Date(new Date(s.periodEnd).getTime() - 1).toISOString())}`,
    total: formatYuan(s.totalFen),
    settled: s.status === 'confirmed' ? formatYuan(s.settledFen) : null,
    status: s.status,
    statusLabel: STATEMENT_STATUS_LABELS[s.status],
    lines: `${s.lineCount} 笔佣金`,
  };
}

/** A WeChat transfer waits for the member on WeChat's confirm-receipt page (商家转账, the 2025 version). */
export const needsReceiptConfirm = (w: WithdrawalView): boolean =>
  w.channel === 'wechat' &&
  w.status === 'transferring' &&
  (w.transferState === 'WAIT_USER_CONFIRM' || w.transferState === 'TRANSFERING');

export interface WithdrawalRow {
  withdrawalNo: string;
  amount: string;
  fee: string;
  net: string;
  to: string;
  status: WithdrawalView['status'];
  statusLabel: string;
  note: string | null;
  requestedAt: string;
  paidAt: string | null;
  canConfirmReceipt: boolean;
}

export function withdrawalRowOf(w: WithdrawalView): WithdrawalRow {
  const canConfirmReceipt = needsReceiptConfirm(w);
  let note: string | null = null;
  if (w.reason) note = `原因：${w.reason}`;
  else if (canConfirmReceipt) note = '商家已发起转账，请确认收款';
  else if (w.status === 'rejected' || w.status === 'failed') note = '金额已退回可提现余额';
  return {
    withdrawalNo: w.withdrawalNo,
    amount: formatYuan(w.amountFen),
    fee: formatYuan(w.feeFen),
    net: formatYuan(w.netFen),
    to: w.channel === 'wechat' ? '微信零钱' : `${w.bankName ?? '银行卡'} ${w.accountMasked ?? ''}`.trim(),
    status: w.status,
    statusLabel: WITHDRAWAL_STATUS_LABELS[w.status],
    note,
    requestedAt: formatLocal(w.requestedAt, true),
    paidAt: w.paidAt ? formatLocal(w.paidAt, true) : null,
    canConfirmReceipt,
  };
}

export const WALLET_ACCOUNT_LABELS: Record<WalletAccount, string> = {
  available: '可提现',
  frozen: '冻结中',
  settling: '待确认',
  receivable: '待扣回',
};

const MOVEMENT_LABELS: Record<string, string> = {
  commission_accrued: '佣金入账（冻结）',
  commission_released: '佣金解冻',
  commission_reversed: '退款退回佣金',
  statement_confirmed: '结算单确认',
  withdrawal_requested: '申请提现',
  withdrawal_rejected: '提现驳回退回',
  withdrawal_failed: '提现失败退回',
  withdrawal_paid: '提现到账',
};

export interface LedgerRow {
  id: number;
  title: string;
  account: string;
  amount: string;
  isIncome: boolean;
  balanceAfter: string;
  memo: string | null;
  at: string;
}

export function ledgerRowOf(e: LedgerEntryView): LedgerRow {
  const isIncome = e.amountFen > 0;
  return {
    id: e.id,
    title: MOVEMENT_LABELS[e.kind] ?? '余额变动',
    account: WALLET_ACCOUNT_LABELS[e.account],
    amount: `${isIncome ? '+' : ''}${formatYuan(e.amountFen)}`,
    isIncome,
    balanceAfter: formatYuan(e.balanceAfterFen),
    memo: e.memo,
    at: formatLocal(e.createdAt, true),
  };
}

export type LedgerTab = 'all' | WalletAccount;

export const LEDGER_TABS: { tab: LedgerTab; label: string }[] = [
  { tab: 'all', label: '全部' },
  { tab: 'available', label: WALLET_ACCOUNT_LABELS.available },
  { tab: 'frozen', label: WALLET_ACCOUNT_LABELS.frozen },
  { tab: 'settling', label: WALLET_ACCOUNT_LABELS.settling },
];

/** The next page after the ones shown, keeping the first of a row that moved down a page meanwhile. */
export function appendByKey<T>(shown: readonly T[], next: readonly T[], keyOf: (row: T) => string | number): T[] {
  const seen = new Set(shown.map(keyOf));
  return [...shown, ...next.filter((row) => !seen.has(keyOf(row)))];
}

/** 12345 → "123.45": what 全部 puts in the amount field. */
export const fenToAmountInput = (fen: number): string => (fen > 0 ? formatYuan(fen).replace('¥', '') : '');
