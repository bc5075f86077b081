import { createAdmin } from '../src/modules/admin';
import { unpaidOrder } from './support/payments';
import { startTestApp, TEST_ADMIN, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ OFFLINE_DUAL_CONTROL_ABOVE_FEN: '100000' });
});
afterAll(() => app.stop());

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

async function adminLogin(username: string, password: string) {
  const res = await app.http('POST', '/api/admin/auth/login', { body: { username, password } });
  if (res.status !== 200) throw new Error(`admin login failed: ${res.text}`);
  return res.body.token as string;
}

async function uploadProof(token: string, paymentId: number) {
  const form = new FormData();
  form.append('file', new Blob([PNG], { type: 'image/png' }), 'receipt.png');
  const res = await fetch(`${app.url}/api/payments/offline/${paymentId}/proof`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function orderStatus(orderNo: string) {
  const [row] = await app.query('SELECT status FROM orders WHERE order_no = ?', [orderNo]);
  return row.status as string;
}

test('a large bank transfer needs two different admins; each step is audited', async () => {
  await createAdmin('finance-2', 'finance-2-password', 'super_admin');
  const first = await app.adminToken();
  const second = await adminLogin('finance-2', 'finance-2-password');
  const { token, order } = await unpaidOrder(app, 'transfer-big', 250_000);

  const start = await app.http('POST', '/api/payments/offline/start', { token, body: { orderNo: order.orderNo } });
  expect(start.status).toBe(200);
  expect(start.body.account.accountNo).toBeTruthy();
  expect(start.body.payment.offline).toMatchObject({
    status: 'awaiting_proof',
    reference: expect.stringMatching(/^ZZ/),
  });
  const again = await app.http('POST', '/api/payments/offline/start', { token, body: { orderNo: order.orderNo } });
  expect(again.body.payment.offline.reference).toBe(start.body.payment.offline.reference);
  const paymentId = start.body.payment.id as number;

  // confirming before any proof is refused
  const early = await app.http('POST', `/api/admin/payments/${paymentId}/offline/confirm`, { token: first });
  expect(early.status).toBe(409);

  expect((await uploadProof(token, paymentId)).body.offline.status).toBe('proof_uploaded');
  const one = await app.http('POST', `/api/admin/payments/${paymentId}/offline/confirm`, { token: first });
  expect(one.body.offline.status).toBe('first_confirmed');
  expect(await orderStatus(order.orderNo)).toBe('pending_payment');
  const same = await app.http('POST', `/api/admin/payments/${paymentId}/offline/confirm`, { token: first });
  expect(same.status).toBe(409);
  expect(same.body.error.code).toBe('SECOND_ADMIN_REQUIRED');
  const two = await app.http('POST', `/api/admin/payments/${paymentId}/offline/confirm`, { token: second });
  expect(two.status).toBe(200);
  expect(two.body).toMatchObject({ status: 'succeeded', offline: { status: 'confirmed' } });
  expect(two.body.offlineConfirmations.map((c: { username: string }) => c.username)).toEqual([
    TEST_ADMIN.username,
    'finance-2',
  ]);
  expect(await orderStatus(order.orderNo)).toBe('paid');
  const audits = await app.query(
    "SELECT admin_username FROM admin_audit_logs WHERE action = 'payments.offline_confirm' AND target_id = ? ORDER BY id",
    [String(paymentId)],
  );
  expect(audits.map((a) => a.admin_username)).toEqual([TEST_ADMIN.username, 'finance-2']);
  const proof = await fetch(`${app.url}/api/admin/payments/${paymentId}/offline/proof`, {
    headers: { authorization: `Bearer ${first}` },
  });
  expect(proof.headers.get('content-type')).toBe('image/png');
});

test('a rejected proof can be sent again; a small transfer needs one confirmation', async () => {
  const admin = await app.adminToken();
  const { token, order } = await unpaidOrder(app, 'transfer-small', 5_000);
  const start = await app.http('POST', '/api/payments/offline/start', { token, body: { orderNo: order.orderNo } });
  const paymentId = start.body.payment.id as number;
  await uploadProof(token, paymentId);
  const rejected = await app.http('POST', `/api/admin/payments/${paymentId}/offline/reject`, {
    token: admin,
    body: { reason: '金额与订单不符' },
  });
  expect(rejected.body.offline).toMatchObject({ status: 'rejected', rejectReason: '金额与订单不符' });
  expect((await uploadProof(token, paymentId)).body.offline.status).toBe('proof_uploaded');
  const confirmed = await app.http('POST', `/api/admin/payments/${paymentId}/offline/confirm`, { token: admin });
  expect(confirmed.body.status).toBe('succeeded');
  expect(await orderStatus(order.orderNo)).toBe('paid');
  const list = await app.http('GET', '/api/admin/payments?channel=offline', { token: admin });
  expect(list.body.items.map((p: { orderNo: string }) => p.orderNo)).toContain(order.orderNo);
});

test("a member cannot act on another member's transfer, and an admin without the permission cannot confirm", async () => {
  const { token, order } = await unpaidOrder(app, 'transfer-owner', 5_000);
  const start = await app.http('POST', '/api/payments/offline/start', { token, body: { orderNo: order.orderNo } });
  const paymentId = start.body.payment.id as number;
  const { token: other } = await app.loginMember('transfer-stranger');
  expect((await uploadProof(other, paymentId)).status).toBe(404);
  expect((await uploadProof(token, paymentId)).status).toBe(200);
  await createAdmin('service-desk', 'service-desk-password', 'customer_service');
  const desk = await adminLogin('service-desk', 'service-desk-password');
  const refused = await app.http('POST', `/api/admin/payments/${paymentId}/offline/confirm`, { token: desk });
  expect(refused.status).toBe(403);
  expect(await orderStatus(order.orderNo)).toBe('pending_payment');
});

test('an unpaid order waiting for a transfer is not cancelled by its payment timeout', async () => {
  const { token, order } = await unpaidOrder(app, 'transfer-slow', 5_000);
  await app.http('POST', '/api/payments/offline/start', { token, body: { orderNo: order.orderNo } });
  const { cancelUnpaidOrder } = await import('../src/modules/orders');
  const after = await cancelUnpaidOrder(app.services, app.services.paymentSettler, order.orderNo, {
    actor: 'system:timeout',
    reason: 'payment timeout',
  });
  expect(after.status).toBe('pending_payment');
});
