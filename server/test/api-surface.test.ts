import { createAdmin } from '../src/modules/admin';
import { ADDRESS, createProduct } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

async function rowCounts() {
  const tables = [
    'members',
    'products',
    'skus',
    'orders',
    'order_lines',
    'order_events',
    'payments',
    'admin_audit_logs',
  ];
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t] = Number((await app.query(`SELECT COUNT(*) AS n FROM ${t}`))[0].n);
  return counts;
}

describe('bad input gets 400 with code, message and field, and writes nothing', () => {
  test.each([
    ['order without items', '/api/orders', 'member', { items: [], address: ADDRESS, requestId: 'abcdefgh1' }, 'items'],
    [
      'order with a bad quantity',
      '/api/orders',
      'member',
      { items: [{ skuId: 1, quantity: 0 }], address: ADDRESS, requestId: 'abcdefgh2' },
      'items.0.quantity',
    ],
    [
      'order with a bad phone',
      '/api/orders',
      'member',
      { items: [{ skuId: 1, quantity: 1 }], address: { ...ADDRESS, phone: '123' }, requestId: 'abcdefgh3' },
      'address.phone',
    ],
    [
      'order without an address',
      '/api/orders',
      'member',
      { items: [{ skuId: 1, quantity: 1 }], requestId: 'abcdefgh4' },
      'address',
    ],
    ['login without a code', '/api/auth/wechat-login', 'none', {}, 'code'],
    ['prepay with a malformed order number', '/api/payments/wechat/prepay', 'member', { orderNo: 'x' }, 'orderNo'],
    [
      'product with a fractional price',
      '/api/admin/products',
      'admin',
      { name: 'x', coverUrl: '/a.png', skus: [{ specs: { a: 'b' }, priceFen: 1.5, stock: 1 }] },
      'skus.0.priceFen',
    ],
    ['product without SKUs', '/api/admin/products', 'admin', { name: 'x', coverUrl: '/a.png', skus: [] }, 'skus'],
  ])('%s', async (_name, path, who, body, field) => {
    const token =
      who === 'member'
        ? (await app.loginMember('validator')).token
        : who === 'admin'
          ? await app.adminToken()
          : undefined;
    const before = await rowCounts();
    const res = await app.http('POST', path, { token, body });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.any(String), field });
    expect(await rowCounts()).toEqual(before);
  });

  test('malformed JSON is a 400 INVALID_JSON', async () => {
    const res = await app.http('POST', '/api/auth/wechat-login', {
      body: '{"code":',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_JSON');
  });

  test('a bad path parameter and a bad query parameter name their field', async () => {
    const product = await app.http('GET', '/api/products/abc');
    expect(product.status).toBe(400);
    expect(product.body.error.field).toBe('id');
    const page = await app.http('GET', '/api/products?pageSize=1000');
    expect(page.status).toBe(400);
    expect(page.body.error.field).toBe('pageSize');
  });

  test('ordering more than the stock is refused and writes nothing', async () => {
    const product = await createProduct(app, { stock: 1 });
    const { token } = await app.loginMember('greedy');
    const before = await rowCounts();
    const res = await app.http('POST', '/api/orders', {
      token,
      body: { items: [{ skuId: product.skus[0].id, quantity: 2 }], address: ADDRESS, requestId: 'greedy-0001' },
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'OUT_OF_STOCK', field: 'items' });
    expect(await rowCounts()).toEqual(before);
  });
});

describe('access', () => {
  test('member routes need a member token; a member token does not open admin routes', async () => {
    expect((await app.http('GET', '/api/orders')).status).toBe(401);
    const { token } = await app.loginMember('curious');
    const res = await app.http('GET', '/api/admin/orders', { token });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('INVALID_TOKEN');
  });

  test('an admin acts only within the role: an auditor cannot create products', async () => {
    await createAdmin('auditor1', 'auditor-password-1', 'auditor');
    const login = await app.http('POST', '/api/admin/auth/login', {
      body: { username: 'auditor1', password: 'auditor-password-1' },
    });
    expect(login.body.permissions).toContain('audit:read');
    const res = await app.http('POST', '/api/admin/products', {
      token: login.body.token,
      body: { name: 'x', coverUrl: '/a.png', skus: [{ specs: { a: 'b' }, priceFen: 100, stock: 1 }] },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect((await app.http('GET', '/api/admin/audit-logs', { token: login.body.token })).status).toBe(200);
  });

  test('a wrong admin password is refused without saying which part was wrong', async () => {
    const res = await app.http('POST', '/api/admin/auth/login', { body: { username: 'admin', password: 'nope-nope' } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('INVALID_CREDENTIALS');
  });

  test('every admin write is audited with who, what, before and after', async () => {
    const product = await createProduct(app, { name: '审计商品' });
    const token = await app.adminToken();
    const off = await app.http('POST', `/api/admin/products/${product.id}/status`, {
      token,
      body: { status: 'off_sale', reason: '下架检查' },
    });
    expect(off.status).toBe(200);
    const logs = await app.http('GET', `/api/admin/audit-logs?targetType=product&targetId=${product.id}`, { token });
    expect(logs.body.items.map((l: { action: string }) => l.action)).toEqual(['product.status', 'product.create']);
    expect(logs.body.items[0]).toMatchObject({
      adminUsername: 'admin',
      before: { status: 'on_sale' },
      after: { status: 'off_sale' },
    });
    // an illegal transition is an error, never a silent write
    const again = await app.http('POST', `/api/admin/products/${product.id}/status`, {
      token,
      body: { status: 'draft' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ILLEGAL_TRANSITION');
  });

  test('Bull Board needs the queues:manage permission', async () => {
    expect((await app.http('GET', '/admin/queues')).status).toBe(401);
    const res = await app.http('GET', '/admin/queues', { token: await app.adminToken() });
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html');
  });
});

describe('operations endpoints', () => {
  test('/health reports database, redis and queues', async () => {
    const res = await app.http('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      database: { ok: true },
      redis: { ok: true },
      queues: { orders: { ok: true } },
    });
  });

  test('/openapi.json lists every registered route, /docs serves Swagger UI, /metrics exposes Prometheus text', async () => {
    const doc = (await app.http('GET', '/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    const documented = new Set(
      Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
      ),
    );
    // Bull Board is one mounted app, documented by its prefix
    const registered = app.api
      .registeredLayers()
      .map((l) => `${l.method} ${l.path.replace(/:([A-Za-z_]\w*)/g, '{$1}')}`);
    for (const route of registered) expect(documented).toContain(route);
    expect(doc.paths['/api/orders'].post.requestBody.content['application/json'].schema.properties.items).toBeDefined();

    const docs = await app.http('GET', '/docs');
    expect(docs.text).toContain('swagger-ui-bundle.js');
    expect((await app.http('GET', '/docs/assets/swagger-ui-bundle.js')).status).toBe(200);

    const metrics = await app.http('GET', '/metrics');
    expect(metrics.text).toContain('http_request_duration_seconds');
  });

  test('an unknown route is a JSON 404', async () => {
    const res = await app.http('GET', '/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('ROUTE_NOT_FOUND');
  });

  test('the login rate limit answers 429 with Retry-After once exceeded', async () => {
    const limited = await startTestApp({ RATE_LIMIT_LOGIN_PER_MINUTE: '3' });
    try {
      const codes = [];
      for (let i = 0; i < 5; i++)
        codes.push((await limited.http('POST', '/api/auth/wechat-login', { body: { code: 'nope' } })).status);
      expect(codes).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await limited.stop();
    }
  });
});
