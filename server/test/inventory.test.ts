import { adjustStockTo } from '../src/modules/inventory';
import { withTx } from '../src/platform/db/database';
import { ADDRESS, createProduct, placeOrder } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';
import { waitFor } from './support/wait';

let app: TestApp;
let admin: string;
beforeAll(async () => {
  app = await startTestApp({ RATE_LIMIT_ORDERS_PER_MINUTE: '5000', RATE_LIMIT_LOGIN_PER_MINUTE: '5000' });
  admin = await app.adminToken();
});
afterAll(() => app.stop());

const stockOf = async (skuId: number) =>
  (await app.query('SELECT stock, reserved, sold FROM sku_stocks WHERE sku_id = ?', [skuId]))[0] as {
    stock: number;
    reserved: number;
    sold: number;
  };
const ledgerCount = async () => (await app.query('SELECT COUNT(*) AS n FROM stock_ledger'))[0].n as number;
const move = (skuId: number, body: Record<string, unknown>) =>
  app.http('POST', `/api/admin/skus/${skuId}/stock-movements`, { token: admin, body });

async function payOrder(token: string, orderNo: string) {
  const prepay = await app.http('POST', '/api/payments/wechat/prepay', { token, body: { orderNo } });
  const prepayId = String(prepay.body.package).slice('prepay_id='.length);
  await app.http('POST', '/sandbox/wechatpay/confirm', { body: { prepayId } });
}

describe('orders against a SKU with stock 50', () => {
  let skuId: number;
  let productId: number;
  let token: string;
  const placed: string[] = [];

  test('200 concurrent orders give exactly 50 successes, the rest 409 OUT_OF_STOCK, and stock 0', async () => {
    const product = await createProduct(app, { stock: 50 });
    skuId = product.skus[0].id;
    productId = product.id;
    ({ token } = await app.loginMember('crowd'));
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        app.http('POST', '/api/orders', {
          token,
          body: { items: [{ skuId, quantity: 1 }], address: ADDRESS, requestId: `crowd-order-${i}` },
        }),
      ),
    );
    const ok = answers.filter((a) => a.status === 201);
    expect(ok).toHaveLength(50);
    expect(answers.filter((a) => a.status === 409).map((a) => a.body.error.code)).toEqual(
      Array(150).fill('OUT_OF_STOCK'),
    );
    placed.push(...ok.map((a) => a.body.orderNo as string));
    expect(await stockOf(skuId)).toEqual({ stock: 0, reserved: 50, sold: 0 });
  }, 30_000);

  test('a member cancel releases the order’s reservation, once', async () => {
    const orderNo = placed[0];
    const res = await app.http('POST', `/api/orders/${orderNo}/cancel`, { token });
    expect(res.body.status).toBe('cancelled');
    await app.http('POST', `/api/orders/${orderNo}/cancel`, { token });
    expect(await stockOf(skuId)).toEqual({ stock: 1, reserved: 49, sold: 0 });
    const rows = await app.query(
      "SELECT quantity, reserved_delta, operator FROM stock_ledger WHERE ref = ? AND kind = 'release'",
      [orderNo],
    );
    expect(rows).toEqual([{ quantity: 1, reserved_delta: -1, operator: expect.stringMatching(/^member:/) }]);
  });

  test('a payment timeout releases the reservation', async () => {
    const orderNo = placed[1];
    await app.services.queues.orders.add('expire-unpaid', { orderNo }, { jobId: `expire-now:${orderNo}` });
    await waitFor(async () => ((await stockOf(skuId)).stock === 2 ? true : undefined));
    expect(await stockOf(skuId)).toEqual({ stock: 2, reserved: 48, sold: 0 });
    const [row] = await app.query("SELECT operator FROM stock_ledger WHERE ref = ? AND kind = 'release'", [orderNo]);
    expect(row.operator).toBe('system:timeout');
  });

  test('payment turns the reservation into a sale once, even when order.paid is delivered twice', async () => {
    const orderNo = placed[2];
    await payOrder(token, orderNo);
    await waitFor(async () => ((await stockOf(skuId)).sold === 1 ? true : undefined));
    const [order] = await app.query('SELECT id, member_id, payable_fen FROM orders WHERE order_no = ?', [orderNo]);
    const event = {
      name: 'order.paid',
      key: 'redelivered',
      payload: { orderId: order.id, orderNo, memberId: order.member_id, from: 'pending_payment', to: 'paid' },
      occurredAt: new Date().toISOString(),
    };
    const again = await app.services.queues.events.add(
      'deliver',
      { listener: 'inventory-sale', event },
      { jobId: `again:${orderNo}` },
    );
    await again.finished();

    expect(await stockOf(skuId)).toEqual({ stock: 2, reserved: 47, sold: 1 });
    const sales = await app.query("SELECT quantity, reserved_delta FROM stock_ledger WHERE ref = ? AND kind = 'sale'", [
      orderNo,
    ]);
    expect(sales).toEqual([{ quantity: 0, reserved_delta: -1 }]);
    const [product] = await app.query('SELECT sales_count FROM products WHERE id = ?', [productId]);
    expect(product.sales_count).toBe(1);
  });
});

test('concurrent orders, cancels and admin movements on one SKU lose no update', async () => {
  const product = await createProduct(app, { stock: 100 });
  const skuId = product.skus[0].id;
  const { token } = await app.loginMember('mixed-crowd');
  const toCancel = await Promise.all(Array.from({ length: 10 }, () => placeOrder(app, token, skuId, 2)));
  const answers = await Promise.all([
    ...Array.from({ length: 30 }, (_, i) =>
      app.http('POST', '/api/orders', {
        token,
        body: { items: [{ skuId, quantity: 1 }], address: ADDRESS, requestId: `mixed-order-${i}` },
      }),
    ),
    ...toCancel.map((o) => app.http('POST', `/api/orders/${o.orderNo}/cancel`, { token })),
    ...Array.from({ length: 15 }, () => move(skuId, { kind: 'inbound', quantity: 3 })),
    ...Array.from({ length: 15 }, () => move(skuId, { kind: 'outbound', quantity: 1, reason: 'store transfer' })),
  ]);
  expect(answers.filter((a) => a.status >= 300).map((a) => a.text)).toEqual([]);
  // 100 - 20 reserved + 20 released - 30 reserved + 45 in - 15 out
  expect(await stockOf(skuId)).toEqual({ stock: 100, reserved: 30, sold: 0 });
}, 30_000);

describe('low-stock threshold', () => {
  test('raises one alert per crossing and re-arms when stock is back at the threshold', async () => {
    const product = await createProduct(app, { stock: 10 });
    const skuId = product.skus[0].id;
    const settings = await app.http('PUT', `/api/admin/skus/${skuId}/stock-settings`, {
      token: admin,
      body: { lowStockThreshold: 5, stockCap: null },
    });
    expect(settings.body).toMatchObject({ stock: 10, lowStockThreshold: 5 });
    expect((await move(skuId, { kind: 'outbound', quantity: 5, reason: 'damaged' })).body.sku.stock).toBe(5);
    await move(skuId, { kind: 'outbound', quantity: 1, reason: 'sample' }); // 5 -> 4: crossing
    await move(skuId, { kind: 'adjustment', quantity: -1, reason: 'count' }); // 4 -> 3: still below
    await move(skuId, { kind: 'inbound', quantity: 10, reason: 'restock' }); // 3 -> 13: re-armed
    const { token } = await app.loginMember('alert-buyer');
    await placeOrder(app, token, skuId, 9); // 13 -> 4 by a reservation: second crossing

    const alerts = await app.http('GET', '/api/admin/stock-alerts?status=open', { token: admin });
    const mine = alerts.body.items.filter((a: { skuId: number }) => a.skuId === skuId);
    expect(mine.map((a: { stockAfter: number }) => a.stockAfter)).toEqual([4, 4]);

    const ack = await app.http('POST', `/api/admin/stock-alerts/${mine[0].id}/acknowledge`, { token: admin });
    expect(ack.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'admin:admin' });
    const twice = await app.http('POST', `/api/admin/stock-alerts/${mine[0].id}/acknowledge`, { token: admin });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('ILLEGAL_TRANSITION');
  });
});

describe('admin stock operations', () => {
  test('inbound beyond the cap is refused with STOCK_CAP_EXCEEDED and writes nothing', async () => {
    const product = await createProduct(app, { stock: 10 });
    const skuId = product.skus[0].id;
    await app.http('PUT', `/api/admin/skus/${skuId}/stock-settings`, {
      token: admin,
      body: { lowStockThreshold: null, stockCap: 20 },
    });
    const entries = await ledgerCount();
    const refused = await move(skuId, { kind: 'inbound', quantity: 11 });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('STOCK_CAP_EXCEEDED');
    expect(await ledgerCount()).toBe(entries);
    expect((await stockOf(skuId)).stock).toBe(10);
    expect((await move(skuId, { kind: 'inbound', quantity: 10 })).status).toBe(201);
  });

  test('the same movement ref twice writes one ledger row and answers duplicate', async () => {
    const product = await createProduct(app, { stock: 1 });
    const skuId = product.skus[0].id;
    const first = await move(skuId, { kind: 'inbound', quantity: 7, reason: 'PO', ref: 'PO-2026-001' });
    const second = await move(skuId, { kind: 'inbound', quantity: 7, reason: 'PO', ref: 'PO-2026-001' });
    expect([first.body.duplicate, second.body.duplicate]).toEqual([false, true]);
    expect(second.body.entry.id).toBe(first.body.entry.id);
    expect((await stockOf(skuId)).stock).toBe(8);
    const ledger = await app.http('GET', `/api/admin/skus/${skuId}/stock-ledger`, { token: admin });
    expect(ledger.body.items.map((e: { kind: string; quantity: number }) => [e.kind, e.quantity])).toEqual([
      ['inbound', 7],
      ['inbound', 1],
    ]);
    expect(ledger.body.items[0]).toMatchObject({ operator: 'admin:admin', ref: 'PO-2026-001', balanceAfter: 8 });
    const reused = await move(skuId, { kind: 'inbound', quantity: 3, reason: 'PO', ref: 'PO-2026-001' });
    expect([reused.status, reused.body.error.code]).toEqual([409, 'REF_ALREADY_USED']);
  });

  test('bad input answers 400 and an outbound beyond the stock 409; neither writes anything', async () => {
    const product = await createProduct(app, { stock: 3 });
    const skuId = product.skus[0].id;
    const entries = await ledgerCount();
    const bad = [
      { kind: 'inbound', quantity: 0 },
      { kind: 'inbound', quantity: 1.5 },
      { kind: 'outbound', quantity: 2 },
      { kind: 'adjustment', quantity: 0, reason: 'count' },
      { kind: 'teleport', quantity: 1, reason: 'x' },
    ];
    for (const body of bad) expect([body, (await move(skuId, body)).status]).toEqual([body, 400]);
    const thresholds = await app.http('PUT', `/api/admin/skus/${skuId}/stock-settings`, {
      token: admin,
      body: { lowStockThreshold: -1, stockCap: null },
    });
    expect(thresholds.status).toBe(400);
    const over = await move(skuId, { kind: 'outbound', quantity: 4, reason: 'ship to store' });
    expect([over.status, over.body.error.code]).toEqual([409, 'INSUFFICIENT_STOCK']);
    expect(await ledgerCount()).toBe(entries);
    expect(await stockOf(skuId)).toEqual({ stock: 3, reserved: 0, sold: 0 });
  });

  test("stock lives only in inventory's sku_stocks, never in the catalog's skus; adjustStockTo records the difference", async () => {
    const product = await createProduct(app, { stock: 4 });
    const skuId = product.skus[0].id;
    const [skuRow] = await app.query('SELECT * FROM skus WHERE id = ?', [skuId]);
    expect(Object.keys(skuRow)).not.toEqual(expect.arrayContaining(['stock']));
    expect(Object.keys(skuRow).filter((c) => /stock|reserved|sold/.test(c))).toEqual([]);
    expect(await stockOf(skuId)).toEqual({ stock: 4, reserved: 0, sold: 0 });

    const edit = { ref: 'product-edit:r1', operator: 'admin:admin', reason: 'product form' };
    await withTx(app.services.sequelize, (tx) => adjustStockTo(app.services, skuId, 9, edit, tx));
    await withTx(app.services.sequelize, (tx) => adjustStockTo(app.services, skuId, 9, edit, tx));
    expect((await stockOf(skuId)).stock).toBe(9);
    const rows = await app.query('SELECT kind, quantity FROM stock_ledger WHERE sku_id = ? ORDER BY id', [skuId]);
    expect(rows).toEqual([
      { kind: 'inbound', quantity: 4 },
      { kind: 'adjustment', quantity: 5 },
    ]);
  });

  test('stock export lists every SKU as CSV', async () => {
    const res = await fetch(`${app.url}/api/admin/stock-export`, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const [header, ...rows] = (await res.text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toBe('skuId,productId,productName,specs,stock,reserved,sold,lowStockThreshold,stockCap');
    const [{ n }] = await app.query('SELECT COUNT(*) AS n FROM sku_stocks');
    expect(rows).toHaveLength(n);
  });
});

test('after all that, for every SKU the ledger sums to its stock and its reservations', async () => {
  const rows = await app.query(
    `SELECT s.sku_id AS id, s.stock, s.reserved, s.sold,
            COALESCE(SUM(l.quantity), 0) AS ledger_stock,
            COALESCE(SUM(l.reserved_delta), 0) AS ledger_reserved,
            COALESCE(-SUM(CASE WHEN l.kind = 'sale' THEN l.reserved_delta END), 0) AS ledger_sold
     FROM sku_stocks s LEFT JOIN stock_ledger l ON l.sku_id = s.sku_id GROUP BY s.sku_id, s.stock, s.reserved, s.sold`,
  );
  expect(rows.length).toBeGreaterThanOrEqual(5);
  for (const r of rows) {
    expect([r.id, Number(r.ledger_stock), Number(r.ledger_reserved), Number(r.ledger_sold)]).toEqual([
      r.id,
      r.stock,
      r.reserved,
      r.sold,
    ]);
  }
});
