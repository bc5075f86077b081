import { couponRuleLabel, couponSaving, type CouponLine, type CouponRule } from './coupon-rules';

const amount = (amountOffFen: number, thresholdFen = 0): CouponRule => ({
  kind: 'amount',
  amountOffFen,
  percentOffBps: null,
  maxOffFen: null,
  thresholdFen,
  scope: 'all',
  scopeIds: [],
});
const percent = (percentOffBps: number, maxOffFen: number | null, thresholdFen = 0): CouponRule => ({
  ...amount(0, thresholdFen),
  kind: 'percent',
  amountOffFen: null,
  percentOffBps,
  maxOffFen,
});
// product 1 in category 11 (under 10), product 2 in category 20
const lines: CouponLine[] = [
  { productId: 1, categoryId: 11, payableFen: 10_000 },
  { productId: 2, categoryId: 20, payableFen: 5_000 },
];

test.each<[string, CouponRule, ReadonlySet<number> | undefined, number | string, number[] | null]>([
  ['no threshold: the amount off', amount(500), undefined, 500, [10_000, 5_000]],
  ['threshold met exactly', amount(2_000, 15_000), undefined, 2_000, [10_000, 5_000]],
  ['threshold missed by a fen', amount(2_000, 15_001), undefined, '还差¥0.01可用', null],
  ['never more than the lines cost', amount(99_999), undefined, 15_000, [10_000, 5_000]],
  ['percent below its cap', percent(1_000, 5_000), undefined, 1_500, [10_000, 5_000]],
  ['percent at its cap', percent(2_000, 1_500), undefined, 1_500, [10_000, 5_000]],
  ['percent without a cap', percent(2_000, null), undefined, 3_000, [10_000, 5_000]],
  [
    'percent rounds down (never a fraction in the shop’s disfavour)',
    percent(333, null),
    undefined,
    499,
    [10_000, 5_000],
  ],
  ['products scope: only product 2', { ...amount(800), scope: 'products', scopeIds: [2] }, undefined, 800, [0, 5_000]],
  [
    'products scope: the threshold counts only lines in scope',
    { ...amount(800, 6_000), scope: 'products', scopeIds: [2] },
    undefined,
    '还差¥10可用',
    null,
  ],
  [
    'categories scope with the descendants given',
    { ...percent(1_000, null), scope: 'categories', scopeIds: [10] },
    new Set([10, 11]),
    1_000,
    [10_000, 0],
  ],
  [
    'a scope matching no line',
    { ...amount(800), scope: 'products', scopeIds: [3] },
    undefined,
    '不适用于所选商品',
    null,
  ],
])('%s', (_, rule, categories, expected, weights) => {
  const saving = couponSaving(rule, lines, categories);
  if (typeof expected === 'string') expect(saving).toEqual({ usable: false, reason: expected });
  else expect(saving).toEqual({ usable: true, savingFen: expected, weights });
});

test('lines already paid off by earlier stages give the coupon nothing to take', () => {
  expect(couponSaving(amount(100), [{ productId: 1, categoryId: null, payableFen: 0 }])).toEqual({
    usable: false,
    reason: '不适用于所选商品',
  });
});

test.each<[string, CouponRule]>([
  ['无门槛减¥5', amount(500)],
  ['满¥100减¥20', amount(2_000, 10_000)],
  ['满¥99.90减¥10.50', amount(1_050, 9_990)],
  ['满¥200享8.5折 最高减¥30', percent(1_500, 3_000, 20_000)],
  ['无门槛9折', percent(1_000, null)],
  ['无门槛8折 最高减¥15', percent(2_000, 1_500)],
])('label %s', (label, rule) => {
  expect(couponRuleLabel(rule)).toBe(label);
});
