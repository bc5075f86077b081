import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { LedgerEntryView, WithdrawalPreview, WithdrawalView } from '@mall/shared';
import {
  appendByKey,
  disputeReasonProblem,
  fenToAmountInput,
  ledgerRowOf,
  limitsOf,
  needsReceiptConfirm,
  parseAmountInput,
  statementActionsOf,
  withdrawalRowOf,
} from './money';

const withdrawal = (over: Partial<WithdrawalView> = {}): WithdrawalView => ({
  withdrawalNo: 'W20261201ABCD1234',
  amountFen: 10_000,
  feeFen: 150,
  netFen: 9_850,
  channel: 'wechat',
  status: 'requested',
  bankName: null,
  accountMasked: null,
  reason: null,
  transferState: null,
  requestedAt: '2026-12-01T02:00:00.000Z',
  paidAt: null,
  ...over,
});

const preview = (over: Partial<WithdrawalPreview> = {}): WithdrawalPreview => ({
  amountFen: 10_000,
  feeFen: 150,
  netFen: 9_850,
  minFen: 100,
  feeBps: 100,
  feeFixedFen: 50,
  availableFen: 20_000,
  todayCount: 1,
  todayAmountFen: 500,
  dailyCount: 3,
  dailyAmountFen: 5_000_000,
  refusal: null,
  ...over,
});

describe('the amount the member types', () => {
  it.each([
    ['12', { fen: 1_200 }],
    ['12.3', { fen: 1_230 }],
    ['0.01', { fen: 1 }],
    [' 8.50 ', { fen: 850 }],
    ['', { problem: '请输入提现金额' }],
    ['1.234', { problem: '金额最多两位小数' }],
    ['-5', { problem: '金额最多两位小数' }],
    ['abc', { problem: '金额最多两位小数' }],
    ['0', { problem: '提现金额须大于 0' }],
    ['0.00', { problem: '提现金额须大于 0' }],
  ])('%j → %j', (text, expected) => expect(parseAmountInput(text)).toEqual(expected));

  it('全部 fills the available balance in yuan, and nothing when there is none', () => {
    expect(fenToAmountInput(12_345)).toBe('123.45');
    expect(fenToAmountInput(0)).toBe('');
  });
});

describe('the limits line comes from the server preview', () => {
  it.each([
    [{ feeBps: 100, feeFixedFen: 50 }, '最低提现 ¥1.00，手续费 1% + ¥0.50/笔'],
    [{ feeBps: 150, feeFixedFen: 0 }, '最低提现 ¥1.00，手续费 1.5%'],
    [{ feeBps: 0, feeFixedFen: 200 }, '最低提现 ¥1.00，手续费 ¥2.00/笔'],
    [{ feeBps: 0, feeFixedFen: 0 }, '最低提现 ¥1.00，免手续费'],
  ])('%j', (fee, line) => expect(limitsOf(preview(fee))[0]).toBe(line));

  it('says today’s use against the daily limits', () => {
    expect(limitsOf(preview())[1]).toBe('每日最多 3 笔、¥50000.00；今日已提 1 笔、¥5.00');
  });
});

describe('statements', () => {
  it.each([
    ['open', { canConfirm: true, canDispute: true }],
    ['disputed', { canConfirm: false, canDispute: false }], // the shop resolves it
    ['confirmed', { canConfirm: false, canDispute: false }],
  ] as const)('%s → %j', (status, actions) => expect(statementActionsOf(status)).toEqual(actions));

  it.each([
    ['', '请写明异议原因（至少 2 个字）'],
    [' 少 ', '请写明异议原因（至少 2 个字）'],
    ['少算了一笔', null],
    ['字'.repeat(201), '异议原因最多 200 字'],
  ])('a dispute reason %j → %j', (reason, problem) => expect(disputeReasonProblem(reason)).toBe(problem));
});

describe('withdrawals', () => {
  it('a WeChat transfer waiting for the member offers 确认收款, nothing else does', () => {
    expect(needsReceiptConfirm(withdrawal({ status: 'transferring', transferState: 'WAIT_USER_CONFIRM' }))).toBe(true);
    expect(needsReceiptConfirm(withdrawal({ status: 'transferring', transferState: 'ACCEPTED' }))).toBe(false);
    expect(needsReceiptConfirm(withdrawal({ status: 'approved' }))).toBe(false);
    expect(
      needsReceiptConfirm(withdrawal({ channel: 'bank', status: 'transferring', transferState: 'WAIT_USER_CONFIRM' })),
    ).toBe(false);
  });

  it('reads as the member sees it', () => {
    expect(withdrawalRowOf(withdrawal({ status: 'transferring', transferState: 'WAIT_USER_CONFIRM' }))).toMatchObject({
      amount: '¥100.00',
      fee: '¥1.50',
      net: '¥98.50',
      to: '微信零钱',
      statusLabel: '待确认收款',
      note: '商家已发起转账，请确认收款',
      canConfirmReceipt: true,
    });
    expect(
      withdrawalRowOf(
        withdrawal({ channel: 'bank', bankName: '招商银行', accountMasked: '**** 1234', status: 'failed' }),
      ),
    ).toMatchObject({ to: '招商银行 **** 1234', statusLabel: '打款失败', note: '金额已退回可提现余额' });
    expect(withdrawalRowOf(withdrawal({ status: 'rejected', reason: '账户异常' })).note).toBe('原因：账户异常');
  });
});

describe('ledger entries', () => {
  const entry = (over: Partial<LedgerEntryView>): LedgerEntryView => ({
    id: 1,
    account: 'available',
    kind: 'statement_confirmed',
    amountFen: 1_000,
    balanceAfterFen: 1_000,
    memo: 'ST20261201000000M7',
    createdAt: '2026-12-01T02:00:00.000Z',
    ...over,
  });

  it('signs money in and out, and names the movement', () => {
    expect(ledgerRowOf(entry({}))).toMatchObject({
      title: '结算单确认',
      account: '可提现',
      amount: '+¥10.00',
      isIncome: true,
      balanceAfter: '¥10.00',
    });
    expect(ledgerRowOf(entry({ kind: 'withdrawal_requested', amountFen: -600, balanceAfterFen: 400 }))).toMatchObject({
      title: '申请提现',
      amount: '-¥6.00',
      isIncome: false,
    });
    expect(ledgerRowOf(entry({ kind: 'something_new' })).title).toBe('余额变动');
  });
});

it('a next page keeps the first copy of a row that moved down meanwhile', () => {
  const rows = (...ns: string[]) => ns.map((no) => ({ no }));
  expect(appendByKey(rows('a', 'b'), rows('b', 'c'), (r) => r.no)).toEqual(rows('a', 'b', 'c'));
});

it('the money pages never word anything as recruiting or unlocking by sharing (config/forbidden-words.json)', () => {
  const words = JSON.parse(readFileSync(join(__dirname, '../../../../../config/forbidden-words.json'), 'utf8')) as {
    pyramid: string[];
  };
  const files = [
    'lib/money.ts',
    ...['statements', 'statement', 'withdraw', 'withdrawals', 'ledger'].map((p) => `pages/${p}/index.tsx`),
  ];
  for (const file of files) {
    const source = readFileSync(join(__dirname, '..', file), 'utf8');
    for (const word of [...words.pyramid, '解锁', '拉人', '下线', '招募']) expect(source).not.toContain(word);
  }
});
