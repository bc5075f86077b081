import type { CheckoutAdjuster } from '../src/flows/checkout-adjusters';
import { quoteCheckout } from '../src/flows/checkout-quote';
import { checkInvariants } from '../src/check-invariants';
import { eventsDrained, queuesDrained } from './support/drained';
import { ADDRESS, createProduct } from './support/fixtures';
import { placeAndPay } from './support/payments';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Discount activities (限时折扣) and 满减 in the quote, after the level price and before the coupon and points
 * (README "Quote precedence"); the level gate through the ladder's exclusive activities; the admin API and the
 * effect figures from the orders the activities took something off.
 */
let app: TestApp;
let admin: string;
type Buyer = { token: string; memberId: number };
let gold: Buyer;
let normal: Buyer;
const sku: Record<'A' | 'B' | 'C' | 'D' | 'E', number> = { A: 0, B: 0, C: 0, D: 0, E: 0 };
const product: Record<keyof typeof sku, number> = { A: 0, B: 0, C: 0, D: 0, E: 0 };
const hour = 3_600_000;
const window = () => ({
  startsAt: new Date(Date.now() - hour).toISOString(),
  endsAt: new Date(Date.now() + 24 * hour).toISOString(),
});

async function createActivity(body: Record<string, unknown>) {
  const res = await app.http('POST', '/api/admin/promotions', { token: admin, body: { ...window(), ...body } });
  if (res.status !== 201) throw new Error(`create activity: ${res.status} ${res.text}`);
  return res.body as { id: number };
}

async function login(openid: string, level: string): Promise<Buyer> {
  const { token, member } = await app.loginMember(openid);
  await app.query('UPDATE loyalty_accounts SET level_code = ? WHERE member_id = ?', [level, member.id]);
  return { token, memberId: member.id as number };
}

beforeAll(async () => {
  app = await startTestApp();
  admin = await app.adminToken();
  const prices = { A: 10_000, B: 3_333, C: 5_000, D: 2_000, E: 15_000 };
  for (const [name, priceFen] of Object.entries(prices) as [keyof typeof sku, number][]) {
    const p = await createProduct(app, { name: `商品${name}`, priceFen, stock: 1_000 });
    sku[name] = p.skus[0]!.id;
    product[name] = p.id;
    // gold pays A at 80.00 and the others at list price (a 0 bps level rule takes them out of the ladder's 5% off)
    const rule = name === 'A' ? { fixedPriceFen: 8_000 } : { discountBps: 0 };
    const res = await app.http('POST', '/api/admin/price-rules', {
      token: admin,
      body: { kind: 'level', productId: p.id, levelCode: 'gold', ...rule },
    });
    expect(res.status).toBe(201);
  }
  // C sits in 保健品 / 蛋白粉; the gold-day price is set on the parent category
  const parent = await app.http('POST', '/api/admin/categories', { token: admin, body: { name: '保健品' } });
  const child = await app.http('POST', '/api/admin/categories', {
    token: admin,
    body: { name: '蛋白粉', parentId: parent.body.id },
  });
  expect([parent.status, child.status]).toEqual([201, 201]);
  await app.query('UPDATE products SET category_id = ? WHERE id = ?', [child.body.id, product.C]);

  await createActivity({ kind: 'discount', name: '双十二九折', productIds: [product.A], discountBps: 1_000 });
  await createActivity({
    kind: 'full_reduction',
    name: '满150减20',
    productIds: [product.A, product.B, product.E],
    tiers: [
      { thresholdFen: 15_000, reductionFen: 2_000 },
      { thresholdFen: 30_000, reductionFen: 5_000 },
    ],
  });
  await createActivity({
    kind: 'discount',
    name: '金卡日',
    categoryIds: [parent.body.id],
    activityPriceFen: 4_000,
    levelActivityCode: 'gold_day', // listed by gold and diamond in the default ladder
  });
  await createActivity({
    kind: 'discount',
    name: '明日特惠',
    productIds: [product.D],
    discountBps: 3_000,
    startsAt: new Date(Date.now() + hour).toISOString(),
  });

  gold = await login('promo-gold', 'gold');
  normal = await login('promo-normal', 'normal');
  const grant = await app.http('POST', `/api/admin/members/${gold.memberId}/points`, {
    token: admin,
    body: { deltaPoints: 5_000, reason: '测试积分', requestId: `promo-grant-${gold.memberId}` },
  });
  expect(grant.status).toBe(200);
}, 120_000);
afterAll(() => app.stop());

/** A stand-in for the coupon module (built elsewhere): a fixed amount off at the coupon stage. */
const testCoupon = (amountFen: number): CheckoutAdjuster => ({
  code: 'test_coupon',
  stage: 'coupon',
  apply: () => ({ amountFen, label: '测试券', ref: 'coupon-test' }),
});

function expectAddsUp(q: Awaited<ReturnType<typeof quoteCheckout>>['view']) {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  expect(sum(q.lines.map((l) => l.lineTotalFen))).toBe(q.itemsFen);
  expect(sum(q.lines.map((l) => l.discountFen))).toBe(q.discountFen);
  expect(sum(q.adjustments.map((a) => a.amountFen))).toBe(q.discountFen);
  for (const l of q.lines) expect(l.payableFen).toBe(l.lineTotalFen - l.discountFen);
  expect(q.itemsFen - q.discountFen + q.shippingFen).toBe(q.payableFen);
}

type Row = [
  name: string,
  who: () => Buyer,
  items: [keyof typeof sku, number][],
  extras: { coupon?: number; points?: number },
  adjustments: [string, number][],
  lines: [keyof typeof sku, number, number][], // sku, unit price (resolver), line discount
  payableFen: number,
];

// prettier-ignore
const precedence: Row[] = [
  ['level price only: nothing else applies to D', () => gold, [['D', 1]], {}, [], [['D', 2_000, 0]], 2_000],
  ['discount activity on the level price (gold A 80.00, 10% off)', () => gold, [['A', 1]], {},
    [['discount', 800]], [['A', 8_000, 800]], 7_200],
  ['满减 read after the discount, split over its qualifying lines only', () => gold, [['A', 1], ['B', 3], ['D', 1]], {},
    [['discount', 800], ['full_reduction', 2_000]],
    // 满减 2000 over A 7200 : B 9999 → 837.26 : 1162.74 → 837 + 1163 (largest remainder); D carries nothing
    [['A', 8_000, 800 + 837], ['B', 3_333, 1_163], ['D', 2_000, 0]], 17_199],
  ['then the coupon, then points, every step on what the previous left', () => gold,
    [['A', 1], ['B', 3], ['D', 1]], { coupon: 1_000, points: 1_000 },
    [['discount', 800], ['full_reduction', 2_000], ['test_coupon', 1_000], ['points', 1_000]],
    // coupon 1000 over 6363 : 8836 : 2000 → 370 + 514 + 116; points 1000 over 5993 : 8322 : 1884 → 370 + 514 + 116
    [['A', 8_000, 1_637 + 370 + 370], ['B', 3_333, 1_163 + 514 + 514], ['D', 2_000, 116 + 116]], 15_199],
  ['gold A×2: 16000 less 10% is 14400, below the 满减 threshold', () => gold, [['A', 2]], {},
    [['discount', 1_600]], [['A', 8_000, 1_600]], 14_400],
  ['normal A×2: 20000 less 10% is 18000, the first tier', () => normal, [['A', 2]], {},
    [['discount', 2_000], ['full_reduction', 2_000]], [['A', 10_000, 4_000]], 16_000],
  ['threshold not reached: B×4 is 133.32', () => normal, [['B', 4]], {},
    [], [['B', 3_333, 0]], 13_332],
  ['exactly the first threshold', () => normal, [['E', 1]], {}, [['full_reduction', 2_000]], [['E', 15_000, 2_000]], 13_000],
  ['a line outside the set does not count towards the threshold', () => normal, [['B', 4], ['D', 1]], {},
    [], [['B', 3_333, 0], ['D', 2_000, 0]], 15_332],
  ['exactly the second tier', () => normal, [['E', 2]], {}, [['full_reduction', 5_000]], [['E', 15_000, 5_000]], 25_000],
  ['just below the second tier keeps the first', () => normal, [['E', 1], ['B', 4]], {},
    [['full_reduction', 2_000]], [['E', 15_000, 1_059], ['B', 3_333, 941]], 26_332],
  ['level gate: gold gets the gold-day price on a subcategory product', () => gold, [['C', 2]], {},
    [['discount', 2_000]], [['C', 5_000, 2_000]], 8_000],
  ['level gate: a normal member does not', () => normal, [['C', 2]], {}, [], [['C', 5_000, 0]], 10_000],
];

test.each(precedence)('%s', async (_name, who, items, extras, adjustments, lines, payableFen) => {
  const buyer = who();
  const { view } = await quoteCheckout(
    app.services,
    buyer.memberId,
    {
      items: items.map(([s, quantity]) => ({ skuId: sku[s], quantity })),
      fromCart: false,
      pointsToUse: extras.points ?? 0,
    },
    'weapp',
    { extraAdjusters: extras.coupon ? [testCoupon(extras.coupon)] : [] },
  );
  expect(view.adjustments.map((a) => [a.code, a.amountFen])).toEqual(adjustments);
  expect(view.lines.map((l) => [l.skuId, l.unitPriceFen, l.discountFen])).toEqual(
    lines.map(([s, unit, discount]) => [sku[s], unit, discount]),
  );
  expect(view.payableFen).toBe(payableFen);
  expectAddsUp(view);
});

test('the activity not started yet (D, 30% off from the next hour) gives nothing now', async () => {
  const { view } = await quoteCheckout(app.services, normal.memberId, {
    items: [{ skuId: sku.D, quantity: 1 }],
    fromCart: false,
    pointsToUse: 0,
  });
  expect(view.adjustments).toEqual([]);
});

test('the member quote shows the activities by name', async () => {
  const res = await app.http('POST', '/api/orders/quote', {
    token: normal.token,
    body: { items: [{ skuId: sku.A, quantity: 2 }] },
  });
  expect(res.status).toBe(200);
  expect(res.body.adjustments.map((a: { label: string }) => a.label)).toEqual([
    '限时折扣·双十二九折',
    '满减·满150减20',
  ]);
});

test('admin: bad definitions are refused and nothing is written', async () => {
  const before = await app.query('SELECT COUNT(*) AS n FROM promotion_activities');
  const tiersDown = await app.http('POST', '/api/admin/promotions', {
    token: admin,
    body: {
      ...window(),
      kind: 'full_reduction',
      name: 'x',
      tiers: [
        { thresholdFen: 20_000, reductionFen: 2_000 },
        { thresholdFen: 10_000, reductionFen: 3_000 },
      ],
    },
  });
  expect(tiersDown.status).toBe(400);
  expect(tiersDown.body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
  const unknownGate = await app.http('POST', '/api/admin/promotions', {
    token: admin,
    body: { ...window(), kind: 'discount', name: 'x', discountBps: 500, levelActivityCode: 'nobody_day' },
  });
  expect(unknownGate.status).toBe(422);
  expect(unknownGate.body.error).toMatchObject({ code: 'UNKNOWN_LEVEL_ACTIVITY', field: 'levelActivityCode' });
  const over = await app.http('POST', '/api/admin/promotions', {
    token: admin,
    body: {
      kind: 'discount',
      name: 'x',
      discountBps: 500,
      startsAt: new Date(Date.now() - 2 * hour).toISOString(),
      endsAt: new Date(Date.now() - hour).toISOString(),
    },
  });
  expect(over.status).toBe(422);
  const typo = await app.http('POST', '/api/admin/promotions', {
    token: admin,
    body: { ...window(), kind: 'discount', name: 'x', discountBps: 500, productIds: [product.A, 999_999] },
  });
  expect(typo.status).toBe(422);
  expect(typo.body.error).toMatchObject({ code: 'UNKNOWN_CATALOG_IDS', field: 'productIds' });
  expect(await app.query('SELECT COUNT(*) AS n FROM promotion_activities')).toEqual(before);
});

test('admin: pause stops an activity at once, resume brings it back, ended is final; every write audited', async () => {
  const { id } = await createActivity({ kind: 'discount', name: '全场95折', discountBps: 500 });
  const quoteD = async () =>
    (
      await quoteCheckout(app.services, normal.memberId, {
        items: [{ skuId: sku.D, quantity: 1 }],
        fromCart: false,
        pointsToUse: 0,
      })
    ).view.payableFen;
  expect(await quoteD()).toBe(1_900);
  const status = (to: string) =>
    app.http('POST', `/api/admin/promotions/${id}/status`, { token: admin, body: { status: to, reason: '测试' } });
  expect((await status('paused')).status).toBe(200);
  expect(await quoteD()).toBe(2_000);
  expect((await status('active')).status).toBe(200);
  expect(await quoteD()).toBe(1_900);
  expect((await status('ended')).status).toBe(200);
  expect(await quoteD()).toBe(2_000);
  const revive = await status('active');
  expect(revive.status).toBe(409);
  expect(revive.body.error.code).toBe('ILLEGAL_TRANSITION');
  const edit = await app.http('PUT', `/api/admin/promotions/${id}`, {
    token: admin,
    body: { ...window(), kind: 'discount', name: '全场9折', discountBps: 1_000 },
  });
  expect(edit.status).toBe(409);
  expect(edit.body.error.code).toBe('PROMOTION_ENDED');
  const audits = await app.query(
    "SELECT action FROM admin_audit_logs WHERE target_type = 'promotion' AND target_id = ? ORDER BY id",
    [String(id)],
  );
  expect(audits.map((a) => a.action)).toEqual([
    'promotion.create',
    'promotion.paused',
    'promotion.active',
    'promotion.ended',
  ]);
  // never used by an order: it may be deleted
  expect((await app.http('DELETE', `/api/admin/promotions/${id}`, { token: admin })).status).toBe(204);
  expect((await app.http('GET', `/api/admin/promotions/${id}`, { token: admin })).status).toBe(404);
});

test('effect: orders, participants, GMV and discount from the orders an activity took something off', async () => {
  const list = await app.http('GET', '/api/admin/promotions?kind=full_reduction', { token: admin });
  const fullReduction = list.body.items.find((p: { name: string }) => p.name === '满150减20').id as number;
  const discount = (await app.http('GET', '/api/admin/promotions?kind=discount', { token: admin })).body.items.find(
    (p: { name: string }) => p.name === '双十二九折',
  ).id as number;

  // paid: normal A×2 (discount 2000, 满减 2000) and gold E×1 (满减 2000); placed then cancelled: normal E×2
  const paidA = await placeAndPay(app, normal.token, [{ skuId: sku.A, quantity: 2 }]);
  const paidE = await placeAndPay(app, gold.token, [{ skuId: sku.E, quantity: 1 }]);
  const cancelled = await app.http('POST', '/api/orders', {
    token: normal.token,
    body: { items: [{ skuId: sku.E, quantity: 2 }], address: ADDRESS, requestId: 'promo-cancel-0001' },
  });
  expect(cancelled.status).toBe(201);
  expect(
    (await app.http('POST', `/api/orders/${cancelled.body.orderNo}/cancel`, { token: normal.token, body: {} })).status,
  ).toBe(200);
  await eventsDrained(app.services);

  expect(paidA.paidFen).toBe(16_000);
  expect(paidE.paidFen).toBe(13_000);
  const stats = (id: number) => app.http('GET', `/api/admin/promotions/${id}/stats`, { token: admin });
  expect((await stats(fullReduction)).body).toEqual({
    promotionId: fullReduction,
    placedOrders: 3,
    paidOrders: 2,
    cancelledOrders: 1,
    participants: 2,
    gmvFen: 16_000 + 13_000,
    refundedFen: 0,
    discountFen: 4_000,
    // nobody opened a product page here: views are campaign-effects.test.ts's subject
    views: { views: 0, uniqueViewers: 0, viewToOrderBps: 0, byPromoter: [] },
  });
  expect((await stats(discount)).body).toMatchObject({
    placedOrders: 1,
    paidOrders: 1,
    participants: 1,
    gmvFen: 16_000,
  });
  // the order's own adjustments name the activities
  const adjustments = await app.query(
    `SELECT a.code, a.amount_fen, a.ref FROM order_adjustments a JOIN orders o ON o.id = a.order_id
      WHERE o.order_no = ? ORDER BY a.id`,
    [paidA.orderNo],
  );
  expect(adjustments.map((a) => [a.code, Number(a.amount_fen), a.ref])).toEqual([
    ['discount', 2_000, String(discount)],
    ['full_reduction', 2_000, String(fullReduction)],
  ]);
  // one of the two units of A refunded (after-sales, refund only): the activities' GMV falls by its share, once
  const asked = await app.http('POST', '/api/aftersales', {
    token: normal.token,
    body: { orderNo: paidA.orderNo, skuId: sku.A, kind: 'refund_only', quantity: 1, reason: 'changed_mind' },
  });
  expect(asked.status).toBe(201);
  const approved = await app.http('POST', `/api/admin/aftersales/${asked.body.aftersaleNo}/approve`, {
    token: admin,
    body: { note: '同意退款' },
  });
  expect(approved.status).toBe(200);
  await queuesDrained(app.services, { timeoutMs: 60_000 });
  expect((await stats(fullReduction)).body).toMatchObject({
    paidOrders: 2,
    gmvFen: 29_000 - 8_000,
    refundedFen: 8_000,
  });
  expect((await stats(discount)).body).toMatchObject({ gmvFen: 8_000, refundedFen: 8_000 });
  // the effect records agree with the orders' adjustments, and refunds stay within what was paid
  expect(await checkInvariants(app.services.sequelize)).toEqual([]);

  // used by orders: ending is the way out, not deleting
  const del = await app.http('DELETE', `/api/admin/promotions/${discount}`, { token: admin });
  expect(del.status).toBe(409);
  expect(del.body.error.code).toBe('PROMOTION_IN_USE');
});
