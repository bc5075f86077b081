import { refusalFor, withdrawalFeeFen, type WithdrawalRules } from './withdrawal-rules';

const rules: WithdrawalRules = {
  minFen: 100,
  feeBps: 60,
  feeFixedFen: 10,
  dailyCount: 3,
  dailyAmountFen: 10_000,
  dualReviewAboveFen: 5_000,
  transferSceneId: '1005',
  transferReportInfos: [],
  transferNotifyUrl: 'https://shop.example/api/withdrawals/wechat/notify',
  transferQueryAfterMinutes: 10,
  risk: {
    largeAmountFen: 0,
    frequentCount: 0,
    frequentHours: 24,
    newMemberDays: 0,
    sharedIdentityMembers: 0,
    spikeFactor: 0,
    spikeMinFen: 0,
  },
};

test.each([
  [100, 10], // 0.6% of 1 yuan rounds down to 0
  [167, 11],
  [10_000, 70],
  [123_456, 750],
])('the fee of %i fen is %i fen (bps rounded down, plus fixed)', (amountFen, feeFen) => {
  expect(withdrawalFeeFen(rules, amountFen)).toBe(feeFen);
});

test.each([
  ['below the minimum', 99, { count: 0, amountFen: 0 }, undefined, 'WITHDRAWAL_BELOW_MINIMUM'],
  ['the minimum itself', 100, { count: 0, amountFen: 0 }, undefined, null],
  ['the day’s count is used', 100, { count: 3, amountFen: 300 }, undefined, 'DAILY_WITHDRAWAL_COUNT_EXCEEDED'],
  [
    'the day’s amount would be passed',
    5_001,
    { count: 1, amountFen: 5_000 },
    undefined,
    'DAILY_WITHDRAWAL_AMOUNT_EXCEEDED',
  ],
  ['exactly the day’s amount', 5_000, { count: 2, amountFen: 5_000 }, undefined, null],
  ['more than available', 2_000, { count: 0, amountFen: 0 }, 1_999, 'INSUFFICIENT_BALANCE'],
  ['all that is available', 2_000, { count: 0, amountFen: 0 }, 2_000, null],
])('%s', (_name, amountFen, day, availableFen, code) => {
  expect(refusalFor(rules, amountFen, day, availableFen)?.code ?? null).toBe(code);
});

test('a fixed fee as large as the amount is refused', () => {
  expect(refusalFor({ ...rules, feeFixedFen: 100 }, 100, { count: 0, amountFen: 0 })?.code).toBe(
    'WITHDRAWAL_FEE_EXCEEDS_AMOUNT',
  );
});
