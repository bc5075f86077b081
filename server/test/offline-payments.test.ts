import { createAdmin } from '../src/modules/admin';
import { expireOfflineTransfer, offlineDeadlineJobId, sweepOfflineDeadlines } from '../src/modules/payments';
import { queuesDrained } from './support/drained';
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

/** Moves a transfer's deadline into the past (the clock cannot be): the job and the sweep then find it due. */
async function passDeadline(paymentId: number) {
  await app.query('UPDATE offline_transfers SET deadline_at = ? WHERE payment_id = ?', [
    new Date(Date.now() - 1_000),
    paymentId,
  ]);
}

async function stockOf(orderNo: string) {
  const [row] = await app.query(
    'SELECT s.stock, s.reserved FROM sku_stocks s JOIN order_lines l ON l.sku_id = s.sku_id JOIN orders o ON o.id = l.order_id WHERE o.order_no = ?',
    [orderNo],
  );
  return { stock: Number(row.stock), reserved: Number(row.reserved) };
}

test('a transfer not confirmed by its deadline: the delayed job cancels the order and returns its stock, once', async () => {
  const { token, order } = await unpaidOrder(app, 'transfer-deadline', 5_000);
  const start = await app.http('POST', '/api/payments/offline/start', { token, body: { orderNo: order.orderNo } });
  const paymentId = start.body.payment.id as number;
  const job = await app.services.queues.payments.getJob(offlineDeadlineJobId(paymentId));
  expect(job).not.toBeNull();
  // OFFLINE_DEADLINE_HOURS defaults to 72
  expect(Math.abs(job!.timestamp + job!.opts.delay! - Date.parse(start.body.payment.offline.deadlineAt))).toBeLessThan(
    2_000,
  );
  const before = await stockOf(order.orderNo);
  expect(before.reserved).toBeGreaterThan(0);

  await passDeadline(paymentId);
  await job!.promote();
  await queuesDrained(app.services);
  expect(await orderStatus(order.orderNo)).toBe('cancelled');
  const after = await stockOf(order.orderNo);
  expect(after).toEqual({ stock: before.stock + 1, reserved: before.reserved - 1 });
  const [payment] = await app.query('SELECT status FROM payments WHERE id = ?', [paymentId]);
  expect(payment.status).toBe('closed');
  const [event] = await app.query(
    "SELECT e.actor FROM order_events e JOIN orders o ON o.id = e.order_id WHERE o.order_no = ? AND e.to_status = 'cancelled'",
    [order.orderNo],
  );
  expect(event.actor).toBe('system:offline-deadline');

  // again (a retried job, the sweep): nothing more moves
  expect(await expireOfflineTransfer(app.services, paymentId)).toBe('settled');
  expect(await stockOf(order.orderNo)).toEqual(after);
  // a proof sent after the cancel is refused
  expect((await uploadProof(token, paymentId)).status).toBe(409);
});

test('a proof under review holds the deadline; once rejected, the sweep cancels the overdue order', async () => {
  const { token, order } = await unpaidOrder(app, 'transfer-held', 5_000);
  const start = await app.http('POST', '/api/payments/offline/start', { token, body: { orderNo: order.orderNo } });
  const paymentId = start.body.payment.id as number;
  expect((await uploadProof(token, paymentId)).status).toBe(200);
  await passDeadline(paymentId);

  expect(await expireOfflineTransfer(app.services, paymentId)).toBe('held');
  expect(await sweepOfflineDeadlines(app.services)).toBe(0);
  expect(await orderStatus(order.orderNo)).toBe('pending_payment');

  const reject = await app.http('POST', `/api/admin/payments/${paymentId}/offline/reject`, {
    token: await app.adminToken(),
    body: { reason: '金额不符' },
  });
  expect(reject.status).toBe(200);
  expect(await sweepOfflineDeadlines(app.services)).toBeGreaterThanOrEqual(1);
  expect(await orderStatus(order.orderNo)).toBe('cancelled');
});

test('a transfer confirmed in time is paid; its deadline job then changes nothing', async () => {
  const { token, order } = await unpaidOrder(app, 'transfer-in-time', 5_000);
  const start = await app.http('POST', '/api/payments/offline/start', { token, body: { orderNo: order.orderNo } });
  const paymentId = start.body.payment.id as number;
  await uploadProof(token, paymentId);
  const confirmed = await app.http('POST', `/api/admin/payments/${paymentId}/offline/confirm`, {
    token: await app.adminToken(),
  });
  expect(confirmed.status).toBe(200);
  await passDeadline(paymentId);
  expect(await expireOfflineTransfer(app.services, paymentId)).toBe('settled');
  expect(await orderStatus(order.orderNo)).toBe('paid');
});
