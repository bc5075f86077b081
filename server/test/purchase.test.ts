import { ADDRESS, createProduct, placeOrder } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('a member buys a product and the order turns paid only through a verified notification', async () => {
  const product = await createProduct(app, { stock: 5, priceFen: 2590 });
  const { token } = await app.loginMember('buyer-1');
  const list = await app.http('GET', '/api/products');
  expect(list.body.items.map((p: { id: number }) => p.id)).toContain(product.id);

  const order = await placeOrder(app, token, product.skus[0].id, 2);
  expect(order).toMatchObject({ status: 'pending_payment', payableFen: 5180 });

  const prepay = await app.http('POST', '/api/payments/wechat/prepay', { token, body: { orderNo: order.orderNo } });
  expect(prepay.status).toBe(200);
  expect(prepay.body.package).toMatch(/^prepay_id=/);
  const prepayId = prepay.body.package.slice('prepay_id='.length);

  const before = await app.http('GET', `/api/orders/${order.orderNo}`, { token });
  expect(before.body.status).toBe('pending_payment');

  const confirm = await app.http('POST', '/sandbox/wechatpay/confirm', { body: { prepayId } });
  expect(confirm.body.notified).toBe(true);

  const paid = await app.http('GET', `/api/orders/${order.orderNo}`, { token });
  expect(paid.body).toMatchObject({ status: 'paid', paidFen: 5180 });
  const events = await app.query('SELECT to_status, actor FROM order_events ORDER BY id');
  expect(events).toEqual([
    { to_status: 'pending_payment', actor: expect.stringMatching(/^member:/) },
    { to_status: 'paid', actor: 'wechatpay:notify' },
  ]);
  const [sku] = await app.query('SELECT stock FROM sku_stocks WHERE sku_id = ?', [product.skus[0].id]);
  expect(sku.stock).toBe(3);
});

test('another member cannot see my order', async () => {
  const product = await createProduct(app);
  const { token } = await app.loginMember('owner');
  const order = await placeOrder(app, token, product.skus[0].id);
  const { token: other } = await app.loginMember('stranger');
  const res = await app.http('GET', `/api/orders/${order.orderNo}`, { token: other });
  expect(res.status).toBe(404);
  const mine = await app.http('GET', '/api/orders', { token: other });
  expect(mine.body.items).toEqual([]);
});

test('an unpaid order is cancelled at its deadline and its stock comes back', async () => {
  const product = await createProduct(app, { stock: 3 });
  const { token } = await app.loginMember('slow-payer');
  const order = await placeOrder(app, token, product.skus[0].id, 3);
  await app.http('POST', '/api/payments/wechat/prepay', { token, body: { orderNo: order.orderNo } });
  // run the timeout now instead of in 30 minutes: the same job the delayed one would run
  await app.services.queues.orders.add(
    'expire-unpaid',
    { orderNo: order.orderNo },
    { jobId: `expire-now:${order.orderNo}` },
  );
  const cancelled = await waitFor(async () => {
    const res = await app.http('GET', `/api/orders/${order.orderNo}`, { token });
    return res.body.status === 'cancelled' ? res.body : undefined;
  });
  expect(cancelled.status).toBe('cancelled');
  const [sku] = await app.query('SELECT stock FROM sku_stocks WHERE sku_id = ?', [product.skus[0].id]);
  expect(sku.stock).toBe(3);
  const [payment] = await app.query(
    'SELECT p.status FROM payments p JOIN orders o ON o.id = p.order_id WHERE o.order_no = ?',
    [order.orderNo],
  );
  expect(payment.status).toBe('closed');
});

test('a paid order cannot be cancelled by the member', async () => {
  const product = await createProduct(app);
  const { token } = await app.loginMember('paid-then-cancel');
  const order = await placeOrder(app, token, product.skus[0].id);
  const prepay = await app.http('POST', '/api/payments/wechat/prepay', { token, body: { orderNo: order.orderNo } });
  await app.http('POST', '/sandbox/wechatpay/confirm', {
    body: { prepayId: prepay.body.package.slice('prepay_id='.length) },
  });
  const res = await app.http('POST', `/api/orders/${order.orderNo}/cancel`, { token });
  expect(res.status).toBe(409);
  expect(res.body.error.code).toBe('ORDER_NOT_CANCELLABLE');
  expect((await app.http('GET', `/api/orders/${order.orderNo}`, { token })).body.status).toBe('paid');
});

test('one placement in one statement batch: the same requestId sent three times at once places one order', async () => {
  const product = await createProduct(app, { stock: 10, priceFen: 1000 });
  const skuId = product.skus[0].id;
  const { token } = await app.loginMember('double-clicker');
  const body = { items: [{ skuId, quantity: 2 }], address: ADDRESS, requestId: 'double-click-0001' };
  const answers = await Promise.all([1, 2, 3].map(() => app.http('POST', '/api/orders', { token, body })));
  expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
  expect(new Set(answers.map((a) => a.body.orderNo)).size).toBe(1);
  const orders = await app.query<{ id: number }>('SELECT id FROM orders WHERE request_id = ?', [body.requestId]);
  expect(orders).toHaveLength(1);
  // the rows the batch wrote hang together: the lines and first event under the order's id, one reservation
  const lines = await app.query('SELECT order_id, quantity FROM order_lines WHERE order_id = ?', [orders[0]!.id]);
  expect(lines).toEqual([{ order_id: orders[0]!.id, quantity: 2 }]);
  const [event] = await app.query<{ id: number }>('SELECT id FROM order_events WHERE order_id = ?', [orders[0]!.id]);
  const outbox = await app.query<{ payload: string }>(
    "SELECT payload FROM event_outbox WHERE name = 'order.pending_payment' AND event_key = ?",
    [String(event!.id)],
  );
  expect(JSON.parse(outbox[0]!.payload)).toMatchObject({ orderId: orders[0]!.id, orderNo: answers[0]!.body.orderNo });
  const [sku] = await app.query('SELECT stock, reserved FROM sku_stocks WHERE sku_id = ?', [skuId]);
  expect(sku).toEqual({ stock: 8, reserved: 2 });
  const ledger = await app.query('SELECT balance_after, reserved_after FROM stock_ledger WHERE sku_id = ?', [skuId]);
  expect(ledger).toContainEqual({ balance_after: 8, reserved_after: 2 });
});
