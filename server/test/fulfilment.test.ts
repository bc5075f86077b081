import ExcelJS from 'exceljs';
import { createAdmin } from '../src/modules/admin';
import { sweepFulfilmentDeadlines } from '../src/modules/orders';
import { eventsDrained, queuesDrained } from './support/drained';
import { createProduct } from './support/fixtures';
import { payOrderOf, waitFor } from './support/loyalty-fixtures';
import { startTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  // the after-sales window closes at once, so a received order completes in this run; auto-receipt stays 10 days
  app = await startTestApp({ ORDER_AFTER_SALES_DAYS: '0' });
}, 120_000);
afterAll(() => app.stop());

let seq = 0;
const tracking = () => `ZT${process.pid}${Date.now().toString().slice(-6)}${seq++}`.slice(0, 32);
async function buyer() {
  const { token, member } = await app.loginMember(`fulfil-${process.pid}-${seq++}`);
  return { token, id: member.id as number };
}
const admin = async () => app.adminToken();
const ship = async (orderNo: string, body: object, token?: string) =>
  app.http('POST', `/api/admin/orders/${orderNo}/shipments`, { token: token ?? (await admin()), body });
const orderStatus = async (orderNo: string) =>
  (await app.query('SELECT status FROM orders WHERE order_no = ?', [orderNo]))[0].status as string;

test('ship → the carrier is polled to delivered → the member confirms → completion: points and level spend follow', async () => {
  const member = await buyer();
  const { orderNo, orderId } = await payOrderOf(app, member.token, 12_300);
  const before = (await app.http('GET', '/api/loyalty/points', { token: member.token })).body;

  const trackingNo = tracking();
  const shipped = await ship(orderNo, { carrierCode: 'zhongtong', trackingNo });
  expect(shipped.status).toBe(201);
  expect(shipped.body).toMatchObject({ orderStatus: 'shipped', fullyShipped: true, duplicate: false });
  expect(shipped.body.shipment).toMatchObject({ carrierCode: 'zhongtong', trackingNo, status: 'awaiting_pickup' });

  await queuesDrained(app.services); // polls every 100 ms in tests: collected, in transit, delivering, delivered
  const logistics = await app.http('GET', `/api/orders/${orderNo}/logistics`, { token: member.token });
  expect(logistics.status).toBe(200);
  const [parcel] = logistics.body.shipments;
  expect(parcel.status).toBe('delivered');
  expect(parcel.deliveredAt).toEqual(expect.any(String));
  // each poll answers the whole history; each point is stored once
  expect(parcel.timeline.map((e: { status: string }) => e.status)).toEqual([
    'delivered',
    'delivering',
    'in_transit',
    'collected',
  ]);
  const [{ polls }] = await app.query('SELECT poll_count AS polls FROM shipments WHERE order_id = ?', [orderId]);
  expect(polls).toBe(4); // delivered ended the polling
  const parcelState = await app.http('GET', `/sandbox/kuaidi100/parcels/zhongtong/${trackingNo}`);
  expect(parcelState.body).toMatchObject({ polls: 4, subscribed: true });

  const confirmed = await app.http('POST', `/api/orders/${orderNo}/confirm-receipt`, { token: member.token });
  expect(confirmed.status).toBe(200);
  expect(confirmed.body.status).toBe('received');
  await queuesDrained(app.services);
  expect(await orderStatus(orderNo)).toBe('completed');
  await eventsDrained(app.services);

  const after = (await app.http('GET', '/api/loyalty/points', { token: member.token })).body;
  expect(after.availablePoints - before.availablePoints).toBe(123); // 1 point per whole yuan of ¥123.00
  expect(after.frozenPoints).toBe(before.frozenPoints);
  const spend = await app.query('SELECT kind, amount_fen FROM member_spend_entries WHERE order_id = ?', [orderId]);
  expect(spend).toEqual([{ kind: 'paid', amount_fen: 12_300 }]);
  const log = await app.query('SELECT from_status, to_status, actor FROM order_events WHERE order_id = ? ORDER BY id', [
    orderId,
  ]);
  expect(log.map((e) => e.to_status)).toEqual(['pending_payment', 'paid', 'shipped', 'received', 'completed']);
  expect(log[3].actor).toBe(`member:${member.id}`);
  const outbox = await app.query(
    "SELECT name FROM event_outbox WHERE name IN ('order.shipped','order.received','order.completed') ORDER BY id",
  );
  expect(outbox.map((r) => r.name)).toEqual(
    expect.arrayContaining(['order.shipped', 'order.received', 'order.completed']),
  );
});

test('the WeChat shipping upload carries what WeChat checks, once, even when an answer is lost', async () => {
  const member = await buyer();
  const { orderNo, orderId } = await payOrderOf(app, member.token, 990);
  const [payment] = await app.query('SELECT transaction_id, payer_openid FROM payments WHERE order_id = ?', [orderId]);
  // the first upload reaches WeChat but its answer is lost: the retry must not upload again
  await app.http('POST', '/sandbox/wechat/shipping-uploads/fail-next', { body: { when: 'after' } });
  const trackingNo = tracking();
  expect((await ship(orderNo, { carrierCode: 'shunfeng', trackingNo })).status).toBe(201);
  await queuesDrained(app.services);

  const uploads = await app.http('GET', `/sandbox/wechat/shipping-uploads?transactionId=${payment.transaction_id}`);
  expect(uploads.body.items).toHaveLength(1);
  const { request } = uploads.body.items[0];
  expect(request).toMatchObject({
    order_key: { order_number_type: 2, transaction_id: payment.transaction_id },
    logistics_type: 1,
    delivery_mode: 1,
    shipping_list: [
      {
        tracking_no: trackingNo,
        express_company: 'SF',
        item_desc: '测试商品',
        contact: { receiver_contact: '138****8000' },
      },
    ],
    payer: { openid: payment.payer_openid },
  });
  expect(request.upload_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/);
  const detail = await app.http('GET', `/api/admin/orders/${orderNo}`, { token: await admin() });
  expect(detail.body.wechatShipping).toMatchObject({ status: 'uploaded', attempts: 2, lastError: null });
});

test('split shipment: the order stays 待发货 until its last line goes out, then one split upload', async () => {
  const member = await buyer();
  const a = await createProduct(app, { priceFen: 1000, name: '燕麦' });
  const b = await createProduct(app, { priceFen: 2000, name: '坚果' });
  const placed = await app.http('POST', '/api/orders', {
    token: member.token,
    body: {
      items: [
        { skuId: a.skus[0].id, quantity: 2 },
        { skuId: b.skus[0].id, quantity: 1 },
      ],
      address: { receiverName: '王芳', phone: '13800138000', region: '浙江省 杭州市', detail: '文三路 1 号' },
      requestId: `split-${process.pid}-${seq++}`,
    },
  });
  const { orderNo } = placed.body;
  const prepay = await app.http('POST', '/api/payments/wechat/prepay', { token: member.token, body: { orderNo } });
  await app.http('POST', '/sandbox/wechatpay/confirm', {
    body: { prepayId: String(prepay.body.package).slice('prepay_id='.length) },
  });
  await waitFor(async () => (await orderStatus(orderNo)) === 'paid');
  const lines = await app.query(
    'SELECT l.id FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.order_no = ? ORDER BY l.id',
    [orderNo],
  );

  const first = await ship(orderNo, {
    carrierCode: 'yuantong',
    trackingNo: tracking(),
    lines: [{ orderLineId: lines[0].id, quantity: 1 }],
  });
  expect(first.body).toMatchObject({ orderStatus: 'paid', fullyShipped: false });
  const over = await ship(orderNo, {
    carrierCode: 'yuantong',
    trackingNo: tracking(),
    lines: [{ orderLineId: lines[0].id, quantity: 2 }],
  });
  expect(over.status).toBe(409);
  expect(over.body.error.code).toBe('OVER_SHIPPED');
  const logistics = await app.http('GET', `/api/orders/${orderNo}/logistics`, { token: member.token });
  expect(logistics.body).toMatchObject({ fullyShipped: false, shipments: [{ lines: [{ quantity: 1 }] }] });

  const rest = await ship(orderNo, { carrierCode: 'yuantong', trackingNo: tracking() }); // everything left
  expect(rest.body).toMatchObject({ orderStatus: 'shipped', fullyShipped: true });
  expect(rest.body.shipment.lines).toEqual([
    { orderLineId: lines[0].id, productName: '燕麦', quantity: 1 },
    { orderLineId: lines[1].id, productName: '坚果', quantity: 1 },
  ]);
  await queuesDrained(app.services);
  const detail = await app.http('GET', `/api/admin/orders/${orderNo}`, { token: await admin() });
  expect(detail.body.shippedQuantities).toEqual([
    { orderLineId: lines[0].id, ordered: 2, shipped: 2 },
    { orderLineId: lines[1].id, ordered: 1, shipped: 1 },
  ]);
  expect(detail.body.log.map((e: { to: string }) => e.to)).toEqual(['pending_payment', 'paid', 'shipped']);
  const [{ transaction_id: txId }] = await app.query(
    'SELECT p.transaction_id FROM payments p JOIN orders o ON o.id = p.order_id WHERE o.order_no = ?',
    [orderNo],
  );
  const uploads = (await app.http('GET', `/sandbox/wechat/shipping-uploads?transactionId=${txId}`)).body.items;
  expect(uploads).toHaveLength(1);
  expect(uploads[0].request).toMatchObject({ delivery_mode: 2, is_all_delivered: true });
  expect(uploads[0].request.shipping_list).toHaveLength(2);
});

test('batch ship from a CSV: each row shipped or skipped with its reason; the same file again ships nothing twice', async () => {
  const member = await buyer();
  const one = await payOrderOf(app, member.token, 500);
  const two = await payOrderOf(app, member.token, 600);
  const unpaid = await app.http('POST', '/api/orders', {
    token: member.token,
    body: {
      items: [{ skuId: (await createProduct(app)).skus[0].id, quantity: 1 }],
      address: { receiverName: '王芳', phone: '13800138000', region: '浙江省', detail: '文三路' },
      requestId: `batch-unpaid-${seq++}`,
    },
  });
  const t1 = tracking();
  const csv = [
    'orderNo,carrierCode,trackingNo',
    `${one.orderNo},zhongtong,${t1}`,
    `${two.orderNo},nosuchcarrier,${tracking()}`,
    `${unpaid.body.orderNo},zhongtong,${tracking()}`,
    `12345,zhongtong,${tracking()}`,
    `${two.orderNo},yunda,${t1}`,
  ].join('\n');
  const upload = async () => {
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'ship.csv');
    const res = await fetch(`${app.url}/api/admin/shipment-imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await admin()}` },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const first = await upload();
  expect(first.status).toBe(200);
  expect(first.body).toMatchObject({ format: 'csv', rowCount: 5, shipped: 2, skipped: 3 });
  expect(
    first.body.rows.map((r: { row: number; outcome: string; code: string | null }) => [r.row, r.outcome, r.code]),
  ).toEqual([
    [2, 'shipped', null],
    [3, 'skipped', 'UNKNOWN_CARRIER'],
    [4, 'skipped', 'ORDER_NOT_SHIPPABLE'],
    [5, 'skipped', 'INVALID_ORDER_NO'],
    [6, 'shipped', null], // another carrier's number may coincide
  ]);
  const again = await upload();
  expect(again.body).toMatchObject({ shipped: 0, skipped: 5 });
  expect(again.body.rows[0]).toMatchObject({ outcome: 'skipped', code: 'DUPLICATE', orderStatus: 'shipped' });
  const audits = await app.query(
    "SELECT target_id FROM admin_audit_logs WHERE action = 'order.ship' AND target_id IN (?, ?)",
    [one.orderNo, two.orderNo],
  );
  expect(audits).toHaveLength(2);
  await queuesDrained(app.services);
});

test('batch ship from an xlsx sheet: split lines, good and bad rows, each reported by its row', async () => {
  const member = await buyer();
  const a = await createProduct(app, { priceFen: 800, name: '面包' });
  const b = await createProduct(app, { priceFen: 900, name: '牛奶' });
  const placed = await app.http('POST', '/api/orders', {
    token: member.token,
    body: {
      items: [
        { skuId: a.skus[0].id, quantity: 2 },
        { skuId: b.skus[0].id, quantity: 1 },
      ],
      address: { receiverName: '王芳', phone: '13800138000', region: '浙江省 杭州市', detail: '文三路 1 号' },
      requestId: `xlsx-split-${process.pid}-${seq++}`,
    },
  });
  const split = placed.body.orderNo as string;
  const prepay = await app.http('POST', '/api/payments/wechat/prepay', {
    token: member.token,
    body: { orderNo: split },
  });
  await app.http('POST', '/sandbox/wechatpay/confirm', {
    body: { prepayId: String(prepay.body.package).slice('prepay_id='.length) },
  });
  await waitFor(async () => (await orderStatus(split)) === 'paid');
  const [l1, l2] = await app.query(
    'SELECT l.id FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.order_no = ? ORDER BY l.id',
    [split],
  );
  const whole = await payOrderOf(app, member.token, 450);
  const taken = tracking();
  expect((await ship(whole.orderNo, { carrierCode: 'zhongtong', trackingNo: taken })).status).toBe(201);
  const other = await payOrderOf(app, member.token, 460);

  const [p1, p2, p3] = [tracking(), tracking(), tracking()];
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('发货');
  sheet.addRow(['orderNo', 'carrierCode', 'trackingNo', 'orderLineId', 'quantity']);
  sheet.addRows([
    [split, 'yuantong', p1, l1.id, 1], // row 2: a split parcel, one unit of line 1 ...
    [split, 'yuantong', p1, l2.id, 1], // row 3: ... and line 2 in the same parcel
    [split, 'yuantong', p2, l1.id, 5], // row 4: more than is left of line 1
    [split, 'YUANTONG', tracking(), l1.id, 'two'], // row 5: not a whole number
    [other.orderNo, 'nosuch', tracking()], // row 6
    [other.orderNo, 'zhongtong', taken], // row 7: another order's parcel
    [other.orderNo, 'zhongtong', 'x!'], // row 8: not a tracking number
    ['20990101000000000000', 'zhongtong', tracking()], // row 9: no such order
    // row 10: the last unit of line 1 in its own parcel (rows with p2 would join row 4's parcel): fully shipped
    [split, 'yuantong', p3, l1.id, 1],
  ]);
  const file = Buffer.from(await workbook.xlsx.writeBuffer());
  const form = new FormData();
  form.append('file', new Blob([file]), 'ship.xlsx');
  const res = await fetch(`${app.url}/api/admin/shipment-imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await admin()}` },
    body: form,
  });
  const report = (await res.json()) as {
    format: string;
    rowCount: number;
    shipped: number;
    skipped: number;
    rows: { row: number; orderNo: string; outcome: string; code: string | null }[];
  };
  expect(res.status).toBe(200);
  expect(report).toMatchObject({ format: 'xlsx', rowCount: 9 });
  expect(report.rows.map((r) => [r.row, r.outcome, r.code])).toEqual([
    [2, 'shipped', null],
    [3, 'shipped', null],
    [4, 'skipped', 'OVER_SHIPPED'],
    [5, 'skipped', 'INVALID_LINE'],
    [6, 'skipped', 'UNKNOWN_CARRIER'],
    [7, 'skipped', 'TRACKING_IN_USE'],
    [8, 'skipped', 'INVALID_TRACKING_NO'],
    [9, 'skipped', 'NOT_FOUND'],
    [10, 'shipped', null],
  ]);
  expect({ shipped: report.shipped, skipped: report.skipped }).toEqual({ shipped: 3, skipped: 6 });
  expect(await orderStatus(split)).toBe('shipped');
  expect(await orderStatus(other.orderNo)).toBe('paid');
  const parcels = await app.query(
    'SELECT s.tracking_no, l.order_line_id, l.quantity FROM shipments s JOIN shipment_lines l ON l.shipment_id = s.id WHERE s.order_no = ? ORDER BY l.id',
    [split],
  );
  expect(parcels.map((p) => [p.tracking_no, p.order_line_id, p.quantity])).toEqual([
    [p1, l1.id, 1],
    [p1, l2.id, 1],
    [p3, l1.id, 1],
  ]);
  await queuesDrained(app.services);
});

test('auto-confirm: a shipped order is received N days after shipping (sweep with an injected clock)', async () => {
  const member = await buyer();
  const { orderNo } = await payOrderOf(app, member.token, 700);
  await ship(orderNo, { carrierCode: 'jd', trackingNo: tracking() });
  const now = Date.now();
  expect(await sweepFulfilmentDeadlines(app.services, new Date(now + 9 * 86_400_000))).toEqual({
    received: 0,
    completed: 0,
  });
  expect(await orderStatus(orderNo)).toBe('shipped');
  const swept = await sweepFulfilmentDeadlines(app.services, new Date(now + 10 * 86_400_000 + 60_000));
  expect(swept.received).toBeGreaterThanOrEqual(1);
  await queuesDrained(app.services);
  expect(await orderStatus(orderNo)).toBe('completed'); // the after-sales window is 0 days in this file
  const [received] = await app.query(
    "SELECT e.actor FROM order_events e JOIN orders o ON o.id = e.order_id WHERE o.order_no = ? AND e.to_status = 'received'",
    [orderNo],
  );
  expect(received.actor).toBe('system:auto-receipt');
});

test("another member can neither read the logistics of an order nor confirm it (404); the owner can't confirm too early", async () => {
  const owner = await buyer();
  const other = await buyer();
  const { orderNo } = await payOrderOf(app, owner.token, 800);
  expect((await app.http('GET', `/api/orders/${orderNo}/logistics`, { token: other.token })).status).toBe(404);
  expect((await app.http('POST', `/api/orders/${orderNo}/confirm-receipt`, { token: other.token })).status).toBe(404);
  const early = await app.http('POST', `/api/orders/${orderNo}/confirm-receipt`, { token: owner.token });
  expect(early.status).toBe(409);
  expect(early.body.error.code).toBe('ORDER_NOT_RECEIVABLE');
  await ship(orderNo, { carrierCode: 'ems', trackingNo: tracking() });
  expect((await app.http('POST', `/api/orders/${orderNo}/confirm-receipt`, { token: other.token })).status).toBe(404);
  expect((await app.http('GET', `/api/orders/${orderNo}/logistics`, { token: owner.token })).status).toBe(200);
  await queuesDrained(app.services);
});

test('admin permissions: customer service reads orders but cannot ship; the warehouse role ships; search filters', async () => {
  const member = await buyer();
  const { orderNo } = await payOrderOf(app, member.token, 4_321);
  const csName = `cs-${seq}`;
  const whName = `wh-${seq}`;
  await createAdmin(csName, 'cs-password-123', 'customer_service');
  await createAdmin(whName, 'wh-password-123', 'warehouse');
  const login = async (username: string, password: string) =>
    (await app.http('POST', '/api/admin/auth/login', { body: { username, password } })).body.token as string;
  const cs = await login(csName, 'cs-password-123');
  const wh = await login(whName, 'wh-password-123');

  expect((await app.http('GET', `/api/admin/orders/${orderNo}`, { token: cs })).status).toBe(200);
  const refused = await ship(orderNo, { carrierCode: 'zhongtong', trackingNo: tracking() }, cs);
  expect(refused.status).toBe(403);
  expect(await orderStatus(orderNo)).toBe('paid');
  expect((await ship(orderNo, { carrierCode: 'zhongtong', trackingNo: tracking() }, wh)).status).toBe(201);
  expect(
    (await app.http('POST', `/api/admin/orders/${orderNo}/shipments`, { token: member.token, body: {} })).status,
  ).toBe(401);

  const search = (q: string) => app.http('GET', `/api/admin/orders?${q}`, { token: cs });
  const byMember = await search(`memberId=${member.id}&minPayableFen=4321&maxPayableFen=4321&status=shipped`);
  expect(byMember.body.items.map((o: { orderNo: string }) => o.orderNo)).toEqual([orderNo]);
  expect((await search(`memberId=${member.id}&status=paid`)).body.total).toBe(0);
  expect(
    (await search(`orderNo=${orderNo.slice(0, 12)}&channel=wechatpay`)).body.items.map(
      (o: { orderNo: string }) => o.orderNo,
    ),
  ).toContain(orderNo);
  expect((await search(`memberId=${member.id}&channel=alipay`)).body.total).toBe(0);
  const from = new Date(Date.now() - 3_600_000).toISOString();
  expect((await search(`memberId=${member.id}&createdFrom=${encodeURIComponent(from)}`)).body.total).toBe(1);

  const exported = await fetch(`${app.url}/api/admin/orders/export?memberId=${member.id}`, {
    headers: { authorization: `Bearer ${cs}` },
  });
  expect(exported.status).toBe(200);
  expect(exported.headers.get('content-type')).toContain('spreadsheetml');
  const audit = await app.query("SELECT admin_username FROM admin_audit_logs WHERE action = 'orders.exported'");
  expect(audit.map((a) => a.admin_username)).toContain(csName);
  await queuesDrained(app.services);
});
