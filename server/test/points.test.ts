import { expirePoints, refundPointsSpend, spendPoints } from '../src/modules/loyalty';
import { earnPoints } from '../src/modules/loyalty/earn-points';
import { withTx } from '../src/platform/db/database';
import { isDelivered, ledgerMismatches, moveOrder, payOrderOf, waitFor } from './support/loyalty-fixtures';
import { startTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

const DAY_MS = 86_400_000;
const inTx = <T>(work: Parameters<typeof withTx<T>>[1]) => withTx(app.services.sequelize, work);
const balanceOf = async (token: string) => (await app.http('GET', '/api/loyalty/points', { token })).body;
const ledgerOf = async (token: string) =>
  (await app.http('GET', '/api/loyalty/points/ledger?pageSize=100', { token })).body.items as {
    kind: string;
    delta: number;
    frozenDelta: number;
    balanceAfter: number;
  }[];
const lotsOf = (memberId: number) =>
  app.query('SELECT id, points, remaining, state FROM points_lots WHERE member_id = ? ORDER BY id', [memberId]);

test('points of a received order are frozen, and become available when the order completes', async () => {
  const { token } = await app.loginMember('pt-complete');
  const { orderNo } = await payOrderOf(app, token, 12_345);
  await moveOrder(app, orderNo, 'shipped', 'received');
  await waitFor(async () => (await balanceOf(token)).frozenPoints === 123);
  expect(await balanceOf(token)).toMatchObject({ availablePoints: 0, frozenPoints: 123 });
  await moveOrder(app, orderNo, 'completed');
  await waitFor(async () => (await balanceOf(token)).availablePoints === 123);
  expect(await balanceOf(token)).toMatchObject({ availablePoints: 123, frozenPoints: 0 });
  expect((await ledgerOf(token)).map((e) => [e.kind, e.delta, e.frozenDelta])).toEqual([
    ['order_thawed', 123, -123],
    ['order_frozen', 0, 123],
  ]);
});

test('frozen points are cancelled when the order is refunded before it completes', async () => {
  const { token } = await app.loginMember('pt-refund');
  const { orderNo } = await payOrderOf(app, token, 5_000);
  await moveOrder(app, orderNo, 'shipped', 'received');
  await waitFor(async () => (await balanceOf(token)).frozenPoints === 50);
  await moveOrder(app, orderNo, 'refunding', 'refunded');
  await waitFor(async () => (await balanceOf(token)).frozenPoints === 0);
  expect((await ledgerOf(token)).map((e) => [e.kind, e.frozenDelta])).toEqual([
    ['order_cancelled', -50],
    ['order_frozen', 50],
  ]);
});

test('a referred member joining gives points to both, once, even when the event is delivered twice', async () => {
  const { token: inviterToken, member: inviter } = await app.loginMember('pt-inviter');
  const { token: newToken, member: joined } = await app.loginMember('pt-invitee', inviter.inviteCode);
  await waitFor(async () => (await balanceOf(newToken)).availablePoints === 50);
  await waitFor(async () => (await balanceOf(inviterToken)).availablePoints === 100);
  // the same fact again under another delivery key: the listener must not pay twice
  const payload = { memberId: joined.id, referrerId: inviter.id, inviterCode: inviter.inviteCode };
  await inTx(async (tx) => app.services.events.record(tx, 'member.joined', 'redelivered', payload));
  await waitFor(() => isDelivered(app, 'loyalty-join-points', 'member.joined', 'redelivered'));
  expect((await balanceOf(newToken)).availablePoints).toBe(50);
  expect((await balanceOf(inviterToken)).availablePoints).toBe(100);
});

test('spending uses the lot that expires first, is idempotent by ref and refundable by ref; expiry takes the oldest lot', async () => {
  const { token, member } = await app.loginMember('pt-fifo');
  const now = new Date();
  const earn = (key: string, expiryDays: number) =>
    inTx((tx) =>
      earnPoints(
        { memberId: member.id, sourceKey: key, points: 100, kind: 'admin_grant', isFrozen: false, now, expiryDays },
        tx,
      ),
    );
  const late = await earn(`fifo-late-${member.id}`, 100);
  const soon = await earn(`fifo-soon-${member.id}`, 5);
  const middle = await earn(`fifo-middle-${member.id}`, 50);

  const spent = await inTx((tx) => spendPoints(member.id, 150, `checkout:${member.id}`, tx));
  expect(spent).toEqual({ ref: `checkout:${member.id}`, points: 150, isRefunded: false });
  const remaining = async () => new Map((await lotsOf(member.id)).map((l) => [l.id, l.remaining]));
  expect(await remaining()).toEqual(
    new Map([
      [late!.id, 100],
      [soon!.id, 0],
      [middle!.id, 50],
    ]),
  );
  // the same ref again spends nothing; other figures under it are a conflict
  await inTx((tx) => spendPoints(member.id, 150, `checkout:${member.id}`, tx));
  await expect(inTx((tx) => spendPoints(member.id, 10, `checkout:${member.id}`, tx))).rejects.toMatchObject({
    code: 'POINTS_REF_CONFLICT',
  });
  expect((await balanceOf(token)).availablePoints).toBe(150);

  await inTx((tx) => refundPointsSpend(`checkout:${member.id}`, tx));
  await inTx((tx) => refundPointsSpend(`checkout:${member.id}`, tx));
  expect((await balanceOf(token)).availablePoints).toBe(300);

  await expirePoints(app.services, new Date(now.getTime() + 6 * DAY_MS));
  await expirePoints(app.services, new Date(now.getTime() + 6 * DAY_MS));
  expect(await remaining()).toEqual(
    new Map([
      [late!.id, 100],
      [soon!.id, 0],
      [middle!.id, 100],
    ]),
  );
  expect((await balanceOf(token)).availablePoints).toBe(200);
  expect((await ledgerOf(token))[0]).toMatchObject({ kind: 'expire', delta: -100, balanceAfter: 200 });

  await expect(inTx((tx) => spendPoints(member.id, 201, `too-much:${member.id}`, tx))).rejects.toMatchObject({
    code: 'POINTS_INSUFFICIENT',
  });
  expect(await app.query('SELECT id FROM points_spends WHERE ref = ?', [`too-much:${member.id}`])).toEqual([]);
});

test('sign-in earns points once per calendar day', async () => {
  const { token } = await app.loginMember('pt-sign-in');
  const first = await app.http('POST', '/api/loyalty/sign-in', { token });
  expect(first.body).toMatchObject({ isNew: true, points: 5, balance: { availablePoints: 5, hasSignedInToday: true } });
  const again = await app.http('POST', '/api/loyalty/sign-in', { token });
  expect(again.body).toMatchObject({ isNew: false, points: 0, balance: { availablePoints: 5 } });

  // five taps at once from a brand-new member (no account row yet): one sign-in
  const { token: eager } = await app.loginMember('pt-sign-in-eager');
  const taps = await Promise.all(
    Array.from({ length: 5 }, () => app.http('POST', '/api/loyalty/sign-in', { token: eager })),
  );
  expect(taps.map((t) => t.status)).toEqual([200, 200, 200, 200, 200]);
  expect(taps.filter((t) => t.body.isNew)).toHaveLength(1);
  expect((await balanceOf(eager)).availablePoints).toBe(5);
});

test('an admin grants and deducts points with a reason: audited, and a retried request changes nothing', async () => {
  const admin = await app.adminToken();
  const { token, member } = await app.loginMember('pt-admin');
  const grant = { deltaPoints: 300, reason: '客诉补偿', requestId: `grant-${member.id}-0001` };
  const url = `/api/admin/members/${member.id}/points`;
  expect((await app.http('POST', url, { token: admin, body: grant })).body.availablePoints).toBe(300);
  expect((await app.http('POST', url, { token: admin, body: grant })).body.availablePoints).toBe(300);
  const deduct = { deltaPoints: -120, reason: '误发收回', requestId: `deduct-${member.id}-01` };
  expect((await app.http('POST', url, { token: admin, body: deduct })).body.availablePoints).toBe(180);
  expect((await ledgerOf(token)).map((e) => [e.kind, e.delta])).toEqual([
    ['admin_deduct', -120],
    ['admin_grant', 300],
  ]);
  const audits = await app.query('SELECT action FROM admin_audit_logs WHERE target_id = ? ORDER BY id', [
    String(member.id),
  ]);
  expect(audits.map((a) => a.action)).toEqual(['member.points.grant', 'member.points.grant', 'member.points.deduct']);
});

test('bad input answers 4xx and writes nothing', async () => {
  const admin = await app.adminToken();
  const { token, member } = await app.loginMember('pt-bad');
  const url = `/api/admin/members/${member.id}/points`;
  const [{ n: auditsBefore }] = await app.query('SELECT COUNT(*) AS n FROM admin_audit_logs');
  for (const body of [
    { deltaPoints: 0, reason: 'zero', requestId: 'bad-request-0' },
    { deltaPoints: 1.5, reason: 'fraction', requestId: 'bad-request-1' },
    { deltaPoints: 10, reason: '', requestId: 'bad-request-2' },
    { deltaPoints: 10, reason: 'ok reason', requestId: 'short' },
  ]) {
    const res = await app.http('POST', url, { token: admin, body });
    expect(res.status).toBe(400);
  }
  const overdraw = await app.http('POST', url, {
    token: admin,
    body: { deltaPoints: -1, reason: 'more than held', requestId: 'overdraw-0001' },
  });
  expect(overdraw.status).toBe(409);
  expect(overdraw.body.error).toMatchObject({ code: 'POINTS_INSUFFICIENT', field: 'deltaPoints' });
  expect((await app.http('GET', '/api/loyalty/points/ledger?pageSize=1000', { token })).status).toBe(400);
  expect(await app.query('SELECT id FROM points_ledger WHERE member_id = ?', [member.id])).toEqual([]);
  const [{ n: auditsAfter }] = await app.query('SELECT COUNT(*) AS n FROM admin_audit_logs');
  expect(auditsAfter).toBe(auditsBefore);
});

test('concurrent spends never overdraw: the balance stops at zero and the database refuses a negative one', async () => {
  const { token, member } = await app.loginMember('pt-race');
  await inTx((tx) =>
    earnPoints(
      {
        memberId: member.id,
        sourceKey: `race-${member.id}`,
        points: 200,
        kind: 'admin_grant',
        isFrozen: false,
        now: new Date(),
        expiryDays: 30,
      },
      tx,
    ),
  );
  const results = await Promise.allSettled(
    Array.from({ length: 5 }, (_, i) => inTx((tx) => spendPoints(member.id, 60, `race-${member.id}-${i}`, tx))),
  );
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
  expect((await balanceOf(token)).availablePoints).toBe(20);
  await expect(
    app.query('UPDATE loyalty_accounts SET available_points = -1 WHERE member_id = ?', [member.id]),
  ).rejects.toThrow(/CONSTRAINT|check/i);
});

test('a refund that overtakes the receipt event leaves no frozen points behind', async () => {
  const { token, member } = await app.loginMember('pt-overtake');
  const { orderNo, orderId } = await payOrderOf(app, token, 8_000);
  await moveOrder(app, orderNo, 'refunding', 'refunded');
  await waitFor(
    async () => (await app.query('SELECT 1 FROM points_lots WHERE source_key = ?', [`order:${orderId}`])).length > 0,
  );
  // a late, re-delivered receipt for the same order earns nothing
  const late = {
    orderId,
    orderNo,
    memberId: member.id,
    from: 'shipped',
    to: 'received',
    payableFen: 8_000,
    paidFen: 8_000,
    paidAt: null,
    refundedFen: 0,
    lines: [],
    referrerChain: [],
  };
  await inTx(async (tx) => app.services.events.record(tx, 'order.received', 'late-receipt', late));
  await waitFor(() => isDelivered(app, 'loyalty-earn', 'order.received', 'late-receipt'));
  expect(await balanceOf(token)).toMatchObject({ availablePoints: 0, frozenPoints: 0 });
});

test('a completion handled before its receipt still pays the points once, and the late receipt adds nothing', async () => {
  const { token, member } = await app.loginMember('pt-early-complete');
  const event = {
    orderId: 990_001,
    orderNo: 'E2E990001X',
    memberId: member.id,
    payableFen: 3_000,
    paidFen: 3_000,
    paidAt: null,
    refundedFen: 0,
    lines: [],
    referrerChain: [],
  };
  await inTx(async (tx) =>
    app.services.events.record(tx, 'order.completed', 'early-complete', {
      ...event,
      from: 'received',
      to: 'completed',
    }),
  );
  await waitFor(() => isDelivered(app, 'loyalty-thaw', 'order.completed', 'early-complete'));
  await inTx(async (tx) =>
    app.services.events.record(tx, 'order.received', 'late-receipt-2', {
      ...event,
      from: 'shipped',
      to: 'received',
    }),
  );
  await waitFor(() => isDelivered(app, 'loyalty-earn', 'order.received', 'late-receipt-2'));
  expect(await balanceOf(token)).toMatchObject({ availablePoints: 30, frozenPoints: 0 });
});

test("admins read a member's points ledger with reasons, and their level card", async () => {
  const admin = await app.adminToken();
  const { member } = await app.loginMember('pt-admin-read');
  await app.http('POST', `/api/admin/members/${member.id}/points`, {
    token: admin,
    body: { deltaPoints: 40, reason: '活动奖励', requestId: `read-${member.id}-0001` },
  });
  const ledger = await app.http('GET', `/api/admin/members/${member.id}/points/ledger`, { token: admin });
  expect(ledger.body.items).toEqual([expect.objectContaining({ kind: 'admin_grant', delta: 40, reason: '活动奖励' })]);
  const loyalty = await app.http('GET', `/api/admin/members/${member.id}/loyalty`, { token: admin });
  expect(loyalty.body).toMatchObject({ card: { level: { code: 'normal' } }, points: { availablePoints: 40 } });
  expect((await app.http('GET', '/api/admin/members/999999/loyalty', { token: admin })).status).toBe(404);
});

test('every ledger sums to its balances, and the lots hold exactly the balances', async () => {
  const mismatches = await ledgerMismatches(app);
  expect(mismatches).toEqual([]);
  const [{ n }] = await app.query('SELECT COUNT(*) AS n FROM points_ledger');
  expect(Number(n)).toBeGreaterThan(10);
});
