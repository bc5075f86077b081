import { returnOrderPoints } from '../src/modules/loyalty';
import { withTx } from '../src/platform/db/database';
import type { RefundSucceeded } from '../src/platform/events/domain-events';
import { eventsDrained } from './support/drained';
import { ADDRESS, createProduct } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * 积分抵扣: points pay part of an order at the configured rate and cap, are spent in the order's transaction, and
 * come back when the unpaid order is cancelled (once) or refunded (the refunded share, never more than spent).
 */
let app: TestApp;
let admin: string;
let skuId: number;

beforeAll(async () => {
  // 100 points = ¥1, points pay at most 30% of the items
  app = await startTestApp({ POINTS_PER_YUAN: '100', POINTS_CAP_BPS: '3000' });
  admin = await app.adminToken();
  skuId = (await createProduct(app, { name: '积分商品', priceFen: 10_000, stock: 100 })).skus[0]!.id;
});
afterAll(() => app.stop());

async function memberWithPoints(openid: string, points: number) {
  const { token, member } = await app.loginMember(openid);
  const grant = await app.http('POST', `/api/admin/members/${member.id}/points`, {
    token: admin,
    body: { deltaPoints: points, reason: '测试积分', requestId: `points-grant-${member.id}` },
  });
  expect(grant.status).toBe(200);
  return { token: token as string, memberId: member.id as number };
}

const balanceOf = async (token: string) =>
  (await app.http('GET', '/api/loyalty/points', { token })).body.availablePoints as number;

async function placeWithPoints(token: string, quantity: number, pointsToUse: number, requestId: string) {
  const body = { items: [{ skuId, quantity }], address: ADDRESS, pointsToUse };
  const quote = await app.http('POST', '/api/orders/quote', { token, body });
  expect(quote.status).toBe(200);
  const res = await app.http('POST', '/api/orders', {
    token,
    body: { ...body, requestId, expectedPayableFen: quote.body.payableFen },
  });
  expect(res.status).toBe(201);
  return res.body as { orderNo: string; payableFen: number; discountFen: number; adjustments: unknown[] };
}

test('points are spent with the order, capped, and all come back once when the order is cancelled', async () => {
  const buyer = await memberWithPoints('points-cancel', 5_000);
  const order = await placeWithPoints(buyer.token, 1, 5_000, 'points-cancel-0001');
  // cap: 30% of ¥100 = ¥30 = 3,000 points
  expect(order).toMatchObject({ payableFen: 7_000, discountFen: 3_000 });
  expect(order.adjustments).toEqual([{ code: 'points', label: '积分抵扣 3000 积分', amountFen: 3_000, points: 3_000 }]);
  expect(await balanceOf(buyer.token)).toBe(2_000);

  // a retried submit places nothing and spends nothing more
  const retried = await app.http('POST', '/api/orders', {
    token: buyer.token,
    body: { items: [{ skuId, quantity: 1 }], address: ADDRESS, pointsToUse: 5_000, requestId: 'points-cancel-0001' },
  });
  expect(retried.body.orderNo).toBe(order.orderNo);
  expect(await balanceOf(buyer.token)).toBe(2_000);

  const cancelled = await app.http('POST', `/api/orders/${order.orderNo}/cancel`, { token: buyer.token });
  expect(cancelled.status).toBe(200);
  await eventsDrained(app.services);
  expect(await balanceOf(buyer.token)).toBe(5_000);

  // the listener run again (at-least-once delivery) returns nothing more
  const again = await withTx(app.services.sequelize, (tx) =>
    returnOrderPoints(order.orderNo, 'all', `order-cancel:${order.orderNo}`, tx),
  );
  expect(again).toBe(0);
  expect(await balanceOf(buyer.token)).toBe(5_000);
  const ledger = await app.query(
    "SELECT kind, delta FROM points_ledger WHERE member_id = ? AND kind IN ('spend', 'spend_refund') ORDER BY id",
    [buyer.memberId],
  );
  expect(ledger).toEqual([
    { kind: 'spend', delta: -3_000 },
    { kind: 'spend_refund', delta: 3_000 },
  ]);
});

test('not enough points at placement (spent elsewhere meanwhile) rolls the order back', async () => {
  const buyer = await memberWithPoints('points-race', 1_000);
  const body = { items: [{ skuId, quantity: 1 }], address: ADDRESS, pointsToUse: 1_000 };
  const quote = await app.http('POST', '/api/orders/quote', { token: buyer.token, body });
  expect(quote.body.points).toMatchObject({ balance: 1_000, used: 1_000, maxUsable: 1_000 });
  await app.query('UPDATE points_lots SET remaining = 0 WHERE member_id = ?', [buyer.memberId]);
  const orders = await app.query('SELECT COUNT(*) AS n FROM orders');
  const res = await app.http('POST', '/api/orders', {
    token: buyer.token,
    body: { ...body, requestId: 'points-race-0001', expectedPayableFen: quote.body.payableFen },
  });
  expect(res.status).toBe(409);
  expect(res.body.error.code).toBe('POINTS_INSUFFICIENT');
  expect(await app.query('SELECT COUNT(*) AS n FROM orders')).toEqual(orders);
});

async function refund(orderNo: string, refundNo: string, refundFen: number) {
  await withTx(app.services.sequelize, (tx) =>
    app.services.events.record<RefundSucceeded>(tx, 'refund.succeeded', refundNo, {
      refundNo,
      orderNo,
      orderId: 0,
      memberId: 0,
      channel: 'wechatpay',
      refundFen,
      lines: [],
      reason: 'test',
      referrerChain: [],
    }),
  );
  await eventsDrained(app.services);
}

test('refunds return the refunded share of the points, never more than was spent', async () => {
  const buyer = await memberWithPoints('points-refund', 6_000);
  const order = await placeWithPoints(buyer.token, 2, 6_000, 'points-refund-0001');
  expect(order).toMatchObject({ payableFen: 14_000, discountFen: 6_000 });
  expect(await balanceOf(buyer.token)).toBe(0);
  // the refund listener reads what the order paid
  await app.query('UPDATE orders SET status = ?, paid_fen = payable_fen, paid_at = NOW(3) WHERE order_no = ?', [
    'paid',
    order.orderNo,
  ]);

  await refund(order.orderNo, 'R-points-1', 3_500); // a quarter of what was paid
  expect(await balanceOf(buyer.token)).toBe(1_500);
  await refund(order.orderNo, 'R-points-1', 3_500); // the same refund again: nothing more
  expect(await balanceOf(buyer.token)).toBe(1_500);
  await refund(order.orderNo, 'R-points-2', 3_333); // 3,333 / 14,000 of 6,000 = 1,428.4 → 1,428
  expect(await balanceOf(buyer.token)).toBe(1_500 + 1_428);
  await refund(order.orderNo, 'R-points-3', 14_000); // a refund of the whole: all that is left, no more
  expect(await balanceOf(buyer.token)).toBe(6_000);
  await refund(order.orderNo, 'R-points-4', 14_000);
  expect(await balanceOf(buyer.token)).toBe(6_000);
  const [spend] = await app.query('SELECT points, returned_points, is_refunded FROM points_spends WHERE ref = ?', [
    `order:${order.orderNo}`,
  ]);
  expect(spend).toEqual({ points: 6_000, returned_points: 6_000, is_refunded: 1 });
});
