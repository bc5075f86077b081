import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkInvariants } from '../src/check-invariants';
import { accrueOrderCommission, reverseForRefund } from '../src/modules/distribution';
import { openLedgerAccounts, postLedger } from '../src/modules/ledger';
import { createProduct } from './support/fixtures';
import { queuesDrained } from './support/drained';
import { moveOrder, waitFor } from './support/loyalty-fixtures';
import { placeAndPay } from './support/payments';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Commission through the running product: a referred purchase accrues frozen commission for level 1 and level 2
 * (each at their grade), a line refunded before shipping takes exactly its share back, receipt plus the window
 * releases the rest to the available balance, a refund after release takes it from there and what is missing is
 * owed and paid off by the next release. Every step is posted to the ledger, and the invariant queries stay empty.
 */
let app: TestApp;
const policyFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'commission-')), 'distribution.json');
writeFileSync(
  policyFile,
  JSON.stringify({
    levels: 2,
    rateBps: [1_000, 500],
    grades: [{ code: 'gold', name: '金牌', rateBps: [1_500, 800] }],
    qualification: 'apply',
    selfPurchase: false,
    lineCapBps: 3_000,
    entry: { feeFen: 0, minSpendFen: 0 },
    referralReward: { kind: 'points', amount: 100 },
    teamRewards: [],
    freezeDays: 0, // released as soon as the order completes (the window is 0 days here too)
  }),
);

beforeAll(async () => {
  app = await startTestApp({ DISTRIBUTION_POLICY_FILE: policyFile, ORDER_AFTER_SALES_DAYS: '0' });
});
afterAll(() => app.stop());

async function paidOrder(token: string, items: { skuId: number; quantity: number }[]) {
  const { orderNo } = await placeAndPay(app, token, items);
  await queuesDrained(app.services);
  return orderNo;
}

const earnings = async (token: string) => (await app.http('GET', '/api/distribution/me', { token })).body;
const decide = async (memberId: number, body: object) =>
  app.http('POST', `/api/admin/distribution/distributors/${memberId}`, { token: await app.adminToken(), body });
const commissionsOf = async (orderNo: string) =>
  (
    await app.query(
      `SELECT c.order_line_id, c.level, c.beneficiary_id, c.rate_bps, c.amount_fen, c.reversed_fen, c.status
         FROM commissions c WHERE c.order_no = ? ORDER BY c.order_line_id, c.level`,
      [orderNo],
    )
  ).map((r) => ({ ...r, amount_fen: Number(r.amount_fen), reversed_fen: Number(r.reversed_fen) }));

test('paid → frozen per level, a line refunded → taken back, completed → released, refunded after → owed', async () => {
  const a = await app.loginMember('cm-a');
  const b = await app.loginMember('cm-b', a.member.inviteCode);
  const c = await app.loginMember('cm-c', b.member.inviteCode);

  // B applies and is approved; A is appointed at the gold grade; C is a shopper
  expect((await app.http('POST', '/api/distribution/apply', { token: b.token })).body.status).toBe('applied');
  expect((await decide(b.member.id, { action: 'approve' })).body).toMatchObject({ status: 'active', earns: true });
  expect((await decide(a.member.id, { action: 'appoint', gradeCode: 'gold' })).body).toMatchObject({
    status: 'active',
    gradeCode: 'gold',
  });
  expect((await decide(a.member.id, { action: 'appoint', gradeCode: 'platinum' })).status).toBe(400);
  const [audit] = await app.query(
    "SELECT COUNT(*) AS n FROM admin_audit_logs WHERE action LIKE 'distributor.%' AND target_id IN (?, ?)",
    [a.member.id, b.member.id],
  );
  expect(Number(audit.n)).toBe(2);

  const [cheap, dear] = [await createProduct(app, { priceFen: 3_000 }), await createProduct(app, { priceFen: 5_000 })];
  const orderNo = await paidOrder(c.token, [
    { skuId: cheap.skus[0].id, quantity: 1 },
    { skuId: dear.skus[0].id, quantity: 1 },
  ]);
  const accrued = await commissionsOf(orderNo);
  expect(accrued.map((r) => [r.level, r.beneficiary_id, r.rate_bps, r.amount_fen, r.status])).toEqual([
    [1, b.member.id, 1_000, 300, 'frozen'],
    [2, a.member.id, 800, 240, 'frozen'],
    [1, b.member.id, 1_000, 500, 'frozen'],
    [2, a.member.id, 800, 400, 'frozen'],
  ]);
  expect(await earnings(b.token)).toMatchObject({ frozenFen: 800, availableFen: 0 });
  expect(await earnings(a.token)).toMatchObject({ frozenFen: 640, availableFen: 0 });
  expect(await earnings(c.token)).toMatchObject({ frozenFen: 0, distributor: { status: 'none', earns: false } });

  // the paid event delivered again accrues nothing more
  const [paidEvent] = await app.query(
    "SELECT payload FROM event_outbox WHERE name = 'order.paid' AND payload LIKE ? LIMIT 1",
    [`%"orderNo":"${orderNo}"%`],
  );
  expect(await accrueOrderCommission(app.services, JSON.parse(paidEvent.payload))).toBe(0);

  // the 3,000 line refunded before shipping: its commission goes back out of the frozen balances
  const asked = await app.http('POST', '/api/aftersales', {
    token: c.token,
    body: {
      orderNo,
      skuId: cheap.skus[0].id,
      kind: 'refund_only',
      quantity: 1,
      reason: 'changed_mind',
      description: '不想要了',
    },
  });
  expect(asked.status).toBe(201);
  const approved = await app.http('POST', `/api/admin/aftersales/${asked.body.aftersaleNo}/approve`, {
    token: await app.adminToken(),
    body: { note: '同意' },
  });
  expect(approved.status).toBe(200);
  await waitFor(async () => {
    await queuesDrained(app.services);
    return (await commissionsOf(orderNo))[0]!.status === 'reversed';
  }, 60_000);
  expect(await earnings(b.token)).toMatchObject({ frozenFen: 500 });
  expect(await earnings(a.token)).toMatchObject({ frozenFen: 400 });

  // shipped, received, completed: the rest is released
  await moveOrder(app, orderNo, 'shipped', 'received', 'completed');
  await waitFor(async () => {
    await queuesDrained(app.services);
    return (await commissionsOf(orderNo))[2]!.status === 'released';
  }, 60_000);
  expect((await commissionsOf(orderNo)).map((r) => [r.amount_fen, r.reversed_fen, r.status])).toEqual([
    [300, 300, 'reversed'],
    [240, 240, 'reversed'],
    [500, 0, 'released'],
    [400, 0, 'released'],
  ]);
  expect(await earnings(b.token)).toMatchObject({ frozenFen: 0, settlingFen: 500, availableFen: 0 });
  expect(await earnings(a.token)).toMatchObject({ frozenFen: 0, settlingFen: 400, availableFen: 0 });

  // the cycle closes: one statement each; B confirms, A disputes and the shop resolves it
  const closed = await app.http('POST', '/api/admin/distribution/statements/close', {
    token: await app.adminToken(),
    body: { periodEnd: new Date(Date.now() + 1_000).toISOString() },
  });
  expect(closed.body).toMatchObject({ made: 2 });
  const statementOf = async (token: string) =>
    (await app.http('GET', '/api/distribution/statements', { token })).body.items[0];
  const sb = await statementOf(b.token);
  expect(sb).toMatchObject({ status: 'open', totalFen: 500, lineCount: 1 });
  const detail = await app.http('GET', `/api/distribution/statements/${sb.statementNo}`, { token: b.token });
  expect(detail.body.lines.map((l: { amountFen: number }) => l.amountFen)).toEqual([500]);
  expect((await app.http('GET', `/api/distribution/statements/${sb.statementNo}`, { token: a.token })).status).toBe(
    404,
  );
  const confirmed = await app.http('POST', `/api/distribution/statements/${sb.statementNo}/confirm`, {
    token: b.token,
  });
  expect(confirmed.body).toMatchObject({ status: 'confirmed', settledFen: 500, confirmedBy: `member:${b.member.id}` });
  await app.http('POST', `/api/distribution/statements/${sb.statementNo}/confirm`, { token: b.token }); // twice: once
  const sa = await statementOf(a.token);
  const disputed = await app.http('POST', `/api/distribution/statements/${sa.statementNo}/dispute`, {
    token: a.token,
    body: { reason: '少算了一笔' },
  });
  expect(disputed.body).toMatchObject({ status: 'disputed', disputeReason: '少算了一笔' });
  expect(
    (await app.http('POST', `/api/distribution/statements/${sa.statementNo}/confirm`, { token: a.token })).status,
  ).toBe(409);
  const resolved = await app.http('POST', `/api/admin/distribution/statements/${sa.statementNo}/resolve`, {
    token: await app.adminToken(),
    body: { note: '已核对，金额无误' },
  });
  expect(resolved.body).toMatchObject({ status: 'confirmed', settledFen: 400, note: '已核对，金额无误' });
  expect(await earnings(b.token)).toMatchObject({ settlingFen: 0, availableFen: 500, owedFen: 0 });
  expect(await earnings(a.token)).toMatchObject({ settlingFen: 0, availableFen: 400, owedFen: 0 });
  expect((await commissionsOf(orderNo)).map((r) => r.status)).toEqual(['reversed', 'reversed', 'settled', 'settled']);

  // B's money leaves (as a payout would), then the 5,000 line is refunded after release: 100 comes out of what B has
  // left, 400 is owed; A gives back the 400 out of the available balance
  await openLedgerAccounts([{ kind: 'member_available', memberId: b.member.id }, { kind: 'payouts_in_transit' }]);
  await app.services.sequelize.transaction((t) =>
    postLedger(t, {
      key: `test-payout:${b.member.id}`,
      kind: 'withdrawal_requested',
      entries: [
        { account: { kind: 'member_available', memberId: b.member.id }, amountFen: -400 },
        { account: { kind: 'payouts_in_transit' }, amountFen: 400 },
      ],
    }),
  );
  const [dearLine] = await app.query(
    'SELECT ol.id FROM order_lines ol JOIN orders o ON o.id = ol.order_id WHERE o.order_no = ? AND ol.sku_id = ?',
    [orderNo, dear.skus[0].id],
  );
  const lateRefund = {
    orderId: 0,
    orderNo,
    memberId: c.member.id,
    refundNo: `late-${orderNo}`,
    refundId: 0,
    refundFen: 5_000,
    orderPaidFen: 8_000,
    orderRefundedFen: 8_000,
    fullyRefunded: true,
    paidAt: null,
    lines: [
      { orderLineId: Number(dearLine.id), skuId: dear.skus[0].id, productId: dear.id, quantity: 1, refundFen: 5_000 },
    ],
    referrerChain: [b.member.id, a.member.id],
  };
  expect(await reverseForRefund(app.services, lateRefund)).toBe(2);
  expect(await reverseForRefund(app.services, lateRefund)).toBe(0); // delivered again: nothing more
  expect(await earnings(b.token)).toMatchObject({ availableFen: 0, owedFen: 400 });
  expect(await earnings(a.token)).toMatchObject({ availableFen: 0, owedFen: 0 });
  expect((await commissionsOf(orderNo)).every((r) => r.status === 'reversed' && r.reversed_fen === r.amount_fen)).toBe(
    true,
  );

  // B's next commission pays the debt off first
  const next = await paidOrder(c.token, [{ skuId: dear.skus[0].id, quantity: 1 }]);
  await moveOrder(app, next, 'shipped', 'received', 'completed');
  await waitFor(async () => {
    await queuesDrained(app.services);
    return (await commissionsOf(next)).every((r) => r.status === 'released');
  }, 60_000);
  await app.http('POST', '/api/admin/distribution/statements/close', {
    token: await app.adminToken(),
    body: { periodEnd: new Date(Date.now() + 1_000).toISOString() },
  });
  for (const token of [a.token, b.token]) {
    const open = (await app.http('GET', '/api/distribution/statements?status=open', { token })).body.items[0];
    await app.http('POST', `/api/distribution/statements/${open.statementNo}/confirm`, { token });
  }
  expect(await earnings(b.token)).toMatchObject({ frozenFen: 0, availableFen: 100, owedFen: 0 });
  expect(await earnings(a.token)).toMatchObject({ frozenFen: 0, availableFen: 400 });

  expect(await checkInvariants(app.services.sequelize)).toEqual([]);
}, 300_000);

test('a frozen distributor earns nothing while frozen and keeps the relation; a shopper cannot apply twice', async () => {
  const a = await app.loginMember('cm-frozen-a');
  const b = await app.loginMember('cm-frozen-b', a.member.inviteCode);
  await decide(a.member.id, { action: 'appoint' });
  expect((await decide(a.member.id, { action: 'freeze' })).status).toBe(400); // a freeze says why
  expect((await decide(a.member.id, { action: 'freeze', reason: '违规推广' })).body).toMatchObject({
    status: 'frozen',
    earns: false,
    reason: '违规推广',
  });
  const product = await createProduct(app, { priceFen: 2_000 });
  const orderNo = await paidOrder(b.token, [{ skuId: product.skus[0].id, quantity: 1 }]);
  expect(await commissionsOf(orderNo)).toEqual([]);
  const [bound] = await app.query('SELECT referrer_id FROM team_nodes WHERE member_id = ?', [b.member.id]);
  expect(Number(bound.referrer_id)).toBe(a.member.id);

  expect(await earnings(b.token)).toMatchObject({ distributor: { status: 'none' }, canApply: true });
  expect((await app.http('POST', '/api/distribution/apply', { token: b.token })).body.status).toBe('applied');
  expect((await app.http('POST', '/api/distribution/apply', { token: b.token })).body.status).toBe('applied');
  expect(await earnings(b.token)).toMatchObject({ distributor: { status: 'applied' }, canApply: false });
  expect((await decide(b.member.id, { action: 'reject' })).status).toBe(400);
  expect((await decide(b.member.id, { action: 'reject', reason: '资料不全' })).body.status).toBe('rejected');
  // a rejected member sees why, and may apply again; a frozen distributor may not
  expect(await earnings(b.token)).toMatchObject({
    distributor: { status: 'rejected', reason: '资料不全' },
    canApply: true,
  });
  expect(await earnings(a.token)).toMatchObject({ distributor: { status: 'frozen' }, canApply: false });
  expect((await app.http('GET', '/api/admin/distribution/commissions', { token: await app.adminToken() })).status).toBe(
    200,
  );
});

test('the admin API refuses a third level, a paid entry or a cash team reward with the reasons, and sets a compliant policy', async () => {
  const admin = await app.adminToken();
  const inForce = await app.http('GET', '/api/admin/distribution/policy', { token: admin });
  expect(inForce.body).toMatchObject({ source: 'config', version: null, policy: { levels: 2 } });
  const base = inForce.body.policy;
  const put = (policy: object) => app.http('PUT', '/api/admin/distribution/policy', { token: admin, body: policy });

  const refused: Array<[object, string, string]> = [
    [{ ...base, levels: 3, rateBps: [1_000, 500, 200] }, 'COMMISSION_TOO_DEEP', 'levels'],
    [{ ...base, entry: { feeFen: 39_900, minSpendFen: 0 } }, 'PAID_ENTRY', 'entry.feeFen'],
    [{ ...base, teamRewards: [{ kind: 'cash', amount: 100_000 }] }, 'CASH_TEAM_REWARD', 'teamRewards.0.kind'],
  ];
  for (const [policy, code, field] of refused) {
    const res = await put(policy);
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'POLICY_REFUSED', field });
    expect(res.body.error.violations.map((v: { code: string }) => v.code)).toContain(code);
  }
  expect(await app.query('SELECT id FROM distribution_policies')).toEqual([]);

  const set = await put({ ...base, levels: 1, rateBps: [800], grades: [] });
  expect(set.status).toBe(200);
  expect(set.body).toMatchObject({ source: 'admin', policy: { levels: 1, rateBps: [800] } });
  expect((await app.http('GET', '/api/admin/distribution/policy', { token: admin })).body.version).toBe(
    set.body.version,
  );
  const [audit] = await app.query("SELECT COUNT(*) AS n FROM admin_audit_logs WHERE action = 'distribution.policy'");
  expect(Number(audit.n)).toBe(1);

  // a purchase now pays one level at 8%
  const a = await app.loginMember('cm-policy-a');
  const b = await app.loginMember('cm-policy-b', a.member.inviteCode);
  const c = await app.loginMember('cm-policy-c', b.member.inviteCode);
  await decide(a.member.id, { action: 'appoint' });
  await decide(b.member.id, { action: 'appoint' });
  const product = await createProduct(app, { priceFen: 10_000 });
  const orderNo = await paidOrder(c.token, [{ skuId: product.skus[0].id, quantity: 1 }]);
  expect((await commissionsOf(orderNo)).map((r) => [r.level, r.beneficiary_id, r.amount_fen])).toEqual([
    [1, b.member.id, 800],
  ]);
});
