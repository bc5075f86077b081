import { SegmentRules } from '@mall/shared/admin';
import { matchesSegment, needs, type MemberFacts } from './segment-rules';

const now = new Date('2026-12-01T04:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const facts = (over: Partial<MemberFacts> = {}): MemberFacts => ({
  spendFen: 0,
  orders: 0,
  lastPaidAt: null,
  levelCode: 'normal',
  region: null,
  isReferred: false,
  tags: [],
  ...over,
});

test.each([
  ['no rule matches everyone', {}, facts(), true],
  ['spend at the minimum', { minSpendFen: 10_000 }, facts({ spendFen: 10_000 }), true],
  ['spend a fen short', { minSpendFen: 10_000 }, facts({ spendFen: 9_999 }), false],
  ['spend above the maximum', { maxSpendFen: 10_000 }, facts({ spendFen: 10_001 }), false],
  ['orders between bounds', { minOrders: 2, maxOrders: 3 }, facts({ orders: 3 }), true],
  ['paid within 30 days, on the day', { paidWithinDays: 30 }, facts({ lastPaidAt: daysAgo(30) }), true],
  ['paid within 30 days, never paid', { paidWithinDays: 30 }, facts(), false],
  ['lapsed 30 days: never paid counts', { inactiveForDays: 30 }, facts(), true],
  ['lapsed 30 days: paid 29 days ago', { inactiveForDays: 30 }, facts({ lastPaidAt: daysAgo(29) }), false],
  ['level in the list', { levelCodes: ['gold', 'diamond'] }, facts({ levelCode: 'diamond' }), true],
  ['region prefix', { regions: ['浙江', '上海'] }, facts({ region: '浙江省 杭州市' }), true],
  ['no address never matches a region rule', { regions: ['浙江'] }, facts(), false],
  ['organic', { referralSource: 'organic' }, facts({ isReferred: true }), false],
  ['any tag', { tags: ['vip', '孕妈'] }, facts({ tags: ['孕妈'] }), true],
  ['every rule must hold', { tags: ['vip'], minOrders: 1 }, facts({ tags: ['vip'] }), false],
] as const)('%s', (_name, rules, member, expected) => {
  expect(matchesSegment(SegmentRules.parse(rules), member, now)).toBe(expected);
});

test('only the facts the rules read are loaded', () => {
  expect(needs(SegmentRules.parse({ tags: ['vip'] }))).toEqual({
    purchases: false,
    recency: false,
    level: false,
    region: false,
    referral: false,
    tags: true,
  });
  expect(needs(SegmentRules.parse({ minSpendFen: 1, inactiveForDays: 7 }))).toMatchObject({
    purchases: true,
    recency: true,
  });
});
