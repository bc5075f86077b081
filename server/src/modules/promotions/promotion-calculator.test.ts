import { PromotionInput } from '@mall/shared/admin';
import {
  bestTier,
  discountShares,
  fullReductionShares,
  isInWindow,
  lineTotals,
  type ActivityRule,
  type CalcLine,
} from './promotion-calculator';

const now = new Date('2026-12-01T04:00:00Z');
const hours = (h: number) => new Date(now.getTime() + h * 3_600_000);

function rule(over: Partial<ActivityRule>): ActivityRule {
  return {
    id: 1,
    kind: 'discount',
    name: '活动',
    startsAt: hours(-1),
    endsAt: hours(1),
    productIds: [],
    categoryIds: [],
    levelActivityCode: null,
    discountBps: null,
    activityPriceFen: null,
    tiers: [],
    ...over,
  };
}

const line = (productId: number, payableFen: number, quantity = 1, categoryPath: number[] = []): CalcLine => ({
  productId,
  categoryPath,
  quantity,
  payableFen,
});

describe('discount activities: each line takes the one activity that saves it most', () => {
  const pct20onP1 = rule({ id: 1, discountBps: 2_000, productIds: [1] });
  const price50onCat7 = rule({ id: 2, activityPriceFen: 5_000, categoryIds: [7] });
  const pct10all = rule({ id: 3, discountBps: 1_000 });

  test.each([
    // name, activities, lines, expected per-line amounts per activity id
    ['20% off a product, rounded down', [pct20onP1], [line(1, 3_333)], { 1: [666] }],
    ['a product outside the set gets nothing', [pct20onP1], [line(2, 10_000)], {}],
    [
      'an activity price on a subcategory (path includes the scoped category)',
      [price50onCat7],
      [line(3, 16_000, 2, [9, 7])],
      { 2: [6_000] },
    ],
    ['a unit already below the activity price gets nothing', [price50onCat7], [line(3, 4_000, 1, [7])], {}],
    [
      'the best activity per line, never two on one line',
      [pct20onP1, pct10all],
      [line(1, 10_000), line(2, 10_000)],
      { 1: [2_000, 0], 3: [0, 1_000] },
    ],
    [
      'a tie goes to the lower id',
      [rule({ id: 5, discountBps: 1_000 }), rule({ id: 4, activityPriceFen: 900 })],
      [line(1, 1_000)],
      { 4: [100] },
    ],
  ] as const)('%s', (_name, activities, lines, expected) => {
    const shares = discountShares(activities, lines);
    expect(Object.fromEntries(shares.map((s) => [s.activityId, s.lineAmounts]))).toEqual(expected);
    for (const s of shares) expect(s.discountFen).toBe(s.lineAmounts.reduce((a, b) => a + b, 0));
  });
});

describe('满减: the best tier reached, split over the qualifying lines only', () => {
  const tiers = [
    { thresholdFen: 10_000, reductionFen: 1_000 },
    { thresholdFen: 20_000, reductionFen: 3_000 },
  ];
  const onP1P2 = rule({ id: 10, kind: 'full_reduction', productIds: [1, 2], tiers });

  test.each([
    ['threshold not reached', [line(1, 9_999)], null],
    ['exactly the first threshold', [line(1, 10_000)], [1_000]],
    ['just below the second tier keeps the first', [line(1, 19_999)], [1_000]],
    ['exactly the second tier', [line(1, 12_000), line(2, 8_000)], [1_800, 1_200]],
    ['a line outside the set neither counts nor shares', [line(1, 9_000), line(3, 50_000)], null],
    ['qualifying lines only carry it', [line(1, 6_000), line(3, 50_000), line(2, 4_001)], [600, 0, 400]],
  ] as const)('%s', (_name, lines, expected) => {
    const [share, more] = fullReductionShares([onP1P2], lines);
    expect(more).toBeUndefined();
    expect(share?.lineAmounts ?? null).toEqual(expected);
  });

  test('a line counts towards one 满减: the activity saving most takes its lines first', () => {
    const wide = rule({ id: 11, kind: 'full_reduction', tiers: [{ thresholdFen: 5_000, reductionFen: 500 }] });
    const shares = fullReductionShares([wide, onP1P2], [line(1, 20_000), line(3, 6_000)]);
    expect(shares.map((s) => [s.activityId, s.lineAmounts])).toEqual([
      [10, [3_000, 0]],
      [11, [0, 500]],
    ]);
    expect(lineTotals(shares, 2)).toEqual([3_000, 500]);
  });

  test('bestTier', () => {
    expect(bestTier(tiers, 0)).toBeNull();
    expect(bestTier(tiers, 25_000)).toEqual(tiers[1]);
  });
});

test('the window: from startsAt inclusive to endsAt exclusive', () => {
  const a = rule({ startsAt: now, endsAt: hours(1) });
  expect(isInWindow(a, hours(-0.001))).toBe(false);
  expect(isInWindow(a, now)).toBe(true);
  expect(isInWindow(a, hours(1))).toBe(false);
});

test('the admin schema refuses tiers that do not go up, a reduction at its threshold, or both amounts', () => {
  const base = { name: 'x', startsAt: hours(0).toISOString(), endsAt: hours(1).toISOString() };
  const bad = (body: object) => !PromotionInput.safeParse({ ...base, ...body }).success;
  expect(bad({ kind: 'full_reduction', tiers: [{ thresholdFen: 100, reductionFen: 100 }] })).toBe(true);
  expect(
    bad({
      kind: 'full_reduction',
      tiers: [
        { thresholdFen: 200, reductionFen: 20 },
        { thresholdFen: 100, reductionFen: 30 },
      ],
    }),
  ).toBe(true);
  expect(bad({ kind: 'discount', discountBps: 1_000, activityPriceFen: 100 })).toBe(true);
  expect(bad({ kind: 'discount' })).toBe(true);
  expect(bad({ kind: 'discount', discountBps: 1_000 })).toBe(false);
  expect(bad({ ...base, endsAt: base.startsAt, kind: 'discount', discountBps: 1_000 })).toBe(true);
});
