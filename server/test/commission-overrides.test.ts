import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkInvariants } from '../src/check-invariants';
import { accrueOrderCommission, reverseForRefund } from '../src/modules/distribution';
import { createProduct } from './support/fixtures';
import { queuesDrained } from './support/drained';
import { placeAndPay } from './support/payments';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Per-product and per-SKU commission overrides (issue 11): set by an admin (audited, distribution:policy), a SKU's
 * beats its product's, both beat the earner's grade; a fixed amount is per unit and shrinks with refunds like a
 * rate; the line cap still trims; a third level is refused with its reason.
 */
let app: TestApp;
let admin: string;
const policyFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'overrides-')), 'distribution.json');
writeFileSync(
  policyFile,
  JSON.stringify({
    levels: 2,
    rateBps: [1_000, 500],
    grades: [],
    qualification: 'assigned',
    selfPurchase: false,
    lineCapBps: 3_000,
    entry: { feeFen: 0, minSpendFen: 0 },
    referralReward: null,
    teamRewards: [],
    freezeDays: 0,
    settlementCycle: 'monthly',
    statementAutoConfirmDays: 7,
  }),
);

beforeAll(async () => {
  app = await startTestApp({ DISTRIBUTION_POLICY_FILE: policyFile, ORDER_AFTER_SALES_DAYS: '0' });
  admin = await app.adminToken();
}, 120_000);
afterAll(() => app.stop());

const setOverride = (body: object, token = admin) =>
  app.http('PUT', '/api/admin/distribution/overrides', { token, body });

async function twoSkuProduct(prices: [number, number]) {
  const res = await app.http('POST', '/api/admin/products', {
    token: admin,
    body: {
      name: '双规格商品',
      coverUrl: '/media/products/protein.svg',
      status: 'on_sale',
      skus: prices.map((priceFen, i) => ({ specs: { 规格: i === 0 ? '500g' : '1kg' }, priceFen, stock: 100 })),
    },
  });
  expect(res.status).toBe(201);
  return res.body as { id: number; skus: { id: number }[] };
}

const commissionsOf = async (orderNo: string) =>
  (
    await app.query(
      `SELECT sku_id, level, rate_bps, amount_fen, reversed_fen, order_line_id FROM commissions
        WHERE order_no = ? ORDER BY order_line_id, level`,
      [orderNo],
    )
  ).map((r) => ({
    skuId: Number(r.sku_id),
    level: Number(r.level),
    rateBps: r.rate_bps === null ? null : Number(r.rate_bps),
    amountFen: Number(r.amount_fen),
    reversedFen: Number(r.reversed_fen),
    lineId: Number(r.order_line_id),
  }));

test('a SKU’s override beats its product’s, both beat the grade; fixed per unit, capped, and reversed by share', async () => {
  const a = await app.loginMember('ov-a');
  const b = await app.loginMember('ov-b', a.member.inviteCode);
  const c = await app.loginMember('ov-c', b.member.inviteCode);
  for (const m of [a, b])
    expect(
      (
        await app.http('POST', `/api/admin/distribution/distributors/${m.member.id}`, {
          token: admin,
          body: { action: 'appoint' },
        })
      ).status,
    ).toBe(200);

  const rated = await createProduct(app, { priceFen: 10_000 });
  const pair = await twoSkuProduct([5_000, 8_000]);
  const cheap = await createProduct(app, { priceFen: 1_000 });
  const plain = await createProduct(app, { priceFen: 2_000 });
  expect((await setOverride({ productId: rated.id, mode: 'rate', values: [2_000, 500] })).status).toBe(200);
  expect((await setOverride({ productId: pair.id, mode: 'rate', values: [100, 100] })).status).toBe(200);
  const fixed = await setOverride({ productId: pair.id, skuId: pair.skus[0]!.id, mode: 'fixed', values: [300, 100] });
  expect(fixed.body).toMatchObject({ productId: pair.id, skuId: pair.skus[0]!.id, mode: 'fixed', values: [300, 100] });
  // a fixed 50 yuan on a 10 yuan line: the cap (30% of what the line paid) trims it, level 2 gets what is left
  expect((await setOverride({ productId: cheap.id, mode: 'fixed', values: [5_000, 100] })).status).toBe(200);

  const { orderNo } = await placeAndPay(app, c.token, [
    { skuId: rated.skus[0]!.id, quantity: 1 },
    { skuId: pair.skus[0]!.id, quantity: 2 },
    { skuId: pair.skus[1]!.id, quantity: 1 },
    { skuId: cheap.skus[0]!.id, quantity: 1 },
    { skuId: plain.skus[0]!.id, quantity: 1 },
  ]);
  await queuesDrained(app.services);
  const rows = await commissionsOf(orderNo);
  expect(rows.map((r) => [r.skuId, r.level, r.rateBps, r.amountFen])).toEqual([
    [rated.skus[0]!.id, 1, 2_000, 2_000],
    [rated.skus[0]!.id, 2, 500, 500],
    [pair.skus[0]!.id, 1, null, 600], // 300 per unit × 2
    [pair.skus[0]!.id, 2, null, 200],
    [pair.skus[1]!.id, 1, 100, 80], // the product's rate (the SKU has none of its own)
    [pair.skus[1]!.id, 2, 100, 80],
    [cheap.skus[0]!.id, 1, null, 300], // capped at 30% of 1,000
    [plain.skus[0]!.id, 1, 1_000, 200], // no override: the default rates
    [plain.skus[0]!.id, 2, 500, 100],
  ]);

  // one of the two fixed-override units refunded: half of each level's fixed amount comes back
  const line = rows.find((r) => r.skuId === pair.skus[0]!.id)!;
  expect(
    await reverseForRefund(app.services, {
      orderId: 0,
      orderNo,
      memberId: c.member.id,
      refundNo: `ov-${orderNo}`,
      refundId: 0,
      refundFen: 5_000,
      orderPaidFen: 0,
      orderRefundedFen: 5_000,
      fullyRefunded: false,
      paidAt: null,
      lines: [{ orderLineId: line.lineId, skuId: line.skuId, productId: pair.id, quantity: 1, refundFen: 5_000 }],
      referrerChain: [b.member.id, a.member.id],
    }),
  ).toBe(2);
  expect((await commissionsOf(orderNo)).filter((r) => r.skuId === pair.skus[0]!.id).map((r) => r.reversedFen)).toEqual([
    300, 100,
  ]);

  // removed: the product earns by the default rates again
  const removed = await app.http('DELETE', `/api/admin/distribution/overrides/${fixed.body.id}`, { token: admin });
  expect(removed.status).toBe(204);
  const next = await placeAndPay(app, c.token, [{ skuId: pair.skus[0]!.id, quantity: 1 }]);
  await queuesDrained(app.services);
  expect((await commissionsOf(next.orderNo)).map((r) => [r.level, r.rateBps, r.amountFen])).toEqual([
    [1, 100, 50],
    [2, 100, 50],
  ]);
  expect(await checkInvariants(app.services.sequelize)).toEqual([]);
}, 120_000);

test('the admin API refuses a third level, bad rates and a SKU of another product; writes are audited', async () => {
  const product = await createProduct(app, { priceFen: 3_000 });
  const other = await createProduct(app, { priceFen: 3_000 });
  const deep = await setOverride({ productId: product.id, mode: 'rate', values: [1_000, 500, 200] });
  expect([deep.status, deep.body.error.code, deep.body.error.field]).toEqual([422, 'COMMISSION_TOO_DEEP', 'values']);
  const rate = await setOverride({ productId: product.id, mode: 'rate', values: [12_000] });
  expect([rate.status, rate.body.error.field]).toEqual([400, 'values.0']);
  const negative = await setOverride({ productId: product.id, mode: 'fixed', values: [-1] });
  expect(negative.status).toBe(400);
  const foreign = await setOverride({ productId: product.id, skuId: other.skus[0]!.id, mode: 'rate', values: [10] });
  expect([foreign.status, foreign.body.error.code]).toEqual([422, 'SKU_NOT_OF_PRODUCT']);
  expect((await setOverride({ productId: 999_999, mode: 'rate', values: [10] })).status).toBe(404);
  const member = await app.loginMember('ov-member');
  expect((await setOverride({ productId: product.id, mode: 'rate', values: [10] }, member.token)).status).toBe(401);
  expect(await app.query('SELECT id FROM commission_overrides WHERE product_id = ?', [product.id])).toEqual([]);

  const first = await setOverride({ productId: product.id, mode: 'rate', values: [800] });
  const second = await setOverride({ productId: product.id, mode: 'fixed', values: [120, 60] });
  expect(second.body).toMatchObject({ id: first.body.id, mode: 'fixed', values: [120, 60] });
  const listed = await app.http('GET', `/api/admin/distribution/overrides?productId=${product.id}`, { token: admin });
  expect(listed.body).toMatchObject({ total: 1, items: [{ productId: product.id, skuId: null, values: [120, 60] }] });
  const audits = await app.query(
    "SELECT action, before_json FROM admin_audit_logs WHERE target_type = 'commission_override' AND target_id = ?",
    [String(first.body.id)],
  );
  expect(audits.map((r) => r.action)).toEqual(['distribution.override.set', 'distribution.override.set']);
});

test('a refund handled before its order’s accrual (a retried paid listener) is counted by the accrual', async () => {
  const a = await app.loginMember('ov-late-a');
  const b = await app.loginMember('ov-late-b', a.member.inviteCode);
  const c = await app.loginMember('ov-late-c', b.member.inviteCode);
  for (const m of [a, b])
    await app.http('POST', `/api/admin/distribution/distributors/${m.member.id}`, {
      token: admin,
      body: { action: 'appoint' },
    });
  // the order events as the outbox carries them; line ids of their own (the distribution never reads orders)
  const line = (id: number, paidFen: number) => ({
    orderLineId: id,
    skuId: 999_999, // no product of the shop: no override applies
    productId: 999_999,
    quantity: 2,
    unitPriceFen: paidFen / 2,
    paidFen,
  });
  const paid = {
    orderId: 880_001,
    orderNo: 'LATE0000000000000001',
    memberId: c.member.id,
    from: 'pending_payment',
    to: 'paid',
    payableFen: 30_000,
    paidFen: 30_000,
    paidAt: new Date().toISOString(),
    refundedFen: 0,
    lines: [line(880_001, 10_000), line(880_002, 20_000)],
    referrerChain: [b.member.id, a.member.id],
  };
  const refund = (refundNo: string, lines: { orderLineId: number; refundFen: number }[]) => ({
    orderId: paid.orderId,
    orderNo: paid.orderNo,
    memberId: c.member.id,
    refundNo,
    refundId: 0,
    refundFen: lines.reduce((sum, l) => sum + l.refundFen, 0),
    orderPaidFen: 30_000,
    orderRefundedFen: 0,
    fullyRefunded: false,
    paidAt: paid.paidAt,
    lines: lines.map((l) => ({ ...l, skuId: 999_999, productId: 999_999, quantity: 1 })),
    referrerChain: paid.referrerChain,
  });
  // the first line refunded in full and half the second, before any commission exists
  expect(await reverseForRefund(app.services, refund('LATE-R1', [{ orderLineId: 880_001, refundFen: 10_000 }]))).toBe(
    0,
  );
  expect(await reverseForRefund(app.services, refund('LATE-R2', [{ orderLineId: 880_002, refundFen: 10_000 }]))).toBe(
    0,
  );
  expect(await accrueOrderCommission(app.services, paid)).toBe(2);
  const rows = await app.query(
    'SELECT order_line_id, level, amount_fen, line_refunded_fen FROM commissions WHERE order_no = ? ORDER BY level',
    [paid.orderNo],
  );
  // nothing on the refunded line; on the other, 10% and 5% of the 10,000 it keeps
  expect(
    rows.map((r) => [Number(r.order_line_id), r.level, Number(r.amount_fen), Number(r.line_refunded_fen)]),
  ).toEqual([
    [880_002, 1, 1_000, 10_000],
    [880_002, 2, 500, 10_000],
  ]);
  // the same refunds delivered again, and the paid event again, change nothing; the rest refunded nets zero
  expect(await reverseForRefund(app.services, refund('LATE-R2', [{ orderLineId: 880_002, refundFen: 10_000 }]))).toBe(
    0,
  );
  expect(await accrueOrderCommission(app.services, paid)).toBe(0);
  expect(await reverseForRefund(app.services, refund('LATE-R3', [{ orderLineId: 880_002, refundFen: 10_000 }]))).toBe(
    2,
  );
  const after = await app.query('SELECT amount_fen, reversed_fen, status FROM commissions WHERE order_no = ?', [
    paid.orderNo,
  ]);
  expect(after.every((r) => Number(r.amount_fen) === Number(r.reversed_fen) && r.status === 'reversed')).toBe(true);
  expect(await checkInvariants(app.services.sequelize)).toEqual([]);
});
