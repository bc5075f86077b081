import { discountedFen, nextLevelOffer, resolvePrice, type PriceQuery, type PriceRule } from './pricing';

const NOW = new Date('2026-11-25T12:00:00Z');
const HOUR = 3_600_000;
const NORMAL = { code: 'normal', name: '普通', rank: 0, discountBps: 0 };
const GOLD = { code: 'gold', name: '金卡', rank: 2, discountBps: 500 };
const DIAMOND = { code: 'diamond', name: '钻石', rank: 3, discountBps: 800 };
const SKU = { id: 11, productId: 1, basePriceFen: 10_000 };

let nextId = 1;
function rule(over: Partial<PriceRule> & Pick<PriceRule, 'kind'>): PriceRule {
  return {
    id: nextId++,
    productId: 1,
    skuId: null,
    levelCode: null,
    channel: null,
    fixedPriceFen: null,
    discountBps: null,
    startsAt: null,
    endsAt: null,
    label: null,
    ...over,
  };
}
const level = (code: string, price: { fixedPriceFen?: number; discountBps?: number }, skuId: number | null = null) =>
  rule({ kind: 'level', levelCode: code, skuId, ...price });
const channel = (ch: PriceRule['channel'], price: { fixedPriceFen?: number; discountBps?: number }, skuId = null) =>
  rule({ kind: 'channel', channel: ch, skuId, ...price });
const special = (
  price: { fixedPriceFen?: number; discountBps?: number },
  window: [number, number] = [-1, 1],
  extra: Partial<PriceRule> = {},
) =>
  rule({
    kind: 'special',
    startsAt: new Date(NOW.getTime() + window[0] * HOUR),
    endsAt: new Date(NOW.getTime() + window[1] * HOUR),
    ...price,
    ...extra,
  });

const LEVEL_FIXED = level('gold', { fixedPriceFen: 8_000 });
const LEVEL_SKU_FIXED = level('gold', { fixedPriceFen: 8_800 }, 11);
const LEVEL_OTHER_SKU = level('gold', { fixedPriceFen: 100 }, 12);
const LEVEL_BPS = level('gold', { discountBps: 1_500 });
const LEVEL_ZERO = level('gold', { discountBps: 0 });
const WEAPP_FIXED = channel('weapp', { fixedPriceFen: 9_000 });
const H5_BPS = channel('h5', { discountBps: 1_000 });
const SPECIAL_FIXED = special({ fixedPriceFen: 7_000 });
const SPECIAL_BPS = special({ discountBps: 2_500 });
const SPECIAL_SHALLOW = special({ fixedPriceFen: 9_700 });
const SPECIAL_FUTURE = special({ fixedPriceFen: 1_000 }, [1, 2]);
const SPECIAL_ENDED = special({ fixedPriceFen: 1_000 }, [-2, 0]);
const SPECIAL_H5_ONLY = special({ fixedPriceFen: 6_000 }, [-1, 1], { channel: 'h5' });
const SPECIAL_SKU = special({ fixedPriceFen: 9_500 }, [-1, 1], { skuId: 11 });
const SPECIAL_LABELLED = special({ fixedPriceFen: 6_600 }, [-1, 1], { label: '双11价' });
const ABOVE_BASE = level('gold', { fixedPriceFen: 12_000 });
const FREE = special({ discountBps: 10_000 });
const OTHER_PRODUCT = rule({ kind: 'level', levelCode: 'gold', productId: 2, fixedPriceFen: 1 });

type Row = [string, Partial<PriceQuery>, readonly PriceRule[], number, string, string | null, number | null];

// [specification, query overrides, rules, expected price, source, label, winning rule id]
const table: Row[] = [
  ['no rule, normal level: the base price', {}, [], 10_000, 'base', null, null],
  ['no rule, gold: the ladder discount, 5% off', { level: GOLD }, [], 9_500, 'level', '金卡价', null],
  ['a level fixed price', { level: GOLD }, [LEVEL_FIXED], 8_000, 'level', '金卡价', LEVEL_FIXED.id],
  [
    'a level bps rule replaces the ladder discount',
    { level: GOLD },
    [LEVEL_BPS],
    8_500,
    'level',
    '金卡价',
    LEVEL_BPS.id,
  ],
  [
    'a SKU level rule beats the product one, even if dearer',
    { level: GOLD },
    [LEVEL_FIXED, LEVEL_SKU_FIXED],
    8_800,
    'level',
    '金卡价',
    LEVEL_SKU_FIXED.id,
  ],
  ["another SKU's rule does not apply", { level: GOLD }, [LEVEL_OTHER_SKU], 9_500, 'level', '金卡价', null],
  ["another product's rule does not apply", { level: GOLD }, [OTHER_PRODUCT], 9_500, 'level', '金卡价', null],
  ["another level's rule does not apply", {}, [LEVEL_FIXED], 10_000, 'base', null, null],
  [
    'a 0 bps level rule takes the product out of the ladder discount',
    { level: GOLD },
    [LEVEL_ZERO],
    10_000,
    'base',
    null,
    null,
  ],
  ['a fixed price above the base never raises it', { level: GOLD }, [ABOVE_BASE], 10_000, 'base', null, null],
  ['a channel price for weapp', {}, [WEAPP_FIXED], 9_000, 'channel', '小程序价', WEAPP_FIXED.id],
  ['a channel price for another channel does not apply', { channel: 'weapp' }, [H5_BPS], 10_000, 'base', null, null],
  ['a channel bps price on h5', { channel: 'h5' }, [H5_BPS], 9_000, 'channel', 'H5专享价', H5_BPS.id],
  [
    'channel + ladder: the level discount is taken off the channel price',
    { level: GOLD },
    [WEAPP_FIXED],
    8_550,
    'level',
    '金卡价',
    null,
  ],
  [
    'channel + level fixed: the lower wins',
    { level: GOLD },
    [WEAPP_FIXED, LEVEL_FIXED],
    8_000,
    'level',
    '金卡价',
    LEVEL_FIXED.id,
  ],
  [
    'channel + level bps: bps off the channel price',
    { level: GOLD },
    [WEAPP_FIXED, LEVEL_BPS],
    7_650,
    'level',
    '金卡价',
    LEVEL_BPS.id,
  ],
  ['a running special price', {}, [SPECIAL_FIXED], 7_000, 'special', '限时价', SPECIAL_FIXED.id],
  ['a special price in bps', {}, [SPECIAL_BPS], 7_500, 'special', '限时价', SPECIAL_BPS.id],
  ['a special price not yet started does not apply', {}, [SPECIAL_FUTURE], 10_000, 'base', null, null],
  ['a special price ends at endsAt (the window is half-open)', {}, [SPECIAL_ENDED], 10_000, 'base', null, null],
  [
    'a special price starts at startsAt',
    { at: SPECIAL_FUTURE.startsAt! },
    [SPECIAL_FUTURE],
    1_000,
    'special',
    '限时价',
    SPECIAL_FUTURE.id,
  ],
  ['a channel-bound special price only on its channel', {}, [SPECIAL_H5_ONLY], 10_000, 'base', null, null],
  [
    'a channel-bound special price on its channel',
    { channel: 'h5' },
    [SPECIAL_H5_ONLY],
    6_000,
    'special',
    '限时价',
    SPECIAL_H5_ONLY.id,
  ],
  [
    'overlapping special prices: the lowest price wins',
    {},
    [SPECIAL_BPS, SPECIAL_FIXED],
    7_000,
    'special',
    '限时价',
    SPECIAL_FIXED.id,
  ],
  [
    'a SKU special price beats a product-wide one',
    {},
    [SPECIAL_FIXED, SPECIAL_SKU],
    9_500,
    'special',
    '限时价',
    SPECIAL_SKU.id,
  ],
  [
    'special price vs level price: the special price is lower and wins',
    { level: GOLD },
    [LEVEL_FIXED, SPECIAL_FIXED],
    7_000,
    'special',
    '限时价',
    SPECIAL_FIXED.id,
  ],
  [
    'special price vs level price: the level price is lower and wins',
    { level: GOLD },
    [LEVEL_FIXED, SPECIAL_SHALLOW],
    8_000,
    'level',
    '金卡价',
    LEVEL_FIXED.id,
  ],
  [
    'special price vs ladder discount: they never stack',
    { level: GOLD },
    [SPECIAL_BPS],
    7_500,
    'special',
    '限时价',
    SPECIAL_BPS.id,
  ],
  [
    'special price on a channel price: bps off the channel price',
    {},
    [WEAPP_FIXED, SPECIAL_BPS],
    6_750,
    'special',
    '限时价',
    SPECIAL_BPS.id,
  ],
  [
    'a tie between special price and level: the special price keeps the label',
    { level: GOLD },
    [level('gold', { fixedPriceFen: 7_000 }), SPECIAL_FIXED],
    7_000,
    'special',
    '限时价',
    SPECIAL_FIXED.id,
  ],
  [
    'level, channel and special price together: the lowest of level and special price',
    { level: DIAMOND, channel: 'h5' },
    [H5_BPS, LEVEL_FIXED, SPECIAL_SHALLOW],
    8_280,
    'level',
    '钻石价',
    null,
  ],
  ['a custom label is shown', {}, [SPECIAL_LABELLED], 6_600, 'special', '双11价', SPECIAL_LABELLED.id],
  ['a 100% discount still costs 1 fen', {}, [FREE], 1, 'special', '限时价', FREE.id],
];

test.each(table)('%s', (_spec, over, rules, priceFen, source, label, ruleId) => {
  const result = resolvePrice({ sku: SKU, level: NORMAL, channel: 'weapp', at: NOW, rules, ...over });
  expect(result).toEqual({ priceFen, basePriceFen: SKU.basePriceFen, source, label, ruleId });
});

test.each([
  [9_999, 500, 9_499], // 9499.05 rounds down
  [1, 500, 0], // the resolver then lifts it to 1 fen
  [333, 3_333, 222], // 222.0111
  [10_000, 0, 10_000],
  [10_000, 10_000, 0],
])('discountedFen(%i, %i bps) = %i: rounded down to the fen', (listFen, bps, expected) => {
  expect(discountedFen(listFen, bps)).toBe(expected);
});

test('bps outside 0..10000 are refused', () => {
  expect(() => discountedFen(100, -1)).toThrow(RangeError);
  expect(() => discountedFen(100, 10_001)).toThrow(RangeError);
});

test('a base price of 1 fen stays 1 fen and pays the base price', () => {
  const result = resolvePrice({ sku: { ...SKU, basePriceFen: 1 }, level: GOLD, channel: 'weapp', at: NOW, rules: [] });
  expect(result).toMatchObject({ priceFen: 1, source: 'base', label: null });
});

describe('the next level offer', () => {
  const query: PriceQuery = { sku: SKU, level: NORMAL, channel: 'weapp', at: NOW, rules: [LEVEL_FIXED] };
  test('shows what gold pays when it is lower', () => {
    expect(nextLevelOffer(query, resolvePrice(query), GOLD)).toEqual({
      levelCode: 'gold',
      name: '金卡',
      priceFen: 8_000,
    });
  });
  test('is null at the top of the ladder', () => {
    expect(nextLevelOffer(query, resolvePrice(query), null)).toBeNull();
  });
  test('is null when a special price already beats the next level price', () => {
    const withSpecial = { ...query, rules: [LEVEL_FIXED, SPECIAL_FIXED] };
    expect(nextLevelOffer(withSpecial, resolvePrice(withSpecial), GOLD)).toBeNull();
  });
});
