import {
  feeForUnits,
  freightFeeFen,
  NotDeliverableError,
  regionMatches,
  type FreightItem,
  type FreightTemplateRules,
} from '../src/modules/freight';

// 按件: 1 piece ¥8, each further 2 pieces ¥3; 江浙沪 1 piece ¥5 + ¥1 per piece; 新疆 (code 65) ¥20 + ¥10; free from ¥99
const byCount: FreightTemplateRules = {
  id: 1,
  basis: 'count',
  freeAboveFen: 9_900,
  rules: [
    { regions: ['浙江', '江苏省', '上海市'], firstUnits: 1, firstFeeFen: 500, extraUnits: 1, extraFeeFen: 100 },
    { regions: ['65'], firstUnits: 1, firstFeeFen: 2_000, extraUnits: 1, extraFeeFen: 1_000 },
    { regions: [], firstUnits: 1, firstFeeFen: 800, extraUnits: 2, extraFeeFen: 300 },
  ],
};
// 按重: first 1,000 g ¥10, each further 500 g or part ¥4; only 广东 and 广西 deliverable (no default rule)
const byWeight: FreightTemplateRules = {
  id: 2,
  basis: 'weight',
  freeAboveFen: null,
  rules: [
    { regions: ['广东省', '广西壮族自治区'], firstUnits: 1_000, firstFeeFen: 1_000, extraUnits: 500, extraFeeFen: 400 },
  ],
};
const templates = new Map([
  [1, byCount],
  [2, byWeight],
]);
const item = (templateId: number | null, quantity: number, payableFen = 1_000, weightGrams = 0): FreightItem => ({
  templateId,
  quantity,
  weightGrams,
  payableFen,
});
const hangzhou = { region: '浙江省 杭州市 西湖区' };
const beijing = { region: '北京市 海淀区' };
const urumqi = { region: '乌鲁木齐市 天山区', regionCode: '650102' };
const guangzhou = { region: '广东省 广州市 天河区' };
const nanning = { region: '广西 南宁市' };

test.each([
  ['no template ships free (as before templates)', [item(null, 3)], hangzhou, 0],
  ['a template that no longer exists ships free', [item(9, 3)], hangzhou, 0],
  ['count, first piece, by province name', [item(1, 1)], hangzhou, 500],
  ['count, 3 pieces in 浙江: 5 + 2 × 1', [item(1, 3)], hangzhou, 700],
  ['count, lines of one template are counted together', [item(1, 1), item(1, 2)], hangzhou, 700],
  ['count, default region: 1 piece', [item(1, 1)], beijing, 800],
  ['count, default region: 4 pieces = 8 + ceil(3/2) × 3', [item(1, 4)], beijing, 1_400],
  ['count, by province code of the picked region', [item(1, 2)], urumqi, 3_000],
  ['count, free at exactly the threshold', [item(1, 2, 9_900)], beijing, 0],
  ['count, lines of one template reach the threshold together', [item(1, 1, 5_000), item(1, 1, 4_900)], beijing, 0],
  ['count, two lines just below the threshold pay', [item(1, 1, 5_000), item(1, 1, 4_899)], beijing, 1_100],
  ['count, one fen below the threshold pays', [item(1, 1, 9_899)], beijing, 800],
  ['count, no address yet: the default rule', [item(1, 1)], null, 800],
  ['weight, within the first kilo', [item(2, 2, 1_000, 400)], guangzhou, 1_000],
  ['weight, 1,600 g = 10 + 2 × 4 (a part of 500 g counts whole)', [item(2, 4, 1_000, 400)], guangzhou, 1_800],
  ['weight, 自治区 name matches its short name', [item(2, 1, 1_000, 1_500)], nanning, 1_400],
  ['weight, zero weight ships free', [item(2, 3, 1_000, 0)], guangzhou, 0],
  ['two templates add up', [item(1, 1), item(2, 1, 1_000, 1_000)], guangzhou, 800 + 1_000],
  ['weight, no address and no default: not priced yet', [item(2, 1, 1_000, 500)], null, 0],
] as const)('%s', (_name, items, to, expectedFen) => {
  expect(freightFeeFen(items, templates, to)).toBe(expectedFen);
});

test('a region a template does not deliver to is refused', () => {
  expect(() => freightFeeFen([item(2, 1, 1_000, 500)], templates, beijing)).toThrow(NotDeliverableError);
});

test.each([
  ['浙江', '浙江省 杭州市', undefined, true],
  ['浙江省', '浙江 杭州', undefined, true],
  ['上海市', '上海市 浦东新区', undefined, true],
  ['江苏', '浙江省 杭州市', undefined, false],
  ['33', '杭州', '330106', true],
  ['33', '杭州', undefined, false],
  ['', '浙江省', undefined, false],
] as const)('region entry %s covers "%s" (code %s): %s', (entry, region, regionCode, expected) => {
  expect(regionMatches(entry, { region, ...(regionCode ? { regionCode } : {}) })).toBe(expected);
});

test.each([
  [0, 0],
  [1, 800],
  [2, 800 + 300],
  [3, 800 + 300],
  [4, 800 + 600],
])('feeForUnits(%i units) = %i fen', (units, fen) => {
  expect(feeForUnits(byCount.rules[2]!, units)).toBe(fen);
});
