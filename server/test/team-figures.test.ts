import { transitionOrderByNo } from '../src/modules/orders';
import { drainTeamDeltas } from '../src/modules/team';
import { recordOrderDelta } from '../src/modules/team/record-order-delta';
import { withTx } from '../src/platform/db/database';
import { startTestApp, type TestApp } from './support/test-app';
import { createTreeMembers, memberToken, seededRandom, teamFigures, waitForTeamFigures } from './support/team';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

const random = seededRandom(20261125);
const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];

/** Pays orders (and refunds some) by driving the order transitions, so `order.paid` / `order.refunded` go out for real. */
async function payAndRefund(memberIds: number[], count: number, refundShare: number, paidAt = new Date()) {
  const now = new Date();
  // test rows straight into the orders table (the product has no bulk path); every status change below goes
  // through the orders module's door, so its events go out for real
  const orders = Array.from({ length: count }, (_, i) => ({
    orderNo: `TF${process.pid}${String(i).padStart(6, '0')}${Math.floor(random() * 1e6)}`,
    memberId: pick(memberIds),
    payableFen: 1 + Math.floor(random() * 50_000),
    requestId: `tf-${i}-${random()}`,
  }));
  for (let i = 0; i < orders.length; i += 500)
    await app.query(
      `INSERT INTO orders (order_no, member_id, status, items_fen, shipping_fen, payable_fen, address_json, remark,
         request_id, expires_at, created_at, updated_at) VALUES ?`,
      [
        orders
          .slice(i, i + 500)
          .map((o) => [
            o.orderNo,
            o.memberId,
            'pending_payment',
            o.payableFen,
            0,
            o.payableFen,
            '{}',
            '',
            o.requestId,
            new Date(now.getTime() + 3_600_000),
            now,
            now,
          ]),
      ],
    );
  const refunded = orders.filter(() => random() < refundShare);
  for (let i = 0; i < orders.length; i += 100) {
    await withTx(app.services.sequelize, async (tx) => {
      for (const order of orders.slice(i, i + 100))
        await transitionOrderByNo(app.services, tx, order.orderNo, 'paid', {
          actor: 'test',
          fields: { paidFen: order.payableFen, paidAt },
        });
    });
  }
  for (let i = 0; i < refunded.length; i += 100) {
    await withTx(app.services.sequelize, async (tx) => {
      for (const order of refunded.slice(i, i + 100)) {
        await transitionOrderByNo(app.services, tx, order.orderNo, 'refunding', { actor: 'test' });
        await transitionOrderByNo(app.services, tx, order.orderNo, 'refunded', { actor: 'test' });
      }
    });
  }
  return { paid: orders.length, refunded: refunded.length };
}

/** Every member's figures from scratch: the raw tree and the raw orders, walked in memory. */
async function recompute(memberIds: number[]) {
  const members = await app.query<{ id: number; referrer_id: number | null }>(
    'SELECT member_id AS id, referrer_id FROM team_nodes WHERE member_id IN (?)',
    [memberIds],
  );
  const orders = await app.query<{ member_id: number; paid_fen: string }>(
    "SELECT member_id, paid_fen FROM orders WHERE status = 'paid' AND member_id IN (?)",
    [memberIds],
  );
  const parentOf = new Map(members.map((m) => [m.id, m.referrer_id]));
  const zero = () => ({
    direct_count: 0,
    team_count: 0,
    team_sales_fen: 0,
    team_order_count: 0,
    own_sales_fen: 0,
    own_order_count: 0,
  });
  const figures = new Map(members.map((m) => [m.id, zero()]));
  const up = (id: number, apply: (f: ReturnType<typeof zero>) => void) => {
    for (let a = parentOf.get(id) ?? null; a !== null; a = parentOf.get(a) ?? null) apply(figures.get(a)!);
  };
  for (const m of members) {
    if (m.referrer_id !== null) figures.get(m.referrer_id)!.direct_count++;
    up(m.id, (f) => f.team_count++);
  }
  for (const o of orders) {
    const fen = Number(o.paid_fen);
    const own = figures.get(o.member_id)!;
    own.own_sales_fen += fen;
    own.own_order_count++;
    up(o.member_id, (f) => {
      f.team_sales_fen += fen;
      f.team_order_count++;
    });
  }
  return Object.fromEntries([...figures].sort(([a], [b]) => a - b));
}

async function stored(memberIds: number[]) {
  const rows = await app.query(
    `SELECT member_id, direct_count, team_count, team_sales_fen, team_order_count, own_sales_fen, own_order_count
     FROM team_nodes WHERE member_id IN (?) ORDER BY member_id`,
    [memberIds],
  );
  return Object.fromEntries(
    rows.map(({ member_id, ...f }) => [
      member_id,
      Object.fromEntries(Object.entries(f).map(([k, v]) => [k, Number(v)])),
    ]),
  );
}

test('after 1,000 random paid and refunded orders the team figures equal a recomputation, and a rebind moves them', async () => {
  const tree = await createTreeMembers(app, 120, (i, ids) => (i < 3 ? null : pick(ids)));
  const { paid, refunded } = await payAndRefund(tree, 1_000, 0.3);
  await waitForTeamFigures(app, paid + refunded);
  expect(await stored(tree)).toEqual(await recompute(tree));

  // a redelivered order.paid / order.refunded changes nothing: the delta is unique by (kind, order)
  const [again] = await app.query<{ id: number; member_id: number; paid_fen: string }>(
    "SELECT id, member_id, paid_fen FROM orders WHERE status = 'refunded' LIMIT 1",
  );
  for (const kind of ['paid', 'refunded'] as const) {
    const payload = {
      orderId: again.id,
      orderNo: '',
      memberId: again.member_id,
      from: '',
      to: kind,
      payableFen: 1,
      paidFen: Number(again.paid_fen),
      ...{ paidAt: null, refundedFen: 0, lines: [], referrerChain: [] }, // fields added to order.<status> (commerce seams)
    };
    await recordOrderDelta(app.services, kind, {
      name: `order.${kind}`,
      key: `replay-${kind}`,
      payload,
      occurredAt: new Date().toISOString(),
    });
  }
  await drainTeamDeltas(app.services);
  expect(await stored(tree)).toEqual(await recompute(tree));
  const root = await teamFigures(app, tree[0]);
  expect(root.activeSalesFen).toBe(root.teamSalesFen); // every order was paid today, inside the 30-day window

  // move a member with a team under a member outside it: figures leave the old ancestors, reach the new ones
  const nodes = await app.query<{ member_id: number; referrer_id: number | null; ancestor_path: string }>(
    'SELECT member_id, referrer_id, ancestor_path FROM team_nodes WHERE member_id IN (?) AND team_count > 2',
    [tree],
  );
  const moved = nodes.find((n) => n.referrer_id !== null)!;
  const inside = new Set(
    (
      await app.query<{ member_id: number }>('SELECT member_id FROM team_nodes WHERE ancestor_path LIKE ?', [
        `${moved.ancestor_path}${moved.member_id}/%`,
      ])
    ).map((r) => r.member_id),
  );
  const target = tree.find((id) => id !== moved.member_id && id !== moved.referrer_id && !inside.has(id))!;
  const res = await app.http('POST', `/api/admin/members/${moved.member_id}/referrer`, {
    token: await app.adminToken(),
    body: { referrerId: target, reason: '客服核实' },
  });
  expect(res.body).toEqual({ referrerId: target, changed: true });
  expect(await stored(tree)).toEqual(await recompute(tree));
  for (const id of [moved.referrer_id!, target]) {
    const f = await teamFigures(app, id);
    expect(f.activeSalesFen).toBe(f.teamSalesFen);
    expect(f.activeOrderCount).toBe(f.teamOrderCount);
  }
}, 180_000);

test('team activity counts the last 30 days only; older orders stay in the team totals', async () => {
  const [leader, recent, dormant] = await createTreeMembers(app, 3, (i, ids) => (i === 0 ? null : ids[0]));
  const [before] = await app.query<{ n: number }>("SELECT COUNT(*) AS n FROM team_deltas WHERE kind <> 'joined'");
  await payAndRefund([dormant], 1, 0, new Date(Date.now() - 40 * 86_400_000));
  await payAndRefund([recent], 1, 0);
  await waitForTeamFigures(app, Number(before.n) + 2);
  const f = await teamFigures(app, leader);
  expect(f.teamOrderCount).toBe(2);
  expect(f.activeOrderCount).toBe(1);
  expect(f.activeSalesFen).toBeLessThan(f.teamSalesFen);
  const list = await app.http('GET', '/api/team/members?level=1', { token: memberToken(app, leader) });
  expect(list.body.items).toEqual([
    expect.objectContaining({ id: dormant, isActive: false, ownOrderCount: 1 }),
    expect.objectContaining({ id: recent, isActive: true, ownOrderCount: 1 }),
  ]);
});

test('a rebind moves the days an open ranking period still reads: the previous month from its first day', async () => {
  const [oldLeader, newLeader, member] = await createTreeMembers(app, 3, (i, ids) => (i === 2 ? ids[0] : null));
  // noon in Beijing on the first day of the previous China month: 28 to 31 days ago, at or past the 30-day window
  const beijing = new Date(Date.now() + 8 * 3_600_000);
  const month = beijing.getUTCMonth(); // this month, 0-based: the previous one is month - 1
  const paidAt = new Date(Date.UTC(beijing.getUTCFullYear(), month - 1, 1, 4));
  const day = new Date(paidAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const [before] = await app.query<{ n: number }>("SELECT COUNT(*) AS n FROM team_deltas WHERE kind <> 'joined'");
  await payAndRefund([member], 1, 0, paidAt);
  await waitForTeamFigures(app, Number(before.n) + 1);
  const salesOn = async (id: number) =>
    Number(
      (
        await app.query<{ fen: string | null }>(
          'SELECT SUM(team_sales_fen) AS fen FROM team_daily_figures WHERE member_id = ? AND day = ?',
          [id, day],
        )
      )[0]?.fen ?? 0,
    );
  const sales = await salesOn(oldLeader);
  expect(sales).toBeGreaterThan(0);

  const res = await app.http('POST', `/api/admin/members/${member}/referrer`, {
    token: await app.adminToken(),
    body: { referrerId: newLeader, reason: '客服核实' },
  });
  expect(res.status).toBe(200);
  expect(await salesOn(oldLeader)).toBe(0);
  expect(await salesOn(newLeader)).toBe(sales);
});
