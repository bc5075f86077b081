import type { MemberLevelChanged } from '../src/platform/events/domain-events';
import { withTx } from '../src/platform/db/database';
import { expireCoupons, returnOrderCoupon } from '../src/modules/coupons';
import { quoteCheckout } from '../src/flows/checkout-quote';
import type { CheckoutAdjuster } from '../src/flows/checkout-adjusters';
import { eventsDrained } from './support/drained';
import { ADDRESS, createProduct } from './support/fixtures';
import { moveOrder, waitFor } from './support/loyalty-fixtures';
import { startWechat } from './support/payments';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * 优惠券: templates (amount, percent with a cap, threshold, scope, validity, budget, per-member limit), issuance
 * (claim center, a distributor's shared link, admin grants, the new-member gift, a level perk), the budget and the
 * limit under concurrency, redemption as the quote's coupon stage (lines add up), used at placement by a
 * conditional update, given back on cancel (and on refund when the template says so), and each template's effect.
 */
let app: TestApp;
let admin: string;
let skuA: number; // ¥100, category 零食 (under 食品)
let skuB: number; // ¥50, category 日用
let productA: number;
let foodCategory: number;
let seq = 0;

beforeAll(async () => {
  app = await startTestApp();
  admin = await app.adminToken();
  const category = async (name: string, parentId: number | null) => {
    const res = await app.http('POST', '/api/admin/categories', { token: admin, body: { name, parentId } });
    expect(res.status).toBe(201);
    return res.body.id as number;
  };
  foodCategory = await category('食品', null);
  const snacks = await category('零食', foodCategory);
  const daily = await category('日用', null);
  const a = await createProduct(app, { name: '坚果礼盒', priceFen: 10_000, stock: 1_000 });
  const b = await createProduct(app, { name: '纸巾', priceFen: 5_000, stock: 1_000 });
  await app.query('UPDATE products SET category_id = ? WHERE id = ?', [snacks, a.id]);
  await app.query('UPDATE products SET category_id = ? WHERE id = ?', [daily, b.id]);
  skuA = a.skus[0]!.id;
  skuB = b.skus[0]!.id;
  productA = a.id;
});
afterAll(() => app.stop());

const DAY = 86_400_000;

async function template(overrides: Record<string, unknown> = {}) {
  const res = await app.http('POST', '/api/admin/coupon-templates', {
    token: admin,
    body: {
      name: `券${++seq}`,
      kind: 'amount',
      amountOffFen: 1_000,
      validity: { kind: 'relative', days: 7 },
      totalBudget: 1_000,
      perMemberLimit: 5,
      ...overrides,
    },
  });
  expect(res.status).toBe(201);
  return res.body as { id: number; issued: number };
}

async function member(openid: string) {
  const { token, member } = await app.loginMember(openid);
  return { token: token as string, id: member.id as number, inviteCode: member.inviteCode as string };
}

async function claim(token: string, templateId: number, sharerCode?: string) {
  return app.http('POST', `/api/coupons/center/${templateId}/claim`, {
    token,
    body: sharerCode ? { sharerCode } : {},
  });
}

async function claimed(token: string, templateId: number) {
  const res = await claim(token, templateId);
  expect(res.status).toBe(201);
  return res.body.id as number;
}

const quote = (token: string, body: Record<string, unknown>) =>
  app.http('POST', '/api/orders/quote', { token, body: { address: ADDRESS, ...body } });

async function place(token: string, items: { skuId: number; quantity: number }[], couponId?: number) {
  const q = await quote(token, { items, couponId });
  expect(q.status).toBe(200);
  return app.http('POST', '/api/orders', {
    token,
    body: {
      items,
      address: ADDRESS,
      couponId,
      requestId: `coupon-order-${++seq}-${Date.now()}`,
      expectedPayableFen: q.body.payableFen,
    },
  });
}

const couponRow = async (id: number) =>
  (
    await app.query('SELECT status, order_no AS orderNo, order_paid_fen AS paidFen FROM member_coupons WHERE id = ?', [
      id,
    ])
  )[0];

test('a budget of K holds under 100 concurrent claims: exactly K claimed', async () => {
  const K = 7;
  const t = await template({ totalBudget: K, perMemberLimit: 1 });
  const members: { token: string }[] = [];
  for (let i = 0; i < 100; i += 20) {
    members.push(...(await Promise.all(Array.from({ length: 20 }, (_, j) => member(`budget-${i + j}`)))));
  }
  const answers = await Promise.all(members.map((m) => claim(m.token, t.id)));
  expect(answers.filter((a) => a.status === 201)).toHaveLength(K);
  const refused = answers.filter((a) => a.status !== 201);
  expect(refused).toHaveLength(100 - K);
  expect(new Set(refused.map((a) => `${a.status} ${a.body.error.code}`))).toEqual(new Set(['409 COUPON_EXHAUSTED']));
  const [row] = await app.query('SELECT issued FROM coupon_templates WHERE id = ?', [t.id]);
  expect(row.issued).toBe(K);
  const [coupons] = await app.query(
    'SELECT COUNT(*) AS n, COUNT(DISTINCT member_id) AS members FROM member_coupons WHERE template_id = ?',
    [t.id],
  );
  expect(coupons).toEqual({ n: K, members: K });
  // the claim center shows it sold out
  const center = await app.http('GET', '/api/coupons/center', { token: members[0]!.token });
  expect(center.body.items.find((i: { templateId: number }) => i.templateId === t.id)).toMatchObject({
    remaining: 0,
    canClaim: false,
  });
});

test('the per-member limit holds under concurrency: 30 claims by one member, limit 2 → 2 coupons', async () => {
  const t = await template({ totalBudget: 100, perMemberLimit: 2 });
  const m = await member('limit-racer');
  const answers = await Promise.all(Array.from({ length: 30 }, () => claim(m.token, t.id)));
  expect(answers.filter((a) => a.status === 201)).toHaveLength(2);
  expect(new Set(answers.filter((a) => a.status !== 201).map((a) => a.body.error.code))).toEqual(
    new Set(['COUPON_LIMIT_REACHED']),
  );
  const [row] = await app.query('SELECT issued FROM coupon_templates WHERE id = ?', [t.id]);
  expect(row.issued).toBe(2);
  const mine = await app.http('GET', '/api/coupons', { token: m.token });
  expect(mine.body.counts).toEqual({ available: 2, used: 0, expired: 0 });
});

test('the quote lists usable coupons with their saving and the best one; threshold, scope and percent cap apply; lines add up', async () => {
  const m = await member('quote-coupons');
  const fullReduction = await claimed(m.token, (await template({ amountOffFen: 2_000, thresholdFen: 10_000 })).id);
  const percentOnA = await claimed(
    m.token,
    (
      await template({
        kind: 'percent',
        percentOffBps: 2_000,
        maxOffFen: 1_500,
        scope: 'products',
        scopeIds: [productA],
      })
    ).id,
  );
  const food = await claimed(
    m.token,
    (await template({ amountOffFen: 1_000, scope: 'categories', scopeIds: [foodCategory] })).id,
  );
  const tooHigh = await claimed(m.token, (await template({ amountOffFen: 10_000, thresholdFen: 100_000 })).id);
  const items = [
    { skuId: skuA, quantity: 1 },
    { skuId: skuB, quantity: 1 },
  ];

  const plain = await quote(m.token, { items });
  expect(plain.status).toBe(200);
  expect(plain.body.lines.map((l: { unitPriceFen: number }) => l.unitPriceFen)).toEqual([10_000, 5_000]);
  expect(plain.body.adjustments).toEqual([]);
  expect(
    plain.body.coupons.usable.map((c: { couponId: number; savingFen: number }) => [c.couponId, c.savingFen]),
  ).toEqual([
    [fullReduction, 2_000], // 满¥100减¥20 on ¥150
    [percentOnA, 1_500], // 20% of ¥100 on A only = ¥20, capped at ¥15
    [food, 1_000], // 食品 covers 零食 (A) beneath it
  ]);
  expect(plain.body.coupons.unusable).toEqual([
    { couponId: tooHigh, name: expect.any(String), label: '满¥1000减¥100', reason: '还差¥850可用' },
  ]);
  expect(plain.body.coupons).toMatchObject({ bestCouponId: fullReduction, appliedCouponId: null });

  // the percent coupon: all of it on line A, none on B
  const percent = await quote(m.token, { items, couponId: percentOnA });
  expect(percent.body.adjustments).toEqual([
    { code: 'coupon', label: expect.stringContaining('8折 最高减¥15'), amountFen: 1_500, points: 0 },
  ]);
  expect(percent.body.lines.map((l: { discountFen: number }) => l.discountFen)).toEqual([1_500, 0]);
  expect(percent.body.coupons.appliedCouponId).toBe(percentOnA);

  // 满100减20 over both lines by largest remainder: 1,333.33 and 666.67 → 1,333 and 667
  const whole = await quote(m.token, { items, couponId: fullReduction });
  expect(whole.body.lines.map((l: { discountFen: number }) => l.discountFen)).toEqual([1_333, 667]);
  for (const q of [percent.body, whole.body]) {
    const lines = q.lines as { payableFen: number; discountFen: number; lineTotalFen: number }[];
    expect(lines.reduce((s, l) => s + l.discountFen, 0)).toBe(q.discountFen);
    expect(lines.reduce((s, l) => s + l.payableFen, 0) + q.shippingFen).toBe(q.payableFen);
    expect(q.itemsFen - q.discountFen + q.shippingFen).toBe(q.payableFen);
  }

  // below the threshold on B alone: refused, not dropped
  const below = await quote(m.token, { items: [{ skuId: skuB, quantity: 1 }], couponId: fullReduction });
  expect(below.status).toBe(409);
  expect(below.body.error).toMatchObject({ code: 'COUPON_NOT_APPLICABLE', field: 'couponId' });
  // out of scope: the A-only coupon on B alone
  const scoped = await quote(m.token, { items: [{ skuId: skuB, quantity: 1 }], couponId: percentOnA });
  expect(scoped.body.error.code).toBe('COUPON_NOT_APPLICABLE');
});

test('precedence: 满减 runs before the coupon and lowers its threshold base; a non-stacking coupon is then unusable', async () => {
  const m = await member('coupon-stacking');
  const stacking = await claimed(m.token, (await template({ amountOffFen: 1_000, thresholdFen: 9_000 })).id);
  const alone = await claimed(m.token, (await template({ amountOffFen: 3_000, stacksWithPromotions: false })).id);
  // a stand-in for the 满减 adjuster another helper builds: ¥20 off the order, at its stage
  const fullReduction: CheckoutAdjuster = {
    code: 'full_reduction',
    stage: 'full_reduction',
    apply: () => ({ amountFen: 2_000, label: '满100减20' }),
  };
  const quoteWith = (couponId: number | undefined, extra: CheckoutAdjuster[]) =>
    quoteCheckout(
      app.services,
      m.id,
      { items: [{ skuId: skuA, quantity: 1 }], fromCart: false, address: ADDRESS, pointsToUse: 0, couponId },
      undefined,
      { extraAdjusters: extra },
    );

  const without = (await quoteWith(undefined, [])).view.coupons!;
  expect(without.usable.map((c) => [c.couponId, c.savingFen])).toEqual([
    [alone, 3_000],
    [stacking, 1_000],
  ]);
  expect(without.bestCouponId).toBe(alone);

  const reduced = await quoteWith(undefined, [fullReduction]);
  // ¥100 - ¥20 = ¥80 left: below the ¥90 threshold of the stacking coupon
  expect(reduced.view.coupons!.usable).toEqual([]);
  expect(reduced.view.coupons!.unusable.map((c) => [c.couponId, c.reason])).toEqual([
    [stacking, '还差¥10可用'],
    [alone, '不与其他优惠同享'],
  ]);
  for (const chosen of [stacking, alone])
    await expect(quoteWith(chosen, [fullReduction])).rejects.toMatchObject({ code: 'COUPON_NOT_APPLICABLE' });
  // without the 满减, the non-stacking coupon applies, after the campaign/discount stages and before points
  const applied = await quoteWith(alone, []);
  expect(applied.view.adjustments.map((a) => [a.code, a.amountFen])).toEqual([['coupon', 3_000]]);
});

test('placing with a coupon uses it; a second order with it is refused with nothing written; cancelling gives it back once', async () => {
  const m = await member('place-coupon');
  const couponId = await claimed(m.token, (await template({ amountOffFen: 3_000, thresholdFen: 5_000 })).id);
  const items = [{ skuId: skuA, quantity: 1 }];

  const placed = await place(m.token, items, couponId);
  expect(placed.status).toBe(201);
  expect(placed.body).toMatchObject({ discountFen: 3_000 });
  expect(placed.body.adjustments).toEqual([expect.objectContaining({ code: 'coupon', amountFen: 3_000 })]);
  expect(await couponRow(couponId)).toMatchObject({ status: 'used', orderNo: placed.body.orderNo });
  const used = await app.http('GET', '/api/coupons?status=used', { token: m.token });
  expect(used.body.items).toEqual([expect.objectContaining({ id: couponId, usedOrderNo: placed.body.orderNo })]);

  const orders = await app.query('SELECT COUNT(*) AS n FROM orders');
  const again = await app.http('POST', '/api/orders', {
    token: m.token,
    body: { items, address: ADDRESS, couponId, requestId: `coupon-again-${Date.now()}` },
  });
  expect(again.status).toBe(409);
  expect(again.body.error.code).toBe('COUPON_UNAVAILABLE');
  expect(await app.query('SELECT COUNT(*) AS n FROM orders')).toEqual(orders);

  const cancelled = await app.http('POST', `/api/orders/${placed.body.orderNo}/cancel`, { token: m.token });
  expect(cancelled.status).toBe(200);
  await eventsDrained(app.services);
  expect(await couponRow(couponId)).toMatchObject({ status: 'available', orderNo: null });
  // at-least-once delivery: running the return again gives nothing more back
  expect(await withTx(app.services.sequelize, (tx) => returnOrderCoupon(placed.body.orderNo, tx))).toBe(0);
  // and it can be used again
  expect((await place(m.token, items, couponId)).status).toBe(201);
});

test('two orders racing for one coupon: one is placed, the other refused by the conditional update', async () => {
  const m = await member('coupon-race');
  const couponId = await claimed(m.token, (await template({ amountOffFen: 500 })).id);
  const items = [{ skuId: skuB, quantity: 1 }];
  const before = await app.query('SELECT COUNT(*) AS n FROM orders WHERE member_id = ?', [m.id]);
  const answers = await Promise.all(
    Array.from({ length: 5 }, (_, i) =>
      app.http('POST', '/api/orders', {
        token: m.token,
        body: { items, address: ADDRESS, couponId, requestId: `coupon-race-${i}-${Date.now()}` },
      }),
    ),
  );
  expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
  expect(new Set(answers.filter((a) => a.status !== 201).map((a) => a.body.error.code))).toEqual(
    new Set(['COUPON_UNAVAILABLE']),
  );
  const after = await app.query('SELECT COUNT(*) AS n FROM orders WHERE member_id = ?', [m.id]);
  expect(after[0].n).toBe(before[0].n + 1);
});

test("another member's coupon is 404; an expired coupon is refused and listed as expired", async () => {
  const owner = await member('coupon-owner');
  const other = await member('coupon-other');
  const couponId = await claimed(owner.token, (await template()).id);
  const items = [{ skuId: skuB, quantity: 1 }];
  const foreign = await quote(other.token, { items, couponId });
  expect(foreign.status).toBe(404);
  expect(foreign.body.error.field).toBe('couponId');

  await app.query('UPDATE member_coupons SET expires_at = ? WHERE id = ?', [new Date(Date.now() - DAY), couponId]);
  const expired = await quote(owner.token, { items, couponId });
  expect(expired.status).toBe(409);
  expect(expired.body.error.code).toBe('COUPON_EXPIRED');
  const listed = await app.http('GET', '/api/coupons?status=expired', { token: owner.token });
  expect(listed.body.items.map((c: { id: number }) => c.id)).toEqual([couponId]);
  expect((await quote(owner.token, { items })).body.coupons.usable).toEqual([]);
  // the sweep writes what reads already said
  await withTx(app.services.sequelize, (tx) => expireCoupons(tx, new Date()));
  expect((await couponRow(couponId)).status).toBe('expired');
});

test('a refund gives the coupon back only when its template says so', async () => {
  const m = await member('refund-coupon');
  const returning = await claimed(m.token, (await template({ amountOffFen: 800, returnOnRefund: true })).id);
  const kept = await claimed(m.token, (await template({ amountOffFen: 900 })).id);
  const items = [{ skuId: skuB, quantity: 1 }];
  const first = await place(m.token, items, returning);
  const second = await place(m.token, items, kept);
  for (const order of [first, second]) await moveOrder(app, order.body.orderNo, 'paid', 'refunded');
  await eventsDrained(app.services);
  expect(await couponRow(returning)).toMatchObject({ status: 'available', orderNo: null });
  expect(await couponRow(kept)).toMatchObject({ status: 'used', orderNo: second.body.orderNo });
});

test("a distributor's shared link attributes the claim; stats show issued, claimed, used, 核销率, GMV and each sharer", async () => {
  const sharer = await member('coupon-sharer');
  const buyer = await member('coupon-buyer');
  const self = await member('coupon-self');
  const shopper = await member('coupon-shopper'); // not a distributor: their code attributes nothing
  const appointed = await app.http('POST', `/api/admin/distribution/distributors/${sharer.id}`, {
    token: admin,
    body: { action: 'appoint' },
  });
  expect(appointed.status).toBe(200);
  const t = await template({ amountOffFen: 1_000, perMemberLimit: 1 });
  const shared = await claim(buyer.token, t.id, sharer.inviteCode);
  expect(shared.status).toBe(201);
  expect(shared.body.source).toBe('share');
  expect((await claim(self.token, t.id, shopper.inviteCode)).body.source).toBe('claim');
  await app.http('POST', `/api/admin/coupon-templates/${t.id}/grants`, {
    token: admin,
    body: { audience: { kind: 'members', memberIds: [sharer.id] }, requestId: `stats-grant-${t.id}` },
  });

  const placed = await place(buyer.token, [{ skuId: skuA, quantity: 1 }], shared.body.id);
  expect(placed.status).toBe(201);
  const prepayId = await startWechat(app, buyer.token, placed.body.orderNo);
  await app.http('POST', '/sandbox/wechatpay/confirm', { body: { prepayId } });
  await waitFor(async () => (await couponRow(shared.body.id)).paidFen !== null);

  const stats = await app.http('GET', `/api/admin/coupon-templates/${t.id}/stats`, { token: admin });
  expect(stats.status).toBe(200);
  expect(stats.body).toEqual({
    templateId: t.id,
    totalBudget: 1_000,
    issued: 3,
    claimed: 2,
    bySource: { claim: 1, share: 1, grant: 1, new_member: 0, level_perk: 0, reward: 0 },
    used: 1,
    expired: 0,
    redemptionRateBps: 3_333,
    gmvFen: placed.body.payableFen,
    savedFen: 1_000,
    bySharer: [{ sharerId: sharer.id, claimed: 1, used: 1, gmvFen: placed.body.payableFen }],
    // views of the claim center: rolled up by the minute's job, checked in campaign-effects.test.ts
    views: expect.objectContaining({ views: expect.any(Number) }),
  });
  const search = await app.http('GET', `/api/admin/member-coupons?sharerId=${sharer.id}`, { token: admin });
  expect(search.body.items).toEqual([
    expect.objectContaining({ memberId: buyer.id, status: 'used', orderPaidFen: placed.body.payableFen }),
  ]);
});

test('admin grants are idempotent by request id and skip members at their limit; new members and levels get their gifts', async () => {
  const a = await member('grant-a');
  const b = await member('grant-b');
  const t = await template({ perMemberLimit: 1, totalBudget: 3 });
  await claimed(b.token, t.id); // b is at the limit already
  const body = { audience: { kind: 'members', memberIds: [a.id, b.id, 999_999] }, requestId: `grant-${t.id}-0001` };
  const granted = await app.http('POST', `/api/admin/coupon-templates/${t.id}/grants`, { token: admin, body });
  expect(granted.status).toBe(200);
  expect(granted.body).toEqual({ granted: 1, skippedMemberIds: [b.id, 999_999], replayed: false });
  const repeat = await app.http('POST', `/api/admin/coupon-templates/${t.id}/grants`, { token: admin, body });
  expect(repeat.body).toMatchObject({ granted: 1, replayed: true });
  const [row] = await app.query('SELECT issued FROM coupon_templates WHERE id = ?', [t.id]);
  expect(row.issued).toBe(2);
  const audits = await app.query(
    "SELECT COUNT(*) AS n FROM admin_audit_logs WHERE action = 'coupon.grant' AND target_id = ?",
    [String(t.id)],
  );
  expect(audits[0].n).toBe(2);
  // a grant the budget cannot cover issues nothing
  const c = await member('grant-c');
  const d = await member('grant-d');
  const over = await app.http('POST', `/api/admin/coupon-templates/${t.id}/grants`, {
    token: admin,
    body: { audience: { kind: 'members', memberIds: [c.id, d.id] }, requestId: `grant-${t.id}-0002` },
  });
  expect(over.status).toBe(409);
  expect(over.body.error.code).toBe('COUPON_EXHAUSTED');
  expect((await app.query('SELECT issued FROM coupon_templates WHERE id = ?', [t.id]))[0].issued).toBe(2);

  // the new-member gift and the gold perk
  const gift = await template({ newMemberGift: true, claimable: false, amountOffFen: 500 });
  const perk = await template({ perkLevelCode: 'gold', claimable: false, amountOffFen: 700 });
  const newcomer = await member('grant-newcomer');
  await eventsDrained(app.services);
  const levelUp = (key: string) =>
    withTx(app.services.sequelize, (tx) =>
      app.services.events.record<MemberLevelChanged>(tx, 'member.level_changed', key, {
        memberId: newcomer.id,
        fromCode: 'normal',
        toCode: 'gold',
        cause: 'rule',
      }),
    );
  await levelUp(`coupon-test-${newcomer.id}-1`);
  await levelUp(`coupon-test-${newcomer.id}-2`); // reaching gold again gives nothing more
  await eventsDrained(app.services);
  const mine = await app.query(
    'SELECT template_id AS templateId, source FROM member_coupons WHERE member_id = ? ORDER BY id',
    [newcomer.id],
  );
  expect(mine).toEqual([
    { templateId: gift.id, source: 'new_member' },
    { templateId: perk.id, source: 'level_perk' },
  ]);
  // not claimable: not in the claim center, and 404 to claim
  const center = await app.http('GET', '/api/coupons/center', { token: newcomer.token });
  expect(center.body.items.map((i: { templateId: number }) => i.templateId)).not.toContain(gift.id);
  expect((await claim(newcomer.token, gift.id)).status).toBe(404);
});

test('templates: audited CRUD, a transition table, no budget below what was issued', async () => {
  const t = await template({ totalBudget: 5 });
  const m = await member('template-crud');
  await claimed(m.token, t.id);
  await claimed(m.token, t.id);
  const body = {
    name: '改名券',
    kind: 'percent',
    percentOffBps: 1_500,
    maxOffFen: 3_000,
    thresholdFen: 20_000,
    validity: { kind: 'fixed', from: new Date().toISOString(), until: new Date(Date.now() + 30 * DAY).toISOString() },
    totalBudget: 10,
  };
  const updated = await app.http('PUT', `/api/admin/coupon-templates/${t.id}`, { token: admin, body });
  expect(updated.status).toBe(200);
  expect(updated.body.rule.label).toBe('满¥200享8.5折 最高减¥30');
  const below = await app.http('PUT', `/api/admin/coupon-templates/${t.id}`, {
    token: admin,
    body: { ...body, totalBudget: 1 },
  });
  expect(below.status).toBe(409);
  expect(below.body.error.code).toBe('COUPON_BUDGET_BELOW_ISSUED');
  const paused = await app.http('POST', `/api/admin/coupon-templates/${t.id}/status`, {
    token: admin,
    body: { status: 'paused' },
  });
  expect(paused.body.status).toBe('paused');
  expect((await claim(m.token, t.id)).body.error.code).toBe('COUPON_NOT_ISSUABLE');
  await app.http('POST', `/api/admin/coupon-templates/${t.id}/status`, { token: admin, body: { status: 'ended' } });
  const revived = await app.http('POST', `/api/admin/coupon-templates/${t.id}/status`, {
    token: admin,
    body: { status: 'active' },
  });
  expect(revived.status).toBe(409);
  expect(revived.body.error.code).toBe('ILLEGAL_TRANSITION');
  expect((await app.http('DELETE', `/api/admin/coupon-templates/${t.id}`, { token: admin })).body.error.code).toBe(
    'COUPON_TEMPLATE_IN_USE',
  );
  const unused = await template();
  expect((await app.http('DELETE', `/api/admin/coupon-templates/${unused.id}`, { token: admin })).status).toBe(204);
  const actions = await app.query(
    "SELECT action FROM admin_audit_logs WHERE target_type = 'coupon_template' AND target_id = ? ORDER BY id",
    [String(t.id)],
  );
  expect(actions.map((a) => a.action)).toEqual([
    'coupon_template.create',
    'coupon_template.update',
    'coupon_template.paused',
    'coupon_template.ended',
  ]);
  // bad input is 400 with the field, nothing written
  const bad = await app.http('POST', '/api/admin/coupon-templates', {
    token: admin,
    body: { name: 'x', kind: 'percent', validity: { kind: 'relative', days: 3 }, totalBudget: 1 },
  });
  expect(bad.status).toBe(400);
  expect(bad.body.error.field).toBe('percentOffBps');
});

test('a campaign price stands alone: no discount activity, 满减 or coupon on it; a chosen coupon is refused', async () => {
  // a 10% activity on product A and a coupon the member holds; then the same lines at a campaign price
  const activity = await app.http('POST', '/api/admin/promotions', {
    token: admin,
    body: {
      kind: 'discount',
      name: '活动九折',
      productIds: [productA],
      discountBps: 1_000,
      startsAt: new Date(Date.now() - DAY).toISOString(),
      endsAt: new Date(Date.now() + DAY).toISOString(),
    },
  });
  expect(activity.status).toBe(201);
  const buyer = await member('campaign-alone');
  const t = await template({ amountOffFen: 500 });
  const couponId = await claimed(buyer.token, t.id);
  const items = [{ skuId: skuA, quantity: 1 }];
  const address = ADDRESS;

  const plain = await quoteCheckout(app.services, buyer.id, {
    items,
    fromCart: false,
    address,
    pointsToUse: 0,
    couponId,
  });
  expect(plain.view.adjustments.map((a) => a.code).sort()).toEqual(['coupon', 'discount'].sort());

  // a flash-sale order's campaign adjuster (as the flash queue passes it): the list price comes down to 60.00
  const flashPrice: CheckoutAdjuster = {
    code: 'flash',
    stage: 'campaign',
    apply: (draft) => ({ amountFen: draft.itemsFen - 6_000, label: '秒杀价' }),
  };
  const alone = await quoteCheckout(
    app.services,
    buyer.id,
    { items, fromCart: false, address, pointsToUse: 0 },
    'weapp',
    { extraAdjusters: [flashPrice] },
  );
  expect(alone.view.adjustments.map((a) => a.code)).toEqual(['flash']);
  expect(alone.view.lines[0]).toMatchObject({ payableFen: 6_000 });

  await expect(
    quoteCheckout(app.services, buyer.id, { items, fromCart: false, address, pointsToUse: 0, couponId }, 'weapp', {
      extraAdjusters: [flashPrice],
    }),
  ).rejects.toMatchObject({ code: 'COUPON_NOT_WITH_CAMPAIGN', status: 409 });
});
