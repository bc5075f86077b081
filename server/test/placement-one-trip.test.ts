import { ADDRESS, createProduct, placeOrder } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';
import { waitFor } from './support/wait';

// The common placement goes to MariaDB as one text (BEGIN ... COMMIT, flows/place-order.ts placeInOneBatch): the ids
// its events carry are set by the server, a refused line stops the text before COMMIT, and a low-stock crossing is
// raised in SQL. What the outbox holds must equal what the relay published, and a refusal must leave nothing.

let app: TestApp;
let admin: string;
beforeAll(async () => {
  app = await startTestApp({ RATE_LIMIT_ORDERS_PER_MINUTE: '5000', RATE_LIMIT_LOGIN_PER_MINUTE: '5000' });
  admin = await app.adminToken();
});
afterAll(() => app.stop());

interface OutboxRow {
  event_key: string;
  payload: string;
  relayed_at: Date | null;
}
const outboxOf = (name: string) =>
  app.query<OutboxRow>('SELECT event_key, payload, relayed_at FROM event_outbox WHERE name = ? ORDER BY id', [name]);

/** A product of one SKU with this stock and low-stock threshold. */
async function productWithThreshold(stock: number, lowStockThreshold: number) {
  const product = await createProduct(app, { stock });
  const skuId = product.skus[0].id as number;
  const res = await app.http('PUT', `/api/admin/skus/${skuId}/stock-settings`, {
    token: admin,
    body: { lowStockThreshold, stockCap: null },
  });
  if (res.status !== 200) throw new Error(`stock settings: ${res.status} ${res.text}`);
  return { product, skuId };
}

let requests = 0;
const place = (token: string, items: { skuId: number; quantity: number }[]) =>
  app.http('POST', '/api/orders', {
    token,
    body: { items, address: ADDRESS, requestId: `one-trip-${process.pid}-${requests++}` },
  });

test('the order.pending_payment row carries the ids the server gave, is relayed, and equals what was published', async () => {
  const { token } = await app.loginMember('one-trip-ids');
  const a = await createProduct(app, { priceFen: 1200 });
  const b = await createProduct(app, { priceFen: 3400 });
  const placed = await place(token, [
    { skuId: b.skus[0].id, quantity: 2 },
    { skuId: a.skus[0].id, quantity: 1 },
  ]);
  expect(placed.status).toBe(201);
  const [order] = await app.query<{ id: number }>('SELECT id FROM orders WHERE order_no = ?', [placed.body.orderNo]);
  const lines = await app.query<{ id: number; sku_id: number }>(
    'SELECT id, sku_id FROM order_lines WHERE order_id = ? ORDER BY id',
    [order!.id],
  );
  const [event] = await app.query<{ id: number }>('SELECT id FROM order_events WHERE order_id = ?', [order!.id]);

  const row = await waitFor(async () => {
    const rows = await outboxOf('order.pending_payment');
    const mine = rows.find((r) => JSON.parse(r.payload).orderNo === placed.body.orderNo);
    return mine?.relayed_at ? mine : undefined;
  });
  expect(row.event_key).toBe(String(event!.id));
  const stored = JSON.parse(row.payload);
  expect(stored.orderId).toBe(order!.id);
  expect(stored.lines.map((l: { orderLineId: number; skuId: number }) => [l.orderLineId, l.skuId])).toEqual(
    lines.map((l) => [l.id, l.sku_id]),
  );
  // the relay published the payload it built itself from the same ids: the same event
  const published = await waitFor(async () => {
    const jobs = await app.services.queues.events.getJobs(['completed', 'waiting', 'active', 'delayed']);
    return jobs.find((j) => j.data?.name === 'order.pending_payment' && j.data?.key === String(event!.id))?.data;
  });
  expect(published.payload).toEqual(stored);
});

test('a line that does not fit leaves nothing: no order, no ledger row, no event, no other line reserved', async () => {
  const { token } = await app.loginMember('one-trip-refused');
  const plenty = await createProduct(app, { stock: 10 });
  const scarce = await createProduct(app, { stock: 1 });
  const count = async () =>
    (
      await app.query<{ orders: number; ledger: number; outbox: number }>(
        'SELECT (SELECT COUNT(*) FROM orders) AS orders, (SELECT COUNT(*) FROM stock_ledger) AS ledger, ' +
          '(SELECT COUNT(*) FROM event_outbox) AS outbox',
      )
    )[0];
  const before = await count();
  // the plenty SKU (the lower id) is reserved first in the text; the scarce one stops it before COMMIT
  const refused = await place(token, [
    { skuId: plenty.skus[0].id, quantity: 3 },
    { skuId: scarce.skus[0].id, quantity: 2 },
  ]);
  expect(refused.status).toBe(409);
  expect(refused.body.error).toMatchObject({ code: 'OUT_OF_STOCK', field: 'items' });
  expect(refused.body.error.message).toContain(`SKU ${scarce.skus[0].id}`);
  expect(await count()).toEqual(before);
  const stock = await app.query(
    'SELECT sku_id, stock, reserved FROM sku_stocks WHERE sku_id IN (?, ?) ORDER BY sku_id',
    [plenty.skus[0].id, scarce.skus[0].id],
  );
  expect(stock).toEqual([
    { sku_id: plenty.skus[0].id, stock: 10, reserved: 0 },
    { sku_id: scarce.skus[0].id, stock: 1, reserved: 0 },
  ]);
  // and the connection it ran on is good for the next placement
  expect((await place(token, [{ skuId: scarce.skus[0].id, quantity: 1 }])).status).toBe(201);
});

test('a placement that crosses the low-stock threshold raises one alert and its event, with the alert as written', async () => {
  const { product, skuId } = await productWithThreshold(8, 5);
  const { token } = await app.loginMember('one-trip-alert');
  const lowStockEvents = async () =>
    (await outboxOf('inventory.low_stock')).filter((r) => JSON.parse(r.payload).skuId === skuId);

  await placeOrder(app, token, skuId, 2); // 8 -> 6: above the threshold, no alert
  expect(await lowStockEvents()).toEqual([]);
  await placeOrder(app, token, skuId, 3); // 6 -> 3: the crossing
  await placeOrder(app, token, skuId, 1); // 3 -> 2: still below, no second alert

  const alerts = await app.query<{ id: number; product_id: number; threshold: number; stock_after: number }>(
    'SELECT id, product_id, threshold, stock_after FROM stock_alerts WHERE sku_id = ?',
    [skuId],
  );
  expect(alerts.map((a) => a.stock_after)).toEqual([3]);
  const events = await waitFor(async () => {
    const rows = await lowStockEvents();
    return rows.length && rows.every((r) => r.relayed_at) ? rows : undefined;
  });
  expect(events.map((r) => [r.event_key, JSON.parse(r.payload)])).toEqual([
    [String(alerts[0]!.id), { alertId: alerts[0]!.id, skuId, productId: product.id, threshold: 5, stock: 3 }],
  ]);
});

test('20 buyers at once across a threshold: one alert, every order placed, the stock and ledger exact', async () => {
  // the first text refuses a crossing and leaves out the alert's statements; the crossing order is placed again
  // with them: under concurrency exactly one order crosses, and none is refused for it
  const { skuId } = await productWithThreshold(30, 15);
  const buyers = await Promise.all(Array.from({ length: 20 }, (_, i) => app.loginMember(`one-trip-crowd-${i}`)));
  const answers = await Promise.all(buyers.map((b) => place(b.token, [{ skuId, quantity: 1 }])));
  expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
  const [stock] = await app.query<{ stock: number; reserved: number }>(
    'SELECT stock, reserved FROM sku_stocks WHERE sku_id = ?',
    [skuId],
  );
  expect(stock).toEqual({ stock: 10, reserved: 20 });
  const ledger = await app.query<{ balance_after: number; reserved_after: number }>(
    "SELECT balance_after, reserved_after FROM stock_ledger WHERE sku_id = ? AND kind = 'reserve' ORDER BY id",
    [skuId],
  );
  expect(ledger.map((l) => [l.balance_after, l.reserved_after])).toEqual(
    Array.from({ length: 20 }, (_, i) => [29 - i, i + 1]),
  );
  const alerts = await app.query<{ stock_after: number }>('SELECT stock_after FROM stock_alerts WHERE sku_id = ?', [
    skuId,
  ]);
  expect(alerts).toEqual([{ stock_after: 14 }]);
});
