import { LevelInput } from '@mall/shared/admin';
import { lotExpiry, pointsForPaid, progressTo, qualifiedLevel, shanghaiDay, type LevelRule } from './loyalty-rules';

const ladder: LevelRule[] = [
  { code: 'normal', name: '普通', rank: 0, minSpendFen: 0, minDirectReferrals: null, activeWithinDays: null },
  { code: 'silver', name: '银卡', rank: 1, minSpendFen: 100_000, minDirectReferrals: 5, activeWithinDays: null },
  { code: 'gold', name: '金卡', rank: 2, minSpendFen: 500_000, minDirectReferrals: 20, activeWithinDays: 180 },
  { code: 'diamond', name: '钻石', rank: 3, minSpendFen: 2_000_000, minDirectReferrals: null, activeWithinDays: 90 },
];
const now = new Date('2026-11-25T04:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

test.each([
  ['nothing yet', { spendFen: 0, directReferrals: 0, lastActiveAt: null }, 'normal'],
  ['spend just below silver', { spendFen: 99_999, directReferrals: 0, lastActiveAt: null }, 'normal'],
  ['spend reaches silver', { spendFen: 100_000, directReferrals: 0, lastActiveAt: null }, 'silver'],
  ['five referrals reach silver without spend', { spendFen: 0, directReferrals: 5, lastActiveAt: null }, 'silver'],
  [
    'gold spend but inactive stays silver',
    { spendFen: 600_000, directReferrals: 0, lastActiveAt: daysAgo(181) },
    'silver',
  ],
  ['gold spend and active is gold', { spendFen: 600_000, directReferrals: 0, lastActiveAt: daysAgo(10) }, 'gold'],
  ['referrals never reach diamond', { spendFen: 0, directReferrals: 10_000, lastActiveAt: daysAgo(1) }, 'gold'],
  [
    'diamond spend and active is diamond',
    { spendFen: 2_000_000, directReferrals: 0, lastActiveAt: daysAgo(1) },
    'diamond',
  ],
])('%s', (_, facts, code) => {
  expect(qualifiedLevel(ladder, facts, now).code).toBe(code);
});

test('progress names what the next level still needs', () => {
  const p = progressTo(ladder[2], { spendFen: 125_000, directReferrals: 3, lastActiveAt: daysAgo(200) }, now);
  expect(p).toEqual({
    code: 'gold',
    name: '金卡',
    missingSpendFen: 375_000,
    missingDirectReferrals: 17,
    activeWithinDays: 180,
    isActiveEnough: false,
    progressBps: 2_500,
  });
});

test.each([
  [0, 10_000, 0],
  [99, 10_000, 0],
  [100, 10_000, 1],
  [12_345, 10_000, 123],
  [12_345, 15_000, 185],
  [1_000, 12_000, 12],
])('paid %i fen at ×%i bps earns %i points', (paidFen, bps, points) => {
  expect(pointsForPaid(paidFen, bps)).toBe(points);
});

test('a lot expires at the end of next year in Asia/Shanghai, or after N days when configured', () => {
  expect(lotExpiry(new Date('2026-12-31T17:00:00Z'), null).toISOString()).toBe('2028-12-31T15:59:59.999Z');
  expect(lotExpiry(now, null).toISOString()).toBe('2027-12-31T15:59:59.999Z');
  expect(lotExpiry(now, 30).toISOString()).toBe('2026-12-25T04:00:00.000Z');
});

test('a calendar day is counted in Asia/Shanghai', () => {
  expect(shanghaiDay(new Date('2026-11-25T15:59:59Z'))).toBe('2026-11-25');
  expect(shanghaiDay(new Date('2026-11-25T16:00:00Z'))).toBe('2026-11-26');
});

describe('the level rule schema cannot express a cash reward for referrals', () => {
  const valid = { code: 'vip', name: 'VIP', rank: 4, discountBps: 100, pointsMultiplierBps: 10_000, minSpendFen: 0 };

  test('only perks (discount, points multiplier, exclusive activities) and rules are fields', () => {
    expect(Object.keys(LevelInput.shape).sort()).toEqual([
      'activeWithinDays',
      'code',
      'discountBps',
      'exclusiveActivities',
      'minDirectReferrals',
      'minSpendFen',
      'name',
      'pointsMultiplierBps',
      'rank',
    ]);
  });

  test.each(['referralCashRewardFen', 'cashRewardFen', 'recruitBonusFen', 'teamBonusBps'])('%s is refused', (key) => {
    expect(LevelInput.safeParse(valid).success).toBe(true);
    expect(LevelInput.safeParse({ ...valid, [key]: 1000 }).success).toBe(false);
  });
});
