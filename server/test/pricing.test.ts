import { createProduct, placeOrder } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

let app: TestApp;
let admin: string;
let product: Awaited<ReturnType<typeof createProduct>>;
let skuId: number;

const HOUR = 3_600_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

async function createRule(body: Record<string, unknown>) {
  return app.http('POST', '/api/admin/price-rules', { token: admin, body });
}

async function memberOfLevel(openid: string, levelCode: string) {
  const { token, member } = await app.loginMember(openid);
  await app.query('UPDATE loyalty_accounts SET level_code = ? WHERE member_id = ?', [levelCode, member.id]);
  return token as string;
}

const getProduct = (token?: string, headers: Record<string, string> = {}) =>
  app.http('GET', `/api/products/${product.id}`, { token, headers });

beforeAll(async () => {
  app = await startTestApp();
  admin = await app.adminToken();
  product = await createProduct(app, { name: '定价测试商品', priceFen: 10_000, stock: 50 });
  skuId = product.skus[0].id;
});

afterAll(async () => {
  await app?.stop();
});

test('a guest pays the base price and is told what a 银卡 member would pay', async () => {
  const res = await getProduct();
  expect(res.status).toBe(200);
  expect(res.body.skus[0]).toMatchObject({
    priceFen: 10_000,
    basePriceFen: 10_000,
    priceLabel: null,
    nextLevel: { levelCode: 'silver', name: '银卡', priceFen: 9_700 }, // the ladder's 3% off
  });
});

test('a level price rule prices the gold member, and the normal member sees nothing of it but the ladder', async () => {
  const created = await createRule({
    kind: 'level',
    productId: product.id,
    skuId,
    levelCode: 'gold',
    fixedPriceFen: 8_000,
  });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ kind: 'level', levelCode: 'gold', fixedPriceFen: 8_000, discountBps: null });

  const gold = await memberOfLevel('pricing-gold', 'gold');
  const normal = await memberOfLevel('pricing-normal', 'normal');
  const silver = await memberOfLevel('pricing-silver', 'silver');
  expect((await getProduct(gold)).body).toMatchObject({
    priceFen: 8_000,
    basePriceFen: 10_000,
    priceLabel: '金卡价',
    skus: [{ priceFen: 8_000, priceLabel: '金卡价' }],
  });
  expect((await getProduct(gold)).body.skus[0].nextLevel).toBeNull(); // 钻石 pays 9,200 by the ladder: not lower
  expect((await getProduct(normal)).body.skus[0]).toMatchObject({ priceFen: 10_000, priceLabel: null });
  expect((await getProduct(silver)).body.skus[0]).toMatchObject({
    priceFen: 9_700,
    priceLabel: '银卡价',
    nextLevel: { levelCode: 'gold', name: '金卡', priceFen: 8_000 },
  });
  const list = await app.http('GET', `/api/products?keyword=${encodeURIComponent('定价测试')}`, { token: gold });
  expect(list.body.items[0]).toMatchObject({
    id: product.id,
    priceFen: 8_000,
    basePriceFen: 10_000,
    priceLabel: '金卡价',
  });
  const audit = await app.query("SELECT action FROM admin_audit_logs WHERE target_type = 'price_rule'");
  expect(audit).toEqual([{ action: 'price_rule.create' }]);
});

test('the channel comes from x-channel: an h5 price applies on h5 only, and an unknown channel is a 400', async () => {
  const created = await createRule({ kind: 'channel', productId: product.id, channel: 'h5', fixedPriceFen: 9_900 });
  expect(created.status).toBe(201);
  expect((await getProduct(undefined, { 'x-channel': 'h5' })).body.skus[0]).toMatchObject({
    priceFen: 9_900,
    priceLabel: 'H5专享价',
  });
  expect((await getProduct(undefined, { 'x-channel': 'weapp' })).body.skus[0].priceFen).toBe(10_000);
  const bad = await getProduct(undefined, { 'x-channel': 'tiktok' });
  expect(bad.status).toBe(400);
  expect(bad.body.error).toMatchObject({ code: 'INVALID_CHANNEL', field: 'channel' });
});

test('a running special price below the level price wins; the order charges it and records the rule', async () => {
  const promo = await createRule({
    kind: 'special',
    productId: product.id,
    discountBps: 2_500,
    startsAt: iso(-HOUR),
    endsAt: iso(HOUR),
  });
  expect(promo.status).toBe(201);
  const gold = await memberOfLevel('pricing-gold-2', 'gold');
  expect((await getProduct(gold)).body.skus[0]).toMatchObject({ priceFen: 7_500, priceLabel: '限时价' });

  const order = await placeOrder(app, gold, skuId, 2);
  expect(order.payableFen).toBe(15_000);
  const [line] = await app.query(
    'SELECT l.unit_price_fen, l.base_price_fen, l.price_source, l.price_rule_id, l.price_label FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.order_no = ?',
    [order.orderNo],
  );
  expect(line).toMatchObject({ price_source: 'special', price_rule_id: promo.body.id, price_label: '限时价' });
  expect(Number(line.unit_price_fen)).toBe(7_500);
  expect(Number(line.base_price_fen)).toBe(10_000);

  // once the special price is deleted, gold pays its level price again
  const deleted = await app.http('DELETE', `/api/admin/price-rules/${promo.body.id}`, { token: admin });
  expect(deleted.status).toBe(204);
  expect((await getProduct(gold)).body.skus[0]).toMatchObject({ priceFen: 8_000, priceLabel: '金卡价' });
});

test('a rule is replaced by PUT, audited with before and after', async () => {
  const created = await createRule({ kind: 'level', productId: product.id, levelCode: 'diamond', discountBps: 1_000 });
  const updated = await app.http('PUT', `/api/admin/price-rules/${created.body.id}`, {
    token: admin,
    body: { kind: 'level', productId: product.id, levelCode: 'diamond', discountBps: 2_000, label: '钻石专享' },
  });
  expect(updated.status).toBe(200);
  expect(updated.body).toMatchObject({ discountBps: 2_000, label: '钻石专享' });
  const diamond = await memberOfLevel('pricing-diamond', 'diamond');
  expect((await getProduct(diamond)).body.skus[0]).toMatchObject({ priceFen: 8_000, priceLabel: '钻石专享' });
  const [audit] = await app.query(
    "SELECT before_json, after_json FROM admin_audit_logs WHERE action = 'price_rule.update' AND target_id = ?",
    [String(created.body.id)],
  );
  expect(JSON.parse(audit.before_json)).toMatchObject({ discountBps: 1_000 });
  expect(JSON.parse(audit.after_json)).toMatchObject({ discountBps: 2_000 });
});

test('the preview shows what every level pays for each SKU on a channel', async () => {
  const res = await app.http('GET', `/api/admin/price-rules/preview?productId=${product.id}&channel=h5`, {
    token: admin,
  });
  expect(res.status).toBe(200);
  const grid = res.body.skus[0].levels.map((l: { levelCode: string; priceFen: number; label: string | null }) => [
    l.levelCode,
    l.priceFen,
    l.label,
  ]);
  expect(grid).toEqual([
    ['normal', 9_900, 'H5专享价'],
    ['silver', 9_603, '银卡价'], // 3% off the h5 list price, rounded down
    ['gold', 8_000, '金卡价'],
    ['diamond', 7_920, '钻石专享'],
  ]);
});

test('a product card is priced at its cheapest active SKU: a removed SKU no longer counts', async () => {
  const body = {
    name: '停用规格测试',
    coverUrl: '/media/products/protein.svg',
    skus: [
      { specs: { 规格: '小' }, priceFen: 1_000, stock: 5 },
      { specs: { 规格: '大' }, priceFen: 3_000, stock: 5 },
    ],
  };
  const created = await app.http('POST', '/api/admin/products', { token: admin, body: { ...body, status: 'on_sale' } });
  expect(created.status).toBe(201);
  const listed = async () =>
    (await app.http('GET', `/api/products?keyword=${encodeURIComponent('停用规格')}`)).body.items[0];
  expect(await listed()).toMatchObject({ priceFen: 1_000, basePriceFen: 1_000 });
  const updated = await app.http('PUT', `/api/admin/products/${created.body.id}`, {
    token: admin,
    body: { ...body, skus: [body.skus[1]] },
  });
  expect(updated.status).toBe(200);
  expect(await listed()).toMatchObject({ priceFen: 3_000, basePriceFen: 3_000 });
});

describe('bad price rules are refused with a 4xx and nothing is written', () => {
  const cases: [string, () => Record<string, unknown>, number, string, string][] = [
    [
      'bps above 10000',
      () => ({ kind: 'level', productId: product.id, levelCode: 'gold', discountBps: 10_001 }),
      400,
      'VALIDATION_FAILED',
      'discountBps',
    ],
    [
      'a zero fixed price',
      () => ({ kind: 'channel', productId: product.id, channel: 'weapp', fixedPriceFen: 0 }),
      400,
      'VALIDATION_FAILED',
      'fixedPriceFen',
    ],
    [
      'both a fixed price and bps',
      () => ({ kind: 'channel', productId: product.id, channel: 'weapp', fixedPriceFen: 10, discountBps: 10 }),
      400,
      'VALIDATION_FAILED',
      'fixedPriceFen',
    ],
    [
      'a window ending before it starts',
      () => ({ kind: 'special', productId: product.id, fixedPriceFen: 10, startsAt: iso(HOUR), endsAt: iso(-HOUR) }),
      400,
      'VALIDATION_FAILED',
      'endsAt',
    ],
    [
      'an unknown channel',
      () => ({ kind: 'channel', productId: product.id, channel: 'tiktok', fixedPriceFen: 10 }),
      400,
      'VALIDATION_FAILED',
      'channel',
    ],
    [
      'a special price already over',
      () => ({
        kind: 'special',
        productId: product.id,
        fixedPriceFen: 10,
        startsAt: iso(-2 * HOUR),
        endsAt: iso(-HOUR),
      }),
      422,
      'SPECIAL_PRICE_ALREADY_ENDED',
      'endsAt',
    ],
    [
      'an unknown level',
      () => ({ kind: 'level', productId: product.id, levelCode: 'platinum', discountBps: 100 }),
      422,
      'UNKNOWN_LEVEL',
      'levelCode',
    ],
    [
      'an unknown product',
      () => ({ kind: 'level', productId: 999_999, levelCode: 'gold', discountBps: 100 }),
      422,
      'UNKNOWN_PRODUCT',
      'productId',
    ],
    [
      "another product's SKU",
      () => ({ kind: 'level', productId: product.id, skuId: 999_999, levelCode: 'gold', discountBps: 100 }),
      422,
      'SKU_NOT_IN_PRODUCT',
      'skuId',
    ],
    [
      'a fixed price above the base price',
      () => ({ kind: 'level', productId: product.id, levelCode: 'silver', fixedPriceFen: 10_001 }),
      422,
      'PRICE_ABOVE_BASE',
      'fixedPriceFen',
    ],
    [
      'a second gold price for the same SKU',
      () => ({ kind: 'level', productId: product.id, skuId, levelCode: 'gold', discountBps: 100 }),
      409,
      'PRICE_RULE_EXISTS',
      'kind',
    ],
  ];
  test.each(cases)('%s', async (_name, body, status, code, field) => {
    const [before] = await app.query('SELECT COUNT(*) AS n FROM price_rules');
    const [auditBefore] = await app.query('SELECT COUNT(*) AS n FROM admin_audit_logs');
    const res = await createRule(body());
    expect(res.status).toBe(status);
    expect(res.body.error).toMatchObject({ code, field });
    expect(await app.query('SELECT COUNT(*) AS n FROM price_rules')).toEqual([before]);
    expect(await app.query('SELECT COUNT(*) AS n FROM admin_audit_logs')).toEqual([auditBefore]);
  });

  test('a member token cannot write price rules', async () => {
    const { token } = await app.loginMember('pricing-intruder');
    const res = await app.http('POST', '/api/admin/price-rules', {
      token,
      body: { kind: 'level', productId: product.id, levelCode: 'gold', discountBps: 100 },
    });
    expect(res.status).toBe(401);
  });
});
