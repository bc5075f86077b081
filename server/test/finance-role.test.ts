import { createAdmin } from '../src/modules/admin';
import { permissionsOf } from '../src/platform/http/rbac';
import { createProduct } from './support/fixtures';
import { unpaidOrder } from './support/payments';
import { startTestApp, type TestApp } from './support/test-app';

/** The finance role (财务): payments, refunds, bank transfers and the order export; not the catalog or members. */
let app: TestApp;
let finance: string;
beforeAll(async () => {
  app = await startTestApp();
  await createAdmin('finance-clerk', 'finance-clerk-password', 'finance');
  const login = await app.http('POST', '/api/admin/auth/login', {
    body: { username: 'finance-clerk', password: 'finance-clerk-password' },
  });
  expect(login.status).toBe(200);
  finance = login.body.token as string;
});
afterAll(() => app.stop());

const as = (method: 'GET' | 'POST' | 'PUT', path: string, body?: object) =>
  app.http(method, path, { token: finance, ...(body ? { body } : {}) });

test('finance holds the money permissions and none of catalog or member administration', () => {
  expect([...permissionsOf('finance')].sort()).toEqual([
    'aftersales:read',
    'aftersales:refund',
    'distribution:read',
    'finance:reconcile',
    'orders:read',
    'payments:offline-confirm',
    'payments:read',
    'reports:export',
    'reports:read',
    'risk:read',
    'risk:resolve',
    'withdrawals:read',
    'withdrawals:review',
  ]);
});

test('finance can: payments, refunds, confirm a bank transfer, search and export orders, read after-sales', async () => {
  expect((await as('GET', '/api/admin/payments')).status).toBe(200);
  expect((await as('GET', '/api/admin/refunds')).status).toBe(200);
  expect((await as('GET', '/api/admin/orders')).status).toBe(200);
  const exported = await as('GET', '/api/admin/orders/export');
  expect(exported.status).toBe(200);
  expect(exported.headers.get('content-type')).toContain('spreadsheetml');
  expect((await as('GET', '/api/admin/aftersales')).status).toBe(200);

  const { token, order } = await unpaidOrder(app, 'finance-transfer', 5_000);
  const start = await app.http('POST', '/api/payments/offline/start', { token, body: { orderNo: order.orderNo } });
  const paymentId = start.body.payment.id as number;
  const form = new FormData();
  form.append('file', new Blob([Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex')]), 'r.png');
  await fetch(`${app.url}/api/payments/offline/${paymentId}/proof`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const confirmed = await as('POST', `/api/admin/payments/${paymentId}/offline/confirm`);
  expect(confirmed.status).toBe(200);
  const [audit] = await app.query(
    "SELECT admin_username FROM admin_audit_logs WHERE action = 'payments.offline_confirm' AND target_id = ?",
    [String(paymentId)],
  );
  expect(audit).toEqual({ admin_username: 'finance-clerk' });

  // retrying a refund is theirs: an unknown request is a 404, not a 403
  expect((await as('POST', '/api/admin/aftersales/AS0000000000ZZZZZZ/retry-refund')).status).toBe(404);
});

test('finance cannot: change the catalog, see or change members, handle after-sales, ship or move stock', async () => {
  const product = await createProduct(app, { priceFen: 1_000 });
  const refused = [
    await as('GET', '/api/admin/products'),
    await as('POST', '/api/admin/categories', { name: '财务不该建的类目' }),
    await as('POST', `/api/admin/products/batch-status`, { productIds: [product.id], status: 'off_sale' }),
    await as('GET', '/api/admin/members'),
    await as('POST', '/api/admin/members/1/points', { deltaPoints: 100, reason: '不该有', requestId: 'finance-x' }),
    await as('POST', '/api/admin/aftersales/AS0000000000ZZZZZZ/approve', {}),
    await as('POST', '/api/admin/orders/20261201000000000001/shipments', {
      carrierCode: 'zhongtong',
      trackingNo: 'ZT0001',
    }),
    await as('GET', '/api/admin/audit-logs'),
  ];
  expect(refused.map((r) => r.status)).toEqual(refused.map(() => 403));
});
