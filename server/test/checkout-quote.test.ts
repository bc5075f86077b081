import type { QuoteAdjuster } from '../src/modules/orders';
import { quoteCheckout } from '../src/flows/checkout-quote';
import { placeOrder } from '../src/flows/place-order';
import { ADDRESS, createProduct } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The one server-side quote: the level price from the pricing resolver, then the adjusters (points, and a test
 * adjuster standing in for the coupons to come), then shipping from the freight template, then payable; the
 * lines always add up, and placing re-runs the quote (409 with the new quote when the total moved).
 */
let app: TestApp;
let admin: string;
let gold: { token: string; memberId: number };
let skuA: number; // list 100.00, gold 80.00
let skuB: number; // list 33.33
let productB: number;
const BEIJING = { ...ADDRESS, region: '北京市 海淀区' };
const ZHEJIANG = ADDRESS; // 浙江省 杭州市

beforeAll(async () => {
  app = await startTestApp();
  admin = await app.adminToken();
  // 按件: 浙江 ¥5 + ¥1 a piece; elsewhere ¥8 + ¥2 a piece; free from ¥200 paid
  const template = await app.http('POST', '/api/admin/freight-templates', {
    token: admin,
    body: {
      name: '标准快递',
      basis: 'count',
      freeAboveFen: 20_000,
      rules: [
        { regions: ['浙江'], firstUnits: 1, firstFeeFen: 500, extraUnits: 1, extraFeeFen: 100 },
        { regions: [], firstUnits: 1, firstFeeFen: 800, extraUnits: 1, extraFeeFen: 200 },
      ],
    },
  });
  expect(template.status).toBe(201);
  const a = await createProduct(app, { name: '商品A', priceFen: 10_000 });
  const b = await createProduct(app, { name: '商品B', priceFen: 3_333 });
  skuA = a.skus[0]!.id;
  skuB = b.skus[0]!.id;
  productB = b.id;
  await app.query('UPDATE products SET freight_template_id = ? WHERE id IN (?, ?)', [template.body.id, a.id, b.id]);
  const rule = await app.http('POST', '/api/admin/price-rules', {
    token: admin,
    body: { kind: 'level', productId: a.id, levelCode: 'gold', fixedPriceFen: 8_000 },
  });
  expect(rule.status).toBe(201);
  // product B stays at its list price for gold (a 0 bps level rule takes it out of the ladder's 5% off)
  const listPrice = await app.http('POST', '/api/admin/price-rules', {
    token: admin,
    body: { kind: 'level', productId: b.id, levelCode: 'gold', discountBps: 0 },
  });
  expect(listPrice.status).toBe(201);
  const login = await app.loginMember('quote-gold');
  gold = { token: login.token, memberId: login.member.id };
  await app.query('UPDATE loyalty_accounts SET level_code = ? WHERE member_id = ?', ['gold', gold.memberId]);
  const grant = await app.http('POST', `/api/admin/members/${gold.memberId}/points`, {
    token: admin,
    body: { deltaPoints: 5_000, reason: '测试积分', requestId: `quote-grant-${gold.memberId}` },
  });
  expect(grant.status).toBe(200);
});
afterAll(() => app.stop());

const quote = (body: Record<string, unknown>) => app.http('POST', '/api/orders/quote', { token: gold.token, body });

interface QuoteBodyView {
  lines: { skuId: number; unitPriceFen: number; lineTotalFen: number; discountFen: number; payableFen: number }[];
  itemsFen: number;
  adjustments: { code: string; amountFen: number; points: number }[];
  discountFen: number;
  shippingFen: number;
  payableFen: number;
  points: { used: number; maxUsable: number; balance: number };
}

function expectAddsUp(q: QuoteBodyView) {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  expect(sum(q.lines.map((l) => l.lineTotalFen))).toBe(q.itemsFen);
  expect(sum(q.lines.map((l) => l.discountFen))).toBe(q.discountFen);
  expect(sum(q.adjustments.map((a) => a.amountFen))).toBe(q.discountFen);
  for (const l of q.lines) expect(l.payableFen).toBe(l.lineTotalFen - l.discountFen);
  expect(sum(q.lines.map((l) => l.payableFen)) + q.shippingFen).toBe(q.payableFen);
  expect(q.itemsFen - q.discountFen + q.shippingFen).toBe(q.payableFen);
}

test.each([
  // name, items, points asked, address, expected: [items, points used, shipping, payable]
  ['gold level price, 浙江 shipping', [[() => skuA, 1]], 0, ZHEJIANG, [8_000, 0, 500, 8_500]],
  [
    'level price + points + default-region shipping',
    [
      [() => skuA, 1],
      [() => skuB, 2],
    ],
    1_001,
    BEIJING,
    [14_666, 1_001, 1_200, 14_865],
  ],
  ['points capped at 50% of the items', [[() => skuA, 1]], 5_000, BEIJING, [8_000, 4_000, 800, 4_800]],
  [
    'points asked beyond the balance use the balance',
    [
      [() => skuA, 2],
      [() => skuB, 1],
    ],
    9_999,
    ZHEJIANG,
    [19_333, 5_000, 700, 15_033],
  ],
  ['free shipping from ¥200 paid', [[() => skuA, 3]], 0, BEIJING, [24_000, 0, 0, 24_000]],
  [
    'points bring the order below the free-shipping threshold',
    [[() => skuA, 3]],
    5_000,
    BEIJING,
    [24_000, 5_000, 1_200, 20_200],
  ],
  ['no address yet: the default rule', [[() => skuB, 1]], 0, undefined, [3_333, 0, 800, 4_133]],
] as const)('%s', async (_name, items, pointsToUse, address, [itemsFen, used, shippingFen, payableFen]) => {
  const res = await quote({
    items: items.map(([sku, quantity]) => ({ skuId: sku(), quantity })),
    pointsToUse,
    ...(address ? { address } : {}),
  });
  expect(res.status).toBe(200);
  const q = res.body as QuoteBodyView;
  expect({ itemsFen: q.itemsFen, used: q.points.used, shippingFen: q.shippingFen, payableFen: q.payableFen }).toEqual({
    itemsFen,
    used,
    shippingFen,
    payableFen,
  });
  expect(q.points.balance).toBe(5_000);
  expect(q.lines.find((l) => l.skuId === skuA)?.unitPriceFen ?? 8_000).toBe(8_000);
  expectAddsUp(q);
});

test('a test adjuster after points: split over the lines it names, and the lines still add up', async () => {
  // a stand-in for the coupons to come: ¥3.33 off product B only
  const productBOnly: QuoteAdjuster = {
    code: 'test_coupon',
    stage: 'points', // after the points adjuster (same stage keeps the given order); real coupons run before points
    apply: (draft) => ({
      amountFen: 333,
      label: '测试立减',
      ref: 'coupon-1',
      weights: draft.lines.map((l) => (l.productId === productB ? l.payableFen : 0)),
    }),
  };
  const { view, quote: q } = await quoteCheckout(
    app.services,
    gold.memberId,
    {
      items: [
        { skuId: skuA, quantity: 1 },
        { skuId: skuB, quantity: 3 },
      ],
      fromCart: false,
      address: BEIJING,
      pointsToUse: 777,
    },
    'weapp',
    { extraAdjusters: [productBOnly] },
  );
  expect(view.adjustments).toEqual([
    { code: 'points', label: '积分抵扣 777 积分', amountFen: 777, points: 777 },
    { code: 'test_coupon', label: '测试立减', amountFen: 333, points: 0 },
  ]);
  const [lineA, lineB] = view.lines;
  // points split 8000 : 9999 → 345.3 : 431.6 → 345 + 432 (largest remainder); the coupon all on B
  expect(lineA).toMatchObject({ lineTotalFen: 8_000, discountFen: 345, payableFen: 7_655 });
  expect(lineB).toMatchObject({ lineTotalFen: 9_999, discountFen: 432 + 333, payableFen: 9_234 });
  expect(q.adjustments.map((a) => a.ref)).toEqual([null, 'coupon-1']);
  expectAddsUp(view as unknown as QuoteBodyView);
  expect(view.payableFen).toBe(17_999 - 1_110 + 800 + 200 * 3);

  // placement runs the same pipeline and stores every adjustment and each line's money
  const order = await placeOrder(
    app.services,
    gold.memberId,
    {
      items: [
        { skuId: skuA, quantity: 1 },
        { skuId: skuB, quantity: 3 },
      ],
      address: BEIJING,
      remark: '',
      requestId: 'quote-test-adjuster-0001',
      pointsToUse: 777,
      fromCart: false,
      expectedPayableFen: view.payableFen,
    },
    'weapp',
    { extraAdjusters: [productBOnly] },
  );
  expect(order).toMatchObject({ payableFen: view.payableFen, discountFen: 1_110, shippingFen: 1_400 });
  const lines = await app.query(
    `SELECT l.sku_id, l.base_price_fen, l.unit_price_fen, l.line_total_fen, l.discount_fen, l.payable_fen
       FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.order_no = ? ORDER BY l.id`,
    [order.orderNo],
  );
  expect(
    lines.map((l) => [
      l.sku_id,
      Number(l.base_price_fen),
      Number(l.unit_price_fen),
      Number(l.discount_fen),
      Number(l.payable_fen),
    ]),
  ).toEqual([
    [skuA, 10_000, 8_000, 345, 7_655],
    [skuB, 3_333, 3_333, 765, 9_234],
  ]);
  const adjustments = await app.query(
    `SELECT a.code, a.amount_fen, a.points, a.ref FROM order_adjustments a JOIN orders o ON o.id = a.order_id
      WHERE o.order_no = ? ORDER BY a.id`,
    [order.orderNo],
  );
  expect(adjustments.map((a) => [a.code, Number(a.amount_fen), a.points, a.ref])).toEqual([
    ['points', 777, 777, null],
    ['test_coupon', 333, 0, 'coupon-1'],
  ]);
});

test('a price changed between quote and placement: 409 QUOTE_CHANGED with the new quote, nothing written', async () => {
  const body = { items: [{ skuId: skuB, quantity: 2 }], address: BEIJING };
  const before = (await quote(body)).body as QuoteBodyView;
  expect(before.payableFen).toBe(6_666 + 1_000);
  const special = await app.http('POST', '/api/admin/price-rules', {
    token: admin,
    body: {
      kind: 'special',
      productId: productB,
      discountBps: 1_000,
      startsAt: new Date(Date.now() - 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    },
  });
  expect(special.status).toBe(201);
  const ordersBefore = await app.query('SELECT COUNT(*) AS n FROM orders');
  const res = await app.http('POST', '/api/orders', {
    token: gold.token,
    body: { ...body, requestId: 'quote-changed-0001', expectedPayableFen: before.payableFen },
  });
  expect(res.status).toBe(409);
  expect(res.body.error).toMatchObject({ code: 'QUOTE_CHANGED', field: 'expectedPayableFen' });
  expect(res.body.error.quote.payableFen).toBe(2 * 2_999 + 1_000); // 33.33 at 10% off, rounded down
  expectAddsUp(res.body.error.quote);
  expect(await app.query('SELECT COUNT(*) AS n FROM orders')).toEqual(ordersBefore);

  // confirming the new total places the order at it
  const placed = await app.http('POST', '/api/orders', {
    token: gold.token,
    body: { ...body, requestId: 'quote-changed-0002', expectedPayableFen: res.body.error.quote.payableFen },
  });
  expect(placed.status).toBe(201);
  expect(placed.body.payableFen).toBe(6_998);
  // an older client without expectedPayableFen is never refused: the server's price holds
  const legacy = await app.http('POST', '/api/orders', {
    token: gold.token,
    body: { ...body, requestId: 'quote-changed-0003' },
  });
  expect(legacy.status).toBe(201);
  await app.http('DELETE', `/api/admin/price-rules/${special.body.id}`, { token: admin });
});

test('a quote of nothing (no items, an empty cart) is refused', async () => {
  const nothing = await quote({ pointsToUse: 0 });
  expect(nothing.status).toBe(400);
  expect(nothing.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'items' });
  const emptyCart = await quote({ fromCart: true });
  expect(emptyCart.status).toBe(409);
  expect(emptyCart.body.error.code).toBe('CART_NOTHING_SELECTED');
});
