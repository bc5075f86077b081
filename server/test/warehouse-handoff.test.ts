import { signedHeaders } from '../src/integrations/warehouse';
import { queuesDrained } from './support/drained';
import { payOrderOf } from './support/loyalty-fixtures';
import { startTestApp, type TestApp } from './support/test-app';

const SECRET = 'warehouse-test-secret-0123456789abcdef';
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ WAREHOUSE_MODE: 'sandbox', WAREHOUSE_SECRET: SECRET });
}, 120_000);
afterAll(() => app.stop());

let seq = 0;
const status = async (orderNo: string) => ({
  order: (await app.query('SELECT status FROM orders WHERE order_no = ?', [orderNo]))[0].status as string,
  handoff: (await app.query('SELECT status FROM warehouse_handoffs WHERE order_no = ?', [orderNo]))[0]
    ?.status as string,
});
// the test client sets its own content-type; a second one in other case would be joined into one bad value
const callback = (body: string, { 'Content-Type': _type, ...headers }: Record<string, string>) =>
  app.http('POST', '/api/fulfilment/warehouse/callback', { body, headers });

test('a paid order is pushed to the warehouse once, signed; its picked / packed / shipped callbacks ship it', async () => {
  const { token } = await app.loginMember(`warehouse-${process.pid}-${seq++}`);
  const { orderNo } = await payOrderOf(app, token, 1_500);
  await queuesDrained(app.services);
  const received = await app.http('GET', `/sandbox/warehouse/orders/${orderNo}`);
  expect(received.status).toBe(200); // the sandbox checked our signature before keeping it
  expect(received.body.pushes).toBe(1);
  expect(received.body.order).toMatchObject({
    orderNo,
    receiver: { name: '王芳', phone: '13800138000' },
    lines: [{ quantity: 1, productName: '测试商品' }],
    callbackUrl: expect.stringMatching(/\/api\/fulfilment\/warehouse\/callback$/),
  });
  expect(await status(orderNo)).toEqual({ order: 'paid', handoff: 'sent' });

  const shipped = await app.http('POST', `/sandbox/warehouse/orders/${orderNo}/ship`);
  expect(shipped.body.answers.map((a: { event: string; status: number }) => [a.event, a.status])).toEqual([
    ['picked', 200],
    ['packed', 200],
    ['shipped', 200],
  ]);
  expect(await status(orderNo)).toEqual({ order: 'shipped', handoff: 'shipped' });
  const [shipment] = await app.query('SELECT carrier_code, tracking_no, shipped_by FROM shipments WHERE order_no = ?', [
    orderNo,
  ]);
  expect(shipment).toEqual({ carrier_code: 'zhongtong', tracking_no: `SW${orderNo}`, shipped_by: 'warehouse' });

  // a retried shipped callback (same body, freshly signed) is a duplicate and changes nothing
  const body = JSON.stringify({
    eventId: `${orderNo}:shipped`,
    orderNo,
    event: 'shipped',
    shipments: [{ carrierCode: 'zhongtong', trackingNo: `SW${orderNo}` }],
  });
  const again = await callback(body, signedHeaders(SECRET, body));
  expect(again.status).toBe(200);
  expect(again.body).toEqual({ ok: true, duplicate: true });
  expect(await app.query('SELECT id FROM shipments WHERE order_no = ?', [orderNo])).toHaveLength(1);
  await queuesDrained(app.services);
});

test('a callback with a tampered body, a stale timestamp, a wrong secret or no signature is refused and changes nothing', async () => {
  const { token } = await app.loginMember(`warehouse-${process.pid}-${seq++}`);
  const { orderNo } = await payOrderOf(app, token, 1_600);
  await queuesDrained(app.services);
  const body = JSON.stringify({
    eventId: `${orderNo}:shipped`,
    orderNo,
    event: 'shipped',
    shipments: [{ carrierCode: 'zhongtong', trackingNo: `FAKE${orderNo}`.slice(0, 32) }],
  });
  const tampered = body.replace('FAKE', 'EVIL');
  const cases: [string, string, Record<string, string>][] = [
    ['tampered', tampered, signedHeaders(SECRET, body)],
    ['stale', body, signedHeaders(SECRET, body, Date.now() - 6 * 60_000)],
    ['wrong secret', body, signedHeaders('another-secret-0123456789abcdef0123', body)],
    ['unsigned', body, { 'content-type': 'application/json' }],
  ];
  for (const [name, sent, headers] of cases) {
    const res = await callback(sent, headers);
    expect([name, res.status, res.body.error?.code]).toEqual([name, 401, 'WAREHOUSE_SIGNATURE_REFUSED']);
  }
  expect(await status(orderNo)).toEqual({ order: 'paid', handoff: 'sent' });
  expect(await app.query('SELECT id FROM shipments WHERE order_no = ?', [orderNo])).toHaveLength(0);
});
