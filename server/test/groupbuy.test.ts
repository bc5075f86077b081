import { expireGroup, sweepExpiredGroups } from '../src/flows/groupbuy-lifecycle';
import { seedDemoGroupbuy } from '../src/modules/groupbuy';
import { withTx } from '../src/platform/db/database';
import { queuesDrained } from './support/drained';
import { ADDRESS, createProduct } from './support/fixtures';
import { startWechat } from './support/payments';
import { startTestApp, type TestApp } from './support/test-app';
import { waitFor } from './support/wait';

let app: TestApp;
let admin: string;
beforeAll(async () => {
  app = await startTestApp();
  admin = await app.adminToken();
}, 120_000);
afterAll(() => app.stop());

const LIST_PRICE = 5000;
const GROUP_PRICE = 3000;
const HOUR = 3600;

/** An active campaign on a fresh product (list ¥50, group ¥30), running from a minute ago to tomorrow. */
async function campaign(
  options: { groupSize?: number; timeLimitSeconds?: number; perMemberLimit?: number; allowFewer?: boolean } = {},
) {
  const product = await createProduct(app, { priceFen: LIST_PRICE, stock: 100 });
  const created = await app.http('POST', '/api/admin/groupbuy/campaigns', {
    token: admin,
    body: {
      name: '两人拼',
      productId: product.id,
      skus: [{ skuId: product.skus[0].id, groupPriceFen: GROUP_PRICE }],
      groupSize: options.groupSize ?? 2,
      timeLimitSeconds: options.timeLimitSeconds ?? HOUR,
      perMemberLimit: options.perMemberLimit ?? 5,
      allowFewer: options.allowFewer ?? false,
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 86_400_000).toISOString(),
    },
  });
  expect(created.status).toBe(201);
  const activated = await app.http('POST', `/api/admin/groupbuy/campaigns/${created.body.id}/status`, {
    token: admin,
    body: { status: 'active' },
  });
  expect(activated.body.status).toBe('active');
  return { campaignId: created.body.id as number, skuId: product.skus[0].id, productId: product.id };
}

let seq = 0;
function placeGroupOrder(
  token: string,
  skuId: number,
  groupBuy: { campaignId: number; groupId?: number },
  quantity = 1,
) {
  return app.http('POST', '/api/orders', {
    token,
    body: { items: [{ skuId, quantity }], address: ADDRESS, requestId: `gb-${Date.now()}-${seq++}`, groupBuy },
  });
}

async function pay(token: string, orderNo: string) {
  const prepayId = await startWechat(app, token, orderNo);
  const paid = await app.http('POST', '/sandbox/wechatpay/confirm', { body: { prepayId } });
  expect(paid.body.notified).toBe(true);
}

async function member(name: string) {
  return app.loginMember(`gb-${name}-${Date.now()}-${seq++}`);
}

const groupOf = async (orderNo: string) =>
  (await app.query('SELECT group_id FROM groupbuy_members WHERE order_no = ?', [orderNo]))[0].group_id as number;
const groupRow = async (groupId: number) =>
  (await app.query('SELECT status, paid_count FROM groupbuy_groups WHERE id = ?', [groupId]))[0];
const placesOf = (groupId: number) =>
  app.query<{ order_no: string; status: string; refund_no: string | null }>(
    'SELECT order_no, status, refund_no FROM groupbuy_members WHERE group_id = ? ORDER BY id',
    [groupId],
  );
const refundsOf = (orderNo: string) =>
  app.query<{ status: string; amount_fen: number; business_key: string }>(
    'SELECT status, amount_fen, business_key FROM refunds WHERE order_no = ?',
    [orderNo],
  );
const completions = async (groupId: number) =>
  (
    await app.query(
      "SELECT COUNT(*) AS n FROM event_outbox WHERE name = 'groupbuy.group_completed' AND event_key = ?",
      [String(groupId)],
    )
  )[0].n;
const orderStatus = async (orderNo: string) =>
  (await app.query('SELECT status FROM orders WHERE order_no = ?', [orderNo]))[0].status as string;
const ship = (orderNo: string, trackingNo: string) =>
  app.http('POST', `/api/admin/orders/${orderNo}/shipments`, {
    token: admin,
    body: { carrierCode: 'zhongtong', trackingNo },
  });

/** Leader places and pays; answers the open group's id. */
async function openGroup(campaignId: number, skuId: number) {
  const leader = await member('leader');
  const placed = await placeGroupOrder(leader.token, skuId, { campaignId });
  expect(placed.status).toBe(201);
  await pay(leader.token, placed.body.orderNo);
  const groupId = await groupOf(placed.body.orderNo);
  // opened (a one-second group may already have completed by the time we look)
  await waitFor(async () => ((await groupRow(groupId)).status !== 'opening' ? true : undefined));
  return { leader, orderNo: placed.body.orderNo as string, groupId };
}

test('a two-person group: the leader opens it by paying, a friend joins from the share card, it completes, and only then its orders ship', async () => {
  const { campaignId, skuId } = await campaign({ groupSize: 2 });
  const listed = await app.http('GET', '/api/groupbuy/campaigns');
  expect(listed.body.items).toEqual(
    expect.arrayContaining([expect.objectContaining({ id: campaignId, fromGroupPriceFen: GROUP_PRICE, groupSize: 2 })]),
  );

  const leader = await member('leader');
  const quote = await app.http('POST', '/api/orders/quote', {
    token: leader.token,
    body: { items: [{ skuId, quantity: 1 }], groupBuy: { campaignId } },
  });
  expect(quote.body).toMatchObject({ itemsFen: LIST_PRICE, payableFen: GROUP_PRICE });
  expect(quote.body.adjustments[0]).toMatchObject({ code: 'groupbuy', amountFen: LIST_PRICE - GROUP_PRICE });

  const placed = await placeGroupOrder(leader.token, skuId, { campaignId });
  expect(placed.body.payableFen).toBe(GROUP_PRICE);
  const groupId = await groupOf(placed.body.orderNo);
  // nobody can join (or see) a group whose leader has not paid
  expect((await app.http('GET', `/api/groupbuy/groups/${groupId}`)).status).toBe(404);
  await pay(leader.token, placed.body.orderNo);
  await queuesDrained(app.services);

  const opened = await app.http('GET', `/api/groupbuy/groups/${groupId}`);
  expect(opened.body).toMatchObject({ status: 'forming', paidCount: 1, remaining: 1, groupSize: 2 });
  expect(opened.body.members).toEqual([expect.objectContaining({ isLeader: true, nickname: expect.any(String) })]);
  expect(Object.keys(opened.body.members[0]).sort()).toEqual(['avatarUrl', 'isLeader', 'joinedAt', 'nickname']);
  expect(Date.parse(opened.body.expiresAt) - Date.now()).toBeGreaterThan((HOUR - 60) * 1000);
  const detail = await app.http('GET', `/api/groupbuy/campaigns/${campaignId}`);
  expect(detail.body.openGroups).toEqual([expect.objectContaining({ id: groupId, remaining: 1 })]);

  // paid, but the group is not complete: the order waits
  const early = await ship(placed.body.orderNo, 'GB0000001');
  expect(early.status).toBe(409);
  expect(early.body.error.code).toBe('ORDER_AWAITING_GROUP');

  const friend = await member('friend');
  const joined = await placeGroupOrder(friend.token, skuId, { campaignId, groupId });
  expect(joined.status).toBe(201);
  await pay(friend.token, joined.body.orderNo);
  await queuesDrained(app.services);

  const complete = await app.http('GET', `/api/groupbuy/groups/${groupId}`);
  expect(complete.body).toMatchObject({
    status: 'complete',
    paidCount: 2,
    remaining: 0,
    completedAt: expect.any(String),
  });
  expect(complete.body.members).toHaveLength(2);
  expect(await completions(groupId)).toBe(1);
  const mine = await app.http('GET', '/api/groupbuy/my-groups', { token: friend.token });
  expect(mine.body.items).toEqual([
    expect.objectContaining({ orderNo: joined.body.orderNo, isLeader: false, memberStatus: 'paid' }),
  ]);
  expect((await ship(placed.body.orderNo, 'GB0000002')).status).toBeLessThan(300);

  const stats = await app.http('GET', `/api/admin/groupbuy/stats?campaignId=${campaignId}`, { token: admin });
  expect(stats.body).toMatchObject({
    groupsStarted: 1,
    groupsCompleted: 1,
    completionRateBps: 10_000,
    orders: 2,
    gmvFen: 2 * GROUP_PRICE,
  });
}, 120_000);

test('the last members paying at the same moment complete the group exactly once; the payer who finds it full is refunded', async () => {
  const { campaignId, skuId } = await campaign({ groupSize: 3 });
  const { groupId } = await openGroup(campaignId, skuId);
  // three friends take the share card before anyone pays: places are not reserved, payment decides
  const friends = await Promise.all(['a', 'b', 'c'].map((n) => member(n)));
  const orders: string[] = [];
  for (const f of friends) {
    const placed = await placeGroupOrder(f.token, skuId, { campaignId, groupId });
    expect(placed.status).toBe(201);
    orders.push(placed.body.orderNo);
  }
  const prepays = await Promise.all(friends.map((f, i) => startWechat(app, f.token, orders[i]!)));
  await Promise.all(prepays.map((prepayId) => app.http('POST', '/sandbox/wechatpay/confirm', { body: { prepayId } })));
  await queuesDrained(app.services);

  expect(await groupRow(groupId)).toMatchObject({ status: 'complete', paid_count: 3 });
  expect(await completions(groupId)).toBe(1);
  const places = (await placesOf(groupId)).filter((p) => orders.includes(p.order_no));
  expect(places.filter((p) => p.status === 'paid')).toHaveLength(2);
  const [extra] = places.filter((p) => p.status !== 'paid');
  expect(extra).toMatchObject({ status: 'refunded', refund_no: expect.any(String) });
  expect(await refundsOf(extra!.order_no)).toEqual([
    expect.objectContaining({
      status: 'succeeded',
      amount_fen: GROUP_PRICE,
      business_key: expect.stringMatching(/^groupbuy:/),
    }),
  ]);
  expect(await orderStatus(extra!.order_no)).toBe('refunded');
  for (const p of places.filter((x) => x.status === 'paid')) expect(await refundsOf(p.order_no)).toEqual([]);
}, 120_000);

test('expiry refunds every paid member exactly once through the original channel, however often it runs', async () => {
  const { campaignId, skuId } = await campaign({ groupSize: 3, timeLimitSeconds: 8 });
  const { leader, orderNo: leaderOrder, groupId } = await openGroup(campaignId, skuId);
  const friend = await member('friend');
  const joined = await placeGroupOrder(friend.token, skuId, { campaignId, groupId });
  await pay(friend.token, joined.body.orderNo);
  const late = await member('late');
  const lateOrder = await placeGroupOrder(late.token, skuId, { campaignId, groupId });
  expect(lateOrder.status).toBe(201);

  // once its time is up, two direct runs and the sweep race the delayed job for the group: one of them fails it
  const [{ expires_at: expiresAt }] = await app.query('SELECT expires_at FROM groupbuy_groups WHERE id = ?', [groupId]);
  await waitFor(async () => (Date.now() > new Date(expiresAt).getTime() ? true : undefined));
  const runs = await Promise.all([
    expireGroup(app.services, groupId),
    expireGroup(app.services, groupId),
    sweepExpiredGroups(app.services),
  ]);
  const failedByUs = runs.filter((r) => r === 'failed').length + (runs[2] as { failed: number }).failed;
  expect(failedByUs).toBeLessThanOrEqual(1);
  await waitFor(async () => ((await groupRow(groupId)).status === 'failed' ? true : undefined));
  expect(await expireGroup(app.services, groupId)).toBe('closed_already');

  // the member who pays after the group failed gets the money back too, once
  await pay(late.token, lateOrder.body.orderNo);
  await queuesDrained(app.services);
  for (const orderNo of [leaderOrder, joined.body.orderNo, lateOrder.body.orderNo]) {
    expect(await refundsOf(orderNo)).toEqual([
      expect.objectContaining({ status: 'succeeded', amount_fen: GROUP_PRICE }),
    ]);
    expect(await orderStatus(orderNo)).toBe('refunded');
  }
  expect((await placesOf(groupId)).map((p) => p.status)).toEqual(['refunded', 'refunded', 'refunded']);
  expect(await completions(groupId)).toBe(0);
  const shown = await app.http('GET', `/api/groupbuy/groups/${groupId}`, { token: leader.token });
  expect(shown.body).toMatchObject({ status: 'failed', remaining: 0 });
}, 120_000);

test('a campaign that lets fewer complete: at expiry the group completes with who paid, and its orders ship', async () => {
  const { campaignId, skuId } = await campaign({ groupSize: 3, timeLimitSeconds: 1, allowFewer: true });
  const { orderNo, groupId } = await openGroup(campaignId, skuId);
  await waitFor(async () => ((await groupRow(groupId)).status === 'complete' ? true : undefined), 20_000);
  expect(await completions(groupId)).toBe(1);
  const [event] = await app.query(
    "SELECT payload FROM event_outbox WHERE name = 'groupbuy.group_completed' AND event_key = ?",
    [String(groupId)],
  );
  expect(JSON.parse(event.payload)).toMatchObject({ withFewer: true, orders: [expect.objectContaining({ orderNo })] });
  expect(await refundsOf(orderNo)).toEqual([]);
  expect((await ship(orderNo, 'GB0000003')).status).toBeLessThan(300);
}, 120_000);

test('limits: per member, campaign SKUs only, one place per group, closed groups and campaigns refuse, nothing written', async () => {
  const { campaignId, skuId } = await campaign({ groupSize: 2, perMemberLimit: 2 });
  const buyer = await member('limited');
  const ordersBefore = (await app.query('SELECT COUNT(*) AS n FROM orders'))[0].n;
  const tooMany = await placeGroupOrder(buyer.token, skuId, { campaignId }, 3);
  expect(tooMany.status).toBe(409);
  expect(tooMany.body.error.code).toBe('GROUPBUY_LIMIT_REACHED');
  expect((await app.query('SELECT COUNT(*) AS n FROM orders'))[0].n).toBe(ordersBefore);

  const two = await placeGroupOrder(buyer.token, skuId, { campaignId }, 2);
  expect(two.status).toBe(201);
  expect((await placeGroupOrder(buyer.token, skuId, { campaignId }, 1)).body.error.code).toBe('GROUPBUY_LIMIT_REACHED');
  // cancelling the unpaid order gives the units back
  expect((await app.http('POST', `/api/orders/${two.body.orderNo}/cancel`, { token: buyer.token })).body.status).toBe(
    'cancelled',
  );
  await queuesDrained(app.services);
  const again = await placeGroupOrder(buyer.token, skuId, { campaignId }, 2);
  expect(again.status).toBe(201);

  const other = await createProduct(app, { priceFen: 1000 });
  const mixed = await app.http('POST', '/api/orders', {
    token: buyer.token,
    body: {
      items: [
        { skuId, quantity: 1 },
        { skuId: other.skus[0].id, quantity: 1 },
      ],
      address: ADDRESS,
      requestId: `gb-mixed-${seq++}`,
      groupBuy: { campaignId },
    },
  });
  expect(mixed.body.error.code).toBe('GROUPBUY_SKU_NOT_IN_CAMPAIGN');

  const { leader, groupId } = await openGroup(campaignId, skuId);
  expect((await placeGroupOrder(leader.token, skuId, { campaignId, groupId })).body.error.code).toBe(
    'GROUPBUY_ALREADY_JOINED',
  );
  const friend = await member('fills');
  const filled = await placeGroupOrder(friend.token, skuId, { campaignId, groupId });
  await pay(friend.token, filled.body.orderNo);
  await queuesDrained(app.services);
  const latecomer = await member('latecomer');
  expect((await placeGroupOrder(latecomer.token, skuId, { campaignId, groupId })).body.error.code).toBe(
    'GROUPBUY_GROUP_CLOSED',
  );
  expect((await placeGroupOrder(latecomer.token, skuId, { campaignId, groupId: 999_999 })).status).toBe(404);

  const ended = await app.http('POST', `/api/admin/groupbuy/campaigns/${campaignId}/status`, {
    token: admin,
    body: { status: 'ended' },
  });
  expect(ended.body.status).toBe('ended');
  expect((await placeGroupOrder(latecomer.token, skuId, { campaignId })).body.error.code).toBe(
    'GROUPBUY_CAMPAIGN_CLOSED',
  );
  expect((await app.http('GET', `/api/groupbuy/campaigns/${campaignId}`)).status).toBe(404);
}, 120_000);

test('admin campaigns: validated, audited, frozen once a group started; members cannot reach them', async () => {
  const product = await createProduct(app, { priceFen: LIST_PRICE });
  const body = {
    name: '三人团',
    productId: product.id,
    skus: [{ skuId: product.skus[0].id, groupPriceFen: 2000 }],
    groupSize: 3,
    timeLimitSeconds: 86_400,
    perMemberLimit: 1,
    startsAt: new Date(Date.now() - 1000).toISOString(),
    endsAt: new Date(Date.now() + 86_400_000).toISOString(),
  };
  const count = async () => (await app.query('SELECT COUNT(*) AS n FROM groupbuy_campaigns'))[0].n;
  const before = await count();
  for (const bad of [
    { ...body, groupSize: 1 },
    { ...body, endsAt: body.startsAt },
    { ...body, skus: [{ skuId: product.skus[0].id, groupPriceFen: LIST_PRICE }] },
    { ...body, skus: [{ skuId: 999_999, groupPriceFen: 100 }] },
  ]) {
    const res = await app.http('POST', '/api/admin/groupbuy/campaigns', { token: admin, body: bad });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: expect.any(String), field: expect.any(String) });
  }
  expect(await count()).toBe(before);
  expect((await app.http('GET', '/api/admin/groupbuy/campaigns/abc', { token: admin })).status).toBe(400);

  const created = await app.http('POST', '/api/admin/groupbuy/campaigns', { token: admin, body });
  expect(created.body).toMatchObject({ status: 'draft', skus: [{ groupPriceFen: 2000, listPriceFen: LIST_PRICE }] });
  const id = created.body.id as number;
  const renamed = await app.http('PUT', `/api/admin/groupbuy/campaigns/${id}`, {
    token: admin,
    body: { ...body, name: '三人团 · 改' },
  });
  expect(renamed.body.name).toBe('三人团 · 改');
  const illegal = await app.http('POST', `/api/admin/groupbuy/campaigns/${id}/status`, {
    token: admin,
    body: { status: 'draft' },
  });
  expect(illegal.status).toBe(409);
  expect(illegal.body.error.code).toBe('ILLEGAL_TRANSITION');
  await app.http('POST', `/api/admin/groupbuy/campaigns/${id}/status`, { token: admin, body: { status: 'active' } });
  await openGroup(id, product.skus[0].id);
  const frozen = await app.http('PUT', `/api/admin/groupbuy/campaigns/${id}`, { token: admin, body });
  expect(frozen.body.error.code).toBe('GROUPBUY_CAMPAIGN_IN_USE');
  expect((await app.http('DELETE', `/api/admin/groupbuy/campaigns/${id}`, { token: admin })).status).toBe(409);

  const audits = await app.query(
    "SELECT action FROM admin_audit_logs WHERE target_type = 'groupbuy_campaign' AND target_id = ? ORDER BY id",
    [String(id)],
  );
  expect(audits.map((a) => a.action)).toEqual([
    'groupbuy_campaign.create',
    'groupbuy_campaign.update',
    'groupbuy_campaign.activate',
  ]);
  const searched = await app.http('GET', `/api/admin/groupbuy/groups?campaignId=${id}`, { token: admin });
  expect(searched.body.items).toEqual([expect.objectContaining({ status: 'forming', paidCount: 1 })]);

  const someone = await member('nosy');
  expect((await app.http('GET', '/api/admin/groupbuy/campaigns', { token: someone.token })).status).toBe(401);
  expect((await app.http('GET', '/api/groupbuy/my-groups')).status).toBe(401);
}, 120_000);

test("the quickstart's demo campaign is a running two-person group at 80% of the price", async () => {
  const product = await createProduct(app, { priceFen: 2000 });
  await withTx(app.services.sequelize, (tx) => seedDemoGroupbuy(tx, [product.id]));
  const listed = await app.http('GET', '/api/groupbuy/campaigns?pageSize=100');
  expect(listed.body.items).toEqual(
    expect.arrayContaining([expect.objectContaining({ productId: product.id, groupSize: 2, fromGroupPriceFen: 1600 })]),
  );
}, 120_000);

test('a member placing five group orders at once gets exactly the per-member limit of them', async () => {
  const { campaignId, skuId } = await campaign({ groupSize: 2, perMemberLimit: 2 });
  const buyer = await member('eager');
  const answers = await Promise.all(
    Array.from({ length: 5 }, () => placeGroupOrder(buyer.token, skuId, { campaignId })),
  );
  expect(answers.filter((a) => a.status === 201)).toHaveLength(2);
  expect(answers.filter((a) => a.status === 409).map((a) => a.body.error.code)).toEqual(
    Array(3).fill('GROUPBUY_LIMIT_REACHED'),
  );
  const [quota] = await app.query('SELECT units FROM groupbuy_quotas WHERE campaign_id = ? AND member_id = ?', [
    campaignId,
    buyer.member.id,
  ]);
  expect(quota.units).toBe(2);
}, 120_000);
