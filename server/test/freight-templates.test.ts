import { ADDRESS, createProduct } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

/** Shipping-fee templates: admin CRUD (freight:write, audited), products naming them, the quote charging them. */
let app: TestApp;
let admin: string;
beforeAll(async () => {
  app = await startTestApp();
  admin = await app.adminToken();
});
afterAll(() => app.stop());

const byWeight = {
  name: '按重 两广',
  basis: 'weight',
  freeAboveFen: null,
  rules: [{ regions: ['广东', '广西'], firstUnits: 1_000, firstFeeFen: 1_000, extraUnits: 500, extraFeeFen: 400 }],
};

test('an admin creates, changes and deletes a template; every write is audited', async () => {
  const created = await app.http('POST', '/api/admin/freight-templates', { token: admin, body: byWeight });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ name: '按重 两广', basis: 'weight', freeAboveFen: null, rules: byWeight.rules });
  const id = created.body.id as number;

  const changed = await app.http('PUT', `/api/admin/freight-templates/${id}`, {
    token: admin,
    body: { ...byWeight, freeAboveFen: 30_000, rules: [...byWeight.rules, { ...byWeight.rules[0], regions: [] }] },
  });
  expect(changed.status).toBe(200);
  expect(changed.body.rules).toHaveLength(2);
  expect((await app.http('GET', `/api/admin/freight-templates/${id}`, { token: admin })).body.freeAboveFen).toBe(
    30_000,
  );
  expect((await app.http('GET', '/api/admin/freight-templates', { token: admin })).body.items).toHaveLength(1);

  const twoDefaults = await app.http('PUT', `/api/admin/freight-templates/${id}`, {
    token: admin,
    body: {
      ...byWeight,
      rules: [
        { ...byWeight.rules[0], regions: [] },
        { ...byWeight.rules[0], regions: [] },
      ],
    },
  });
  expect(twoDefaults.status).toBe(400);
  expect(twoDefaults.body.error.code).toBe('FREIGHT_RULES_INVALID');

  expect((await app.http('DELETE', `/api/admin/freight-templates/${id}`, { token: admin })).status).toBe(204);
  expect((await app.http('GET', `/api/admin/freight-templates/${id}`, { token: admin })).status).toBe(404);
  const audits = await app.query(
    "SELECT action, target_id FROM admin_audit_logs WHERE target_type = 'freight_template' ORDER BY id",
  );
  expect(audits).toEqual([
    { action: 'freight_template.create', target_id: String(id) },
    { action: 'freight_template.update', target_id: String(id) },
    { action: 'freight_template.delete', target_id: String(id) },
  ]);
  // without a token, nothing
  expect((await app.http('POST', '/api/admin/freight-templates', { body: byWeight })).status).toBe(401);
});

test('a product names its template and SKU weights through the product form; the quote and the order charge it', async () => {
  const template = await app.http('POST', '/api/admin/freight-templates', { token: admin, body: byWeight });
  const product = await app.http('POST', '/api/admin/products', {
    token: admin,
    body: {
      name: '按重商品',
      coverUrl: '/media/products/protein.svg',
      status: 'on_sale',
      freightTemplateId: template.body.id,
      skus: [{ specs: { 规格: '1kg' }, priceFen: 5_000, stock: 10, weightGrams: 1_200 }],
    },
  });
  expect(product.status).toBe(201);
  const skuId = product.body.skus[0].id as number;
  const { token } = await app.loginMember('freight-buyer');
  const guangzhou = { ...ADDRESS, region: '广东省 广州市 天河区' };
  const quote = await app.http('POST', '/api/orders/quote', {
    token,
    body: { items: [{ skuId, quantity: 2 }], address: guangzhou },
  });
  // 2,400 g: the first 1,000 g ¥10, then 3 × 500 g (the last part counts whole) ¥4 each
  expect(quote.body).toMatchObject({ itemsFen: 10_000, shippingFen: 2_200, payableFen: 12_200 });
  const order = await app.http('POST', '/api/orders', {
    token,
    body: {
      items: [{ skuId, quantity: 2 }],
      address: guangzhou,
      requestId: 'freight-order-0001',
      expectedPayableFen: 12_200,
    },
  });
  expect(order.status).toBe(201);
  expect(order.body).toMatchObject({ shippingFen: 2_200, payableFen: 12_200 });

  // a region the template does not deliver to is refused, and nothing is placed
  const beijing = { ...ADDRESS, region: '北京市 海淀区' };
  const refused = await app.http('POST', '/api/orders', {
    token,
    body: { items: [{ skuId, quantity: 1 }], address: beijing, requestId: 'freight-order-0002' },
  });
  expect(refused.status).toBe(409);
  expect(refused.body.error).toMatchObject({ code: 'NOT_DELIVERABLE', field: 'address' });
  // a product without a template ships free, as before templates
  const free = await createProduct(app, { priceFen: 1_000 });
  const freeQuote = await app.http('POST', '/api/orders/quote', {
    token,
    body: { items: [{ skuId: free.skus[0]!.id, quantity: 3 }], address: beijing },
  });
  expect(freeQuote.body).toMatchObject({ shippingFen: 0, payableFen: 3_000 });
});
