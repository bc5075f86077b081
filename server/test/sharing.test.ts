import { withTx } from '../src/platform/db/database';
import { transitionOrderByNo } from '../src/modules/orders';
import { dayOf } from '../src/modules/sharing';
import { createProduct, placeOrder } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

async function waitFor<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const myStats = async (token: string) => (await app.http('GET', '/api/sharing/stats', { token })).body;
const share = async (token: string, body: object = { channel: 'link' }) =>
  app.http('POST', '/api/sharing/shares', { token, body });

async function moveOrder(orderNo: string, steps: { to: 'paid' | 'refunding' | 'refunded'; paidFen?: number }[]) {
  for (const step of steps) {
    await withTx(app.services.sequelize, async (tx) => {
      const fields = step.paidFen === undefined ? undefined : { paidFen: step.paidFen, paidAt: new Date() };
      await transitionOrderByNo(app.services, tx, orderNo, step.to, { actor: 'test', fields });
    });
  }
}

test('a share gives the codes to share: card path, H5 link and a wxacode scene of at most 32 characters', async () => {
  const { token, member } = await app.loginMember('share-a');
  const res = await share(token, { channel: 'wxacode', page: 'pages/product/index', productId: 12 });
  expect(res.status).toBe(201);
  const { shareId } = res.body;
  expect(res.body).toMatchObject({
    inviterCode: member.inviteCode,
    path: `/pages/product/index?id=12&inviter=${member.inviteCode}&share=${shareId}`,
    h5Url: `${app.url}/#/pages/product/index?id=12&inviter=${member.inviteCode}&share=${shareId}`,
    scene: `i=${member.inviteCode}&s=${shareId}&p=12`,
  });
  expect(res.body.scene.length).toBeLessThanOrEqual(32);
  expect((await myStats(token)).today.shares).toBe(1);
});

test('opens are attributed to the inviter and counted once per visitor, share and day', async () => {
  const { token, member } = await app.loginMember('opens-a');
  const { shareId } = (await share(token)).body;
  const open = (visitorId: string, withShare = true) =>
    app.http('POST', '/api/sharing/opens', {
      body: { inviterCode: member.inviteCode, visitorId, ...(withShare ? { shareId } : {}) },
    });
  expect((await open('visitor-0001')).body).toEqual({ counted: true });
  expect((await open('visitor-0001')).body).toEqual({ counted: false });
  expect((await open('visitor-0001', false)).body).toEqual({ counted: true }); // another share (the bare code)
  expect((await open('visitor-0002')).body).toEqual({ counted: true });
  const stats = await myStats(token);
  expect(stats.today.opens).toBe(3);
  expect(stats.byDay).toEqual([expect.objectContaining({ day: dayOf(new Date()), opens: 3, shares: 1 })]);
});

test('an open of an unknown inviter or of another member’s share answers 404 and counts nothing', async () => {
  const a = await app.loginMember('opens-b1');
  const b = await app.loginMember('opens-b2');
  const { shareId } = (await share(b.token)).body;
  const res = await app.http('POST', '/api/sharing/opens', {
    body: { inviterCode: a.member.inviteCode, shareId, visitorId: 'visitor-0003' },
  });
  expect(res.status).toBe(404);
  const unknown = await app.http('POST', '/api/sharing/opens', {
    body: { inviterCode: 'NOSUCHCODE', visitorId: 'visitor-0003' },
  });
  expect(unknown.status).toBe(404);
  expect((await myStats(a.token)).today.opens).toBe(0);
});

test('bad input is a 400 with the field named, and nothing is written', async () => {
  const { token } = await app.loginMember('bad-input');
  const [{ n: before }] = await app.query('SELECT COUNT(*) AS n FROM share_opens');
  const badOpen = await app.http('POST', '/api/sharing/opens', { body: { inviterCode: 'AB', visitorId: 'x' } });
  expect(badOpen.status).toBe(400);
  expect(badOpen.body.error).toMatchObject({ code: expect.any(String), field: expect.any(String) });
  const badShare = await share(token, { channel: 'telegram' });
  expect(badShare.status).toBe(400);
  const badPage = await share(token, { channel: 'card', page: 'pages/admin/index' });
  expect(badPage.status).toBe(400);
  const noProduct = await share(token, { channel: 'card', page: 'pages/product/index' });
  expect(noProduct.status).toBe(400);
  expect(noProduct.body.error.field).toBe('productId');
  expect(await app.query('SELECT COUNT(*) AS n FROM share_opens')).toEqual([{ n: before }]);
  expect(await app.query("SELECT * FROM share_links WHERE channel = 'telegram'")).toEqual([]);
  expect((await myStats(token)).today.shares).toBe(0);
});

test('a new member is attributed once, even when the event is delivered twice', async () => {
  const a = await app.loginMember('joined-a');
  const b = await app.loginMember('joined-b', a.member.inviteCode);
  await waitFor(async () => (await myStats(a.token)).today.newMembers === 1);
  // Bull delivers at least once: the same fact again, under another event key, changes nothing
  await withTx(app.services.sequelize, async (tx) =>
    app.services.events.record(tx, 'member.joined', `redelivered-${b.member.id}`, {
      memberId: b.member.id,
      referrerId: a.member.id,
      inviterCode: a.member.inviteCode,
    }),
  );
  await waitFor(async () => {
    const jobs = await app.services.queues.events.getJobs(['completed']);
    return jobs.some((j) => j.name === 'deliver' && String(j.id).includes(`redelivered-${b.member.id}`));
  });
  expect((await myStats(a.token)).today.newMembers).toBe(1);
  expect(
    await app.query("SELECT promoter_id FROM share_attributions WHERE kind = 'new_member' AND member_id = ?", [
      b.member.id,
    ]),
  ).toEqual([{ promoter_id: a.member.id }]);
});

test('a later binding (member.referrer_changed) counts the member for the new referrer', async () => {
  const a = await app.loginMember('rebind-a');
  const c = await app.loginMember('rebind-c');
  await withTx(app.services.sequelize, async (tx) =>
    app.services.events.record(tx, 'member.referrer_changed', `bind-${c.member.id}`, {
      memberId: c.member.id,
      fromReferrerId: null,
      toReferrerId: a.member.id,
      actor: 'system',
      reason: 'first touch',
    }),
  );
  await waitFor(async () => (await myStats(a.token)).today.newMembers === 1);
});

test('paid and refunded orders count for the buyer’s referrer, once per order', async () => {
  const product = await createProduct(app, { priceFen: 2500, stock: 50 });
  const a = await app.loginMember('orders-a');
  const buyer = await app.loginMember('orders-buyer', a.member.inviteCode);
  const loner = await app.loginMember('orders-loner');
  const first = await placeOrder(app, buyer.token, product.skus[0].id, 2);
  const second = await placeOrder(app, buyer.token, product.skus[0].id, 1);
  const unreferred = await placeOrder(app, loner.token, product.skus[0].id, 1);
  await moveOrder(first.orderNo, [{ to: 'paid', paidFen: 5000 }]);
  await moveOrder(second.orderNo, [{ to: 'paid', paidFen: 2500 }, { to: 'refunding' }, { to: 'refunded' }]);
  await moveOrder(unreferred.orderNo, [{ to: 'paid', paidFen: 2500 }]);

  const stats = await waitFor(async () => {
    const s = await myStats(a.token);
    return s.today.paidOrders === 2 && s.today.refundedOrders === 1 ? s : undefined;
  });
  expect(stats.today).toMatchObject({ paidOrders: 2, paidFen: 7500, refundedOrders: 1, refundedFen: 2500 });
  const rows = await app.query('SELECT COUNT(*) AS n FROM share_attributions WHERE promoter_id = ?', [a.member.id]);
  expect(rows).toEqual([{ n: 4 }]); // the new member, two payments, one refund; the loner's order is nobody's
});

test('admins see figures per promoter, per team (two levels) and overall, by day', async () => {
  const a = await app.loginMember('team-a');
  const b = await app.loginMember('team-b', a.member.inviteCode);
  const c = await app.loginMember('team-c', b.member.inviteCode);
  const d = await app.loginMember('team-d', c.member.inviteCode); // third level: outside a's team
  await share(a.token);
  await share(b.token);
  await share(c.token);
  await share(d.token);
  await waitFor(async () => (await myStats(c.token)).today.newMembers === 1);
  const admin = await app.adminToken();
  const today = dayOf(new Date());

  const team = await app.http('GET', `/api/admin/sharing/teams/${a.member.id}?from=${today}&to=${today}`, {
    token: admin,
  });
  expect(team.status).toBe(200);
  expect(team.body).toMatchObject({ teamSize: 2, totals: { shares: 3, newMembers: 3 } });
  expect(team.body.byDay).toEqual([expect.objectContaining({ day: today, shares: 3 })]);

  const one = await app.http('GET', `/api/admin/sharing/promoters/${b.member.id}`, { token: admin });
  expect(one.body.totals).toMatchObject({ shares: 1, newMembers: 1 });

  const overall = await app.http('GET', `/api/admin/sharing/stats?from=${today}&to=${today}`, { token: admin });
  const [{ shares }] = await app.query('SELECT COUNT(*) AS shares FROM share_links');
  expect(overall.body.totals.shares).toBe(Number(shares));

  const ranked = await app.http('GET', '/api/admin/sharing/promoters?limit=100', { token: admin });
  expect(ranked.body.items.map((i: { memberId: number }) => i.memberId)).toEqual(
    expect.arrayContaining([a.member.id, b.member.id, c.member.id]),
  );

  const reversed = await app.http('GET', '/api/admin/sharing/stats?from=2026-02-01&to=2026-01-01', { token: admin });
  expect(reversed.status).toBe(400);
  expect((await app.http('GET', '/api/admin/sharing/stats', { token: a.token })).status).toBe(401);
});

test('the mini-program code is a PNG from the wxacode sandbox; the poster is a PNG; another member’s share is 404', async () => {
  const a = await app.loginMember('images-a');
  const b = await app.loginMember('images-b');
  const { shareId } = (await share(a.token, { channel: 'wxacode' })).body;
  for (const kind of ['wxacode', 'poster']) {
    const res = await fetch(`${app.url}/api/sharing/shares/${shareId}/${kind}`, {
      headers: { authorization: `Bearer ${a.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    const other = await app.http('GET', `/api/sharing/shares/${shareId}/${kind}`, { token: b.token });
    expect(other.status).toBe(404);
  }
});

test('opens are rate limited per client address (60 a minute)', async () => {
  const { member } = await app.loginMember('limit-a');
  const statuses: number[] = [];
  for (let i = 0; i < 61; i++) {
    const res = await app.http('POST', '/api/sharing/opens', {
      body: { inviterCode: member.inviteCode, visitorId: `limit-visitor-${i}` },
    });
    statuses.push(res.status);
  }
  expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
});
