import type { PlatformBillRow } from '../../integrations/platform-bill';
import { compareBill, statusesAgree, type OurSide } from './compare-bill';

const pay = (outTradeNo: string, amountFen: number, status = 'SUCCESS'): PlatformBillRow => ({
  kind: 'payment',
  outTradeNo,
  refundNo: null,
  platformId: `T${outTradeNo}`,
  amountFen,
  status,
  at: '2026-12-01 10:00:00',
});
const refund = (refundNo: string, amountFen: number, status = 'SUCCESS'): PlatformBillRow => ({
  ...pay('A', amountFen, status),
  kind: 'refund',
  refundNo,
});
const ours: OurSide = {
  payments: [
    { paymentId: 1, outTradeNo: 'A', amountFen: 1000, status: 'succeeded' },
    { paymentId: 2, outTradeNo: 'B', amountFen: 500, status: 'refunded' },
  ],
  refunds: [{ refundId: 7, refundNo: 'R1', outTradeNo: 'A', amountFen: 300, status: 'succeeded' }],
};
const none: OurSide = { payments: [], refunds: [] };

test.each([
  ['the same day on both sides', [pay('A', 1000), pay('B', 500), refund('R1', 300)], []],
  ['a payment we do not know', [pay('A', 1000), pay('B', 500), refund('R1', 300), pay('X', 1)], ['missing_ours:X']],
  ['a payment the bill lacks', [pay('A', 1000), refund('R1', 300)], ['missing_theirs:B']],
  ['a refund the bill lacks', [pay('A', 1000), pay('B', 500)], ['missing_theirs:R1']],
  ['a payment amount off by a fen', [pay('A', 1001), pay('B', 500), refund('R1', 300)], ['amount_differs:A']],
  [
    'a revoked payment we count as paid',
    [pay('A', 1000, 'REVOKED'), pay('B', 500), refund('R1', 300)],
    ['status_differs:A'],
  ],
  ['a refund closed on the bill', [pay('A', 1000), pay('B', 500), refund('R1', 300, 'CLOSED')], ['status_differs:R1']],
  [
    'a refund still processing on the bill (a snapshot)',
    [pay('A', 1000), pay('B', 500), refund('R1', 300, 'PROCESSING')],
    [],
  ],
  [
    'amount and status both off: the amount is reported',
    [pay('A', 9, 'REVOKED'), pay('B', 500), refund('R1', 300)],
    ['amount_differs:A'],
  ],
] as const)('%s', (_name, theirs, expected) => {
  const found = compareBill(theirs as unknown as PlatformBillRow[], ours, none);
  expect(found.map((m) => `${m.kind}:${m.refundNo ?? m.outTradeNo}`).sort()).toEqual([...expected].sort());
});

test('a bill row that is ours from another day is compared, not reported missing', () => {
  const other: OurSide = {
    payments: [{ paymentId: 9, outTradeNo: 'Y', amountFen: 200, status: 'succeeded' }],
    refunds: [],
  };
  expect(compareBill([pay('Y', 200)], none, other)).toEqual([]);
  expect(
    compareBill([pay('Y', 200)], none, { ...other, payments: [{ ...other.payments[0], status: 'pending' }] }),
  ).toEqual([
    expect.objectContaining({ kind: 'status_differs', paymentId: 9, ourStatus: 'pending', theirStatus: 'SUCCESS' }),
  ]);
});

test.each([
  ['交易', 'succeeded', true],
  ['交易', 'closed', false],
  ['SUCCESS', 'refunded', true],
] as const)('payment %s agrees with ours %s: %s', (theirs, our, agrees) => {
  expect(statusesAgree(pay('A', 1, theirs), our)).toBe(agrees);
});

test.each([
  ['退款', 'succeeded', true],
  ['退款', 'failed', false],
  ['PROCESSING', 'failed', false],
  ['ABNORMAL', 'closed', true],
] as const)('refund %s agrees with ours %s: %s', (theirs, our, agrees) => {
  expect(statusesAgree(refund('R', 1, theirs), our)).toBe(agrees);
});
