import { ledgerMismatches } from './support/loyalty-fixtures';
import { startTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

async function memberWithPoints(openid: string, points: number) {
  const { token, member } = await app.loginMember(openid);
  const res = await app.http('POST', `/api/admin/members/${member.id}/points`, {
    token: await app.adminToken(),
    body: { deltaPoints: points, reason: '测试发放', requestId: `seed-${openid}` },
  });
  if (res.status !== 200) throw new Error(res.text);
  return { token, member };
}

async function createReward(stock: number, pointsCost = 100) {
  const res = await app.http('POST', '/api/admin/points-rewards', {
    token: await app.adminToken(),
    body: { name: '保温杯', pointsCost, stock },
  });
  expect(res.status).toBe(201);
  return res.body as { id: number };
}

const pointsOf = async (token: string) =>
  (await app.http('GET', '/api/loyalty/points', { token })).body.availablePoints as number;
const stockOf = async (rewardId: number) =>
  (await app.query('SELECT stock FROM points_rewards WHERE id = ?', [rewardId]))[0].stock as number;

test('exchanging spends the points and one from stock, once per requestId', async () => {
  const { token } = await memberWithPoints('ex-happy', 250);
  const reward = await createReward(5);
  const body = { rewardId: reward.id, requestId: 'exchange-0001' };
  const first = await app.http('POST', '/api/loyalty/exchanges', { token, body });
  expect(first.status).toBe(201);
  expect(first.body).toMatchObject({ rewardName: '保温杯', points: 100, status: 'placed' });
  const retry = await app.http('POST', '/api/loyalty/exchanges', { token, body });
  expect(retry.body.id).toBe(first.body.id);
  expect(await pointsOf(token)).toBe(150);
  expect(await stockOf(reward.id)).toBe(4);
  const mine = await app.http('GET', '/api/loyalty/exchanges', { token });
  expect(mine.body.items).toHaveLength(1);
  const listed = await app.http('GET', '/api/loyalty/rewards', { token });
  expect(listed.body.items).toContainEqual(expect.objectContaining({ id: reward.id, stock: 4 }));
});

test('too few points or no stock is refused and changes nothing', async () => {
  const { token } = await memberWithPoints('ex-poor', 50);
  const reward = await createReward(1);
  const poor = await app.http('POST', '/api/loyalty/exchanges', {
    token,
    body: { rewardId: reward.id, requestId: 'exchange-poor-1' },
  });
  expect(poor.status).toBe(409);
  expect(poor.body.error.code).toBe('POINTS_INSUFFICIENT');
  expect(await stockOf(reward.id)).toBe(1);

  const empty = await createReward(0, 10);
  const none = await app.http('POST', '/api/loyalty/exchanges', {
    token,
    body: { rewardId: empty.id, requestId: 'exchange-none-1' },
  });
  expect(none.body.error.code).toBe('REWARD_OUT_OF_STOCK');
  expect(await pointsOf(token)).toBe(50);
  const bad = await app.http('POST', '/api/loyalty/exchanges', { token, body: { rewardId: 'x', requestId: 'short' } });
  expect(bad.status).toBe(400);
  expect(await app.query('SELECT id FROM points_exchanges WHERE request_id LIKE ?', ['exchange-%-1'])).toEqual([]);
});

test('an admin cancelling an exchange gives the points and the stock back; a handed-over one cannot be cancelled', async () => {
  const admin = await app.adminToken();
  const { token } = await memberWithPoints('ex-cancel', 300);
  const reward = await createReward(3);
  const a = await app.http('POST', '/api/loyalty/exchanges', {
    token,
    body: { rewardId: reward.id, requestId: 'exchange-a-01' },
  });
  const b = await app.http('POST', '/api/loyalty/exchanges', {
    token,
    body: { rewardId: reward.id, requestId: 'exchange-b-01' },
  });
  expect(await pointsOf(token)).toBe(100);

  const cancel = { status: 'cancelled', reason: '会员申请取消' };
  const cancelled = await app.http('POST', `/api/admin/points-exchanges/${a.body.id}/status`, {
    token: admin,
    body: cancel,
  });
  expect(cancelled.body.status).toBe('cancelled');
  const retry = await app.http('POST', `/api/admin/points-exchanges/${a.body.id}/status`, {
    token: admin,
    body: cancel,
  });
  expect(retry.status).toBe(200);
  expect(await pointsOf(token)).toBe(200);
  expect(await stockOf(reward.id)).toBe(2);

  const placed = await app.http('GET', '/api/admin/points-exchanges?status=placed', { token: admin });
  expect(placed.body.items.map((e: { id: number }) => e.id)).toContain(b.body.id);
  expect(placed.body.items.map((e: { id: number }) => e.id)).not.toContain(a.body.id);
  const fulfil = { status: 'fulfilled', reason: '已到店领取' };
  expect(
    (await app.http('POST', `/api/admin/points-exchanges/${b.body.id}/status`, { token: admin, body: fulfil })).status,
  ).toBe(200);
  const late = await app.http('POST', `/api/admin/points-exchanges/${b.body.id}/status`, {
    token: admin,
    body: cancel,
  });
  expect(late.status).toBe(409);
  expect(late.body.error.code).toBe('ILLEGAL_TRANSITION');
  expect(await pointsOf(token)).toBe(200);
  const audits = await app.query(
    "SELECT action FROM admin_audit_logs WHERE target_type = 'points_exchange' ORDER BY id",
  );
  expect(audits.map((r) => r.action)).toEqual([
    'points.exchange.cancelled',
    'points.exchange.cancelled',
    'points.exchange.fulfilled',
  ]);
});

test('after exchanges and cancellations every ledger still sums to its balances', async () => {
  expect(await ledgerMismatches(app)).toEqual([]);
});
