import { remindShipping } from '../src/modules/orders';
import { ADDRESS, createProduct } from './support/fixtures';
import { payOrderOf } from './support/loyalty-fixtures';
import { unpaidOrder } from './support/payments';
import { startTestApp, type TestApp } from './support/test-app';

/** 提醒发货 and what admins see of an order in their list: reminders, and the order's adjustments (points). */
let app: TestApp;
let admin: string;
beforeAll(async () => {
  // 100 points = ¥1, points pay at most 30% of the items
  app = await startTestApp({ POINTS_PER_YUAN: '100', POINTS_CAP_BPS: '3000' });
  admin = await app.adminToken();
});
afterAll(() => app.stop());

const remind = (token: string, orderNo: string) =>
  app.http('POST', `/api/orders/${orderNo}/remind-shipping`, { token });
const adminList = async (query: string) =>
  (await app.http('GET', `/api/admin/orders?${query}`, { token: admin })).body as {
    items: { orderNo: string; reminderCount: number; lastRemindedAt: string | null; adjustments: unknown[] }[];
    total: number;
  };

test('a paid order is reminded once a day: repeats and a burst of taps record one reminder, admins see it', async () => {
  const { token } = await app.loginMember('remind-buyer');
  const { orderNo } = await payOrderOf(app, token, 1_990);

  const first = await remind(token, orderNo);
  expect(first.status).toBe(200);
  expect(first.body).toMatchObject({ orderNo, reminded: true, reminderCount: 1 });
  expect(Date.parse(first.body.nextAllowedAt) - Date.parse(first.body.remindedAt)).toBe(24 * 3_600_000);
  const burst = await Promise.all(Array.from({ length: 10 }, () => remind(token, orderNo)));
  expect(burst.every((r) => r.status === 200 && r.body.reminded === false)).toBe(true);
  expect(new Set(burst.map((r) => r.body.remindedAt))).toEqual(new Set([first.body.remindedAt]));
  const [{ n }] = await app.query(
    'SELECT COUNT(*) AS n FROM order_shipping_reminders r JOIN orders o ON o.id = r.order_id WHERE o.order_no = ?',
    [orderNo],
  );
  expect(Number(n)).toBe(1);

  // a day later the member may remind again
  const later = await remindShipping(
    app.services,
    (await memberIdOf(orderNo))!,
    orderNo,
    new Date(Date.now() + 25 * 3_600_000),
  );
  expect(later).toMatchObject({ reminded: true, reminderCount: 2 });

  const reminded = await adminList(`reminded=true&orderNo=${orderNo}`);
  expect(reminded.items).toHaveLength(1);
  expect(reminded.items[0]).toMatchObject({ orderNo, reminderCount: 2, lastRemindedAt: later.remindedAt });
  expect((await adminList(`reminded=false&orderNo=${orderNo}`)).total).toBe(0);
  const detail = await app.http('GET', `/api/admin/orders/${orderNo}`, { token: admin });
  expect(detail.body.shippingReminders.map((r: { at: string }) => r.at)).toEqual([
    first.body.remindedAt,
    later.remindedAt,
  ]);
});

async function memberIdOf(orderNo: string): Promise<number | undefined> {
  const [row] = await app.query('SELECT member_id FROM orders WHERE order_no = ?', [orderNo]);
  return row ? Number(row.member_id) : undefined;
}

test('only the member’s own paid, unshipped order can be reminded', async () => {
  const owner = await app.loginMember('remind-owner');
  const other = await app.loginMember('remind-other');
  const { orderNo } = await payOrderOf(app, owner.token, 990);
  expect((await remind(other.token, orderNo)).status).toBe(404);
  expect((await app.http('POST', `/api/orders/${orderNo}/remind-shipping`)).status).toBe(401);

  const unpaid = await unpaidOrder(app, 'remind-unpaid');
  const refused = await remind(unpaid.token, unpaid.order.orderNo);
  expect(refused.status).toBe(409);
  expect(refused.body.error).toMatchObject({ code: 'ORDER_NOT_AWAITING_SHIPMENT', field: 'orderNo' });

  const shipped = await app.http('POST', `/api/admin/orders/${orderNo}/shipments`, {
    token: admin,
    body: { carrierCode: 'zhongtong', trackingNo: `ZT${process.pid}${Date.now()}`.slice(0, 30) },
  });
  expect(shipped.status).toBe(201);
  expect((await remind(owner.token, orderNo)).status).toBe(409);
  expect((await adminList(`orderNo=${orderNo}`)).items[0]).toMatchObject({ reminderCount: 0, lastRemindedAt: null });
});

test('admin order rows carry the order’s adjustments (points), in the list and the detail', async () => {
  const { token, member } = await app.loginMember('remind-points');
  const grant = await app.http('POST', `/api/admin/members/${member.id}/points`, {
    token: admin,
    body: { deltaPoints: 5_000, reason: '测试积分', requestId: `remind-points-${member.id}` },
  });
  expect(grant.status).toBe(200);
  const skuId = (await createProduct(app, { priceFen: 10_000 })).skus[0]!.id;
  const body = { items: [{ skuId, quantity: 1 }], address: ADDRESS, pointsToUse: 5_000 };
  const quote = await app.http('POST', '/api/orders/quote', { token, body });
  const placed = await app.http('POST', '/api/orders', {
    token,
    body: { ...body, requestId: `remind-points-${member.id}`, expectedPayableFen: quote.body.payableFen },
  });
  expect(placed.status).toBe(201);
  const points = [{ code: 'points', label: '积分抵扣 3000 积分', amountFen: 3_000, points: 3_000 }];

  const row = (await adminList(`orderNo=${placed.body.orderNo}`)).items[0];
  expect(row.adjustments).toEqual(points);
  const detail = await app.http('GET', `/api/admin/orders/${placed.body.orderNo}`, { token: admin });
  expect(detail.body.adjustments).toEqual(points);
});
