import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { chinaDay } from '../src/platform/china-day';
import { createAdmin } from '../src/modules/admin';
import { createProduct } from './support/fixtures';
import { queuesDrained } from './support/drained';
import { moveOrder, waitFor } from './support/loyalty-fixtures';
import { placeAndPay } from './support/payments';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Finance reports on a fixture with known numbers, through the running product: B (referred by distributor A) pays
 * 80.00 for two lines, the 30.00 line is refunded before shipping, the rest completes, A's commission is released,
 * settled on a statement and 4.00 of it withdrawn through the WeChat transfer sandbox. Every figure of the profit,
 * income and expense, settlement and journal reports agrees to the fen with the ledger and the payments; exports
 * run as jobs to a downloadable file whose csv/xlsx/html content reads back the same; only finance may see them.
 */
let app: TestApp;
const policyFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'reports-')), 'distribution.json');
writeFileSync(
  policyFile,
  JSON.stringify({
    levels: 2,
    rateBps: [1_000, 500],
    grades: [],
    qualification: 'apply',
    selfPurchase: false,
    lineCapBps: 3_000,
    entry: { feeFen: 0, minSpendFen: 0 },
    referralReward: { kind: 'points', amount: 100 },
    teamRewards: [],
    freezeDays: 0,
    settlementCycle: 'monthly',
  }),
);

const FEE_BPS = 100; // the channel's fee: 1% here, to make it visible
const PAYOUT_FEE_FEN = 10;

beforeAll(async () => {
  app = await startTestApp({
    DISTRIBUTION_POLICY_FILE: policyFile,
    ORDER_AFTER_SALES_DAYS: '0',
    REPORT_FEE_BPS_WECHATPAY: String(FEE_BPS),
    WITHDRAW_MIN_FEN: '100',
    WITHDRAW_FEE_BPS: '0',
    WITHDRAW_FEE_FIXED_FEN: String(PAYOUT_FEE_FEN),
    // fund-risk rules would hold these brand-new members' withdrawals for review (fund-risk.test.ts shows them)
    RISK_NEW_MEMBER_DAYS: '0',
    RISK_COMMISSION_SPIKE_FACTOR: '0',
  });
}, 120_000);
afterAll(() => app.stop());

const admin = () => app.adminToken();
const today = () => chinaDay(new Date());
const get = async (url: string, token?: string) => app.http('GET', url, { token: token ?? (await admin()) });
const ledgerBalance = async (code: string) =>
  Number((await app.query('SELECT balance_fen FROM ledger_accounts WHERE code = ?', [code]))[0]?.balance_fen ?? 0);

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idNumber = () => {
  const body = '11010519800101123';
  return body + '10X98765432'[WEIGHTS.reduce((acc, w, i) => acc + w * Number(body[i]), 0) % 11];
};

let fixture: { a: { token: string; memberId: number }; b: { token: string; memberId: number }; orderNo: string };

test('sku cost prices are set by an admin (audited); bad input writes nothing', async () => {
  const product = await createProduct(app, { priceFen: 100 });
  const skuId = product.skus[0].id;
  const bad = await app.http('PUT', '/api/admin/sku-costs', {
    token: await admin(),
    body: { items: [{ skuId, costFen: -1 }] },
  });
  expect([bad.status, bad.body.error.field]).toEqual([400, 'items.0.costFen']);
  const missing = await app.http('PUT', '/api/admin/sku-costs', {
    token: await admin(),
    body: { items: [{ skuId: 99_999_999, costFen: 1 }] },
  });
  expect([missing.status, missing.body.error.code]).toEqual([404, 'SKU_NOT_FOUND']);
  const set = await app.http('PUT', '/api/admin/sku-costs', {
    token: await admin(),
    body: { items: [{ skuId, costFen: 40 }] },
  });
  expect(set.body.items).toEqual([{ skuId, productId: product.id, costFen: 40 }]);
  const [row] = await app.query('SELECT cost_fen FROM skus WHERE id = ?', [skuId]);
  expect(Number(row.cost_fen)).toBe(40);
  const audit = await app.query("SELECT target_id FROM admin_audit_logs WHERE action = 'catalog.sku-costs.set'");
  expect(audit.map((r) => r.target_id)).toEqual([String(skuId)]);
});

test('profit, income and expense, settlement and journal agree to the fen with the ledger and the payments', async () => {
  const a = await app.loginMember('rp-a');
  const b = await app.loginMember('rp-b', a.member.inviteCode);
  const appoint = await app.http('POST', `/api/admin/distribution/distributors/${a.member.id}`, {
    token: await admin(),
    body: { action: 'appoint' },
  });
  expect(appoint.status).toBe(200);
  const [cheap, dear] = [await createProduct(app, { priceFen: 3_000 }), await createProduct(app, { priceFen: 5_000 })];
  await app.http('PUT', '/api/admin/sku-costs', {
    token: await admin(),
    body: { items: [{ skuId: cheap.skus[0].id, costFen: 1_200 }] },
  });

  // paid 80.00 by WeChat Pay: commission 3.00 + 5.00 for A (level 1, 10%)
  const { orderNo, paidFen } = await placeAndPay(app, b.token, [
    { skuId: cheap.skus[0].id, quantity: 1 },
    { skuId: dear.skus[0].id, quantity: 1 },
  ]);
  expect(paidFen).toBe(8_000);
  await queuesDrained(app.services);

  // the dear SKU has no cost yet: the report says so
  const early = await get(`/api/admin/reports/profit?from=${today()}&to=${today()}`);
  expect(early.body.totals).toMatchObject({ orderCount: 1, costFen: 1_200, unknownCostUnits: 1 });
  await app.http('PUT', '/api/admin/sku-costs', {
    token: await admin(),
    body: { items: [{ skuId: dear.skus[0].id, costFen: 2_000 }] },
  });

  // the 30.00 line refunded before shipping: its 3.00 commission is reversed
  const asked = await app.http('POST', '/api/aftersales', {
    token: b.token,
    body: {
      orderNo,
      skuId: cheap.skus[0].id,
      kind: 'refund_only',
      quantity: 1,
      reason: 'changed_mind',
      description: '不要了',
    },
  });
  expect(asked.status).toBe(201);
  await app.http('POST', `/api/admin/aftersales/${asked.body.aftersaleNo}/approve`, {
    token: await admin(),
    body: { note: '同意' },
  });
  await waitFor(async () => {
    await queuesDrained(app.services);
    const [r] = await app.query("SELECT COUNT(*) AS n FROM commissions WHERE order_no = ? AND status = 'reversed'", [
      orderNo,
    ]);
    return Number(r.n) === 1;
  }, 60_000);

  // the rest completes, is released, settled on A's statement; A withdraws 4.00 (fee 0.10) through WeChat
  await moveOrder(app, orderNo, 'shipped', 'received', 'completed');
  await waitFor(async () => {
    await queuesDrained(app.services);
    const [r] = await app.query("SELECT COUNT(*) AS n FROM commissions WHERE order_no = ? AND status = 'released'", [
      orderNo,
    ]);
    return Number(r.n) === 1;
  }, 60_000);
  await app.http('POST', '/api/admin/distribution/statements/close', {
    token: await admin(),
    body: { periodEnd: new Date(Date.now() + 1_000).toISOString() },
  });
  const statement = (await app.http('GET', '/api/distribution/statements', { token: a.token })).body.items[0];
  await app.http('POST', `/api/distribution/statements/${statement.statementNo}/confirm`, { token: a.token });
  await app.http('PUT', '/api/me/profile', { token: a.token, body: { realName: '张三', idNumber: idNumber() } });
  const withdrawal = await app.http('POST', '/api/withdrawals', {
    token: a.token,
    body: { amountFen: 400, channel: 'wechat' },
    headers: { 'Idempotency-Key': 'reports-withdrawal-1' },
  });
  expect(withdrawal.status).toBe(201);
  const no = withdrawal.body.withdrawalNo as string;
  await app.http('POST', `/api/admin/withdrawals/${no}/review`, { token: await admin(), body: { action: 'approve' } });
  await queuesDrained(app.services);
  await app.http('POST', `/sandbox/wechatpay/transfers/${no}/outcome`, { body: { outcome: 'success' } });
  expect((await app.http('GET', `/api/withdrawals/${no}`, { token: a.token })).body.status).toBe('paid');

  // the ledger as it stands: the report must say the same
  const commissionExpense = await ledgerBalance('platform:commission_expense');
  const payoutFees = await ledgerBalance('platform:payout_fees');
  const clearing = await ledgerBalance('platform:platform_clearing');
  expect([commissionExpense, payoutFees, clearing]).toEqual([-500, PAYOUT_FEE_FEN, 400 - PAYOUT_FEE_FEN]);
  const [payments] = await app.query(
    "SELECT SUM(amount_fen) AS paid FROM payments WHERE status IN ('succeeded','refunded')",
  );
  const [refunds] = await app.query("SELECT SUM(amount_fen) AS refunded FROM refunds WHERE status = 'succeeded'");
  expect([Number(payments.paid), Number(refunds.refunded)]).toEqual([8_000, 3_000]);

  const day = today();
  const profit = await get(`/api/admin/reports/profit?from=${day}&to=${day}`);
  expect(profit.status).toBe(200);
  const fees = Math.round((8_000 * FEE_BPS) / 10_000) - Math.round((3_000 * FEE_BPS) / 10_000);
  expect(profit.body.totals).toEqual({
    period: 'total',
    orderCount: 1,
    revenueFen: Number(payments.paid),
    refundFen: Number(refunds.refunded),
    costFen: 1_200 + 2_000,
    commissionFen: -commissionExpense,
    feeFen: fees,
    profitFen: 8_000 - 3_000 - 3_200 - 500 - fees,
    unknownCostUnits: 0,
  });
  expect(profit.body.rows).toEqual([{ ...profit.body.totals, period: day }]);
  const month = await get(`/api/admin/reports/profit?from=${day}&to=${day}&groupBy=month`);
  expect(month.body.rows).toEqual([{ ...profit.body.totals, period: day.slice(0, 7) }]);
  // filters: another channel has nothing; A's orders are all of it; B earned on none
  expect((await get(`/api/admin/reports/profit?from=${day}&to=${day}&channel=alipay`)).body.totals.revenueFen).toBe(0);
  const byA = await get(`/api/admin/reports/profit?from=${day}&to=${day}&distributorId=${a.member.id}`);
  expect(byA.body.totals).toEqual(profit.body.totals);
  const byB = await get(`/api/admin/reports/profit?from=${day}&to=${day}&distributorId=${b.member.id}`);
  expect(byB.body.totals).toMatchObject({ orderCount: 0, revenueFen: 0, commissionFen: 0 });
  // bad filters are 400 and name the field
  const backwards = await get(`/api/admin/reports/profit?from=${day}&to=2000-01-01`);
  expect([backwards.status, backwards.body.error.field]).toEqual([400, 'to']);
  expect((await get(`/api/admin/reports/profit?from=yesterday&to=${day}`)).status).toBe(400);

  const detail = await get(`/api/admin/reports/income-expense?from=${day}&to=${day}`);
  const sum = (kind: string) =>
    detail.body.items
      .filter((r: { kind: string }) => r.kind === kind)
      .reduce((s: number, r: { amountFen: number }) => s + r.amountFen, 0);
  expect({
    payment: sum('payment'),
    refund: sum('refund'),
    commission: sum('commission_accrued') - sum('commission_reversed'),
    payout: sum('payout'),
    payoutFee: sum('payout_fee'),
  }).toEqual({
    payment: 8_000,
    refund: 3_000,
    commission: -commissionExpense,
    payout: clearing,
    payoutFee: payoutFees,
  });
  expect(detail.body.totals).toEqual({
    inFen: 8_000 + 300 + PAYOUT_FEE_FEN,
    outFen: 3_000 + 800 + clearing,
    feeFen: fees,
  });
  const paymentRow = detail.body.items.find((r: { kind: string }) => r.kind === 'payment');
  expect(paymentRow).toMatchObject({ direction: 'in', account: 'wechatpay', orderNo, memberId: b.member.id });
  expect(detail.body.items.find((r: { kind: string }) => r.kind === 'payout')).toMatchObject({ reference: no });

  const settlement = await get(`/api/admin/reports/commission-settlement?from=${day}&to=${day}`);
  expect(settlement.body.items).toEqual([
    {
      memberId: a.member.id,
      cycle: 'monthly',
      cycleStart: `${day.slice(0, 7)}-01`,
      cycleEnd: expect.stringMatching(new RegExp(`^${day.slice(0, 7)}-(28|29|30|31)$`)),
      accruedFen: 800,
      releasedFen: 500,
      reversedFen: 300,
      settledFen: 500,
      withdrawnFen: 400,
    },
  ]);
  // what A holds is what accrued, less what was reversed and withdrawn
  const held = await Promise.all(
    ['frozen', 'settling', 'available', 'receivable'].map((k) => ledgerBalance(`member:${a.member.id}:${k}`)),
  );
  expect(held.reduce((s, v) => s + v, 0)).toBe(800 - 300 - 400);

  const journal = await get(`/api/admin/reports/journal?from=${day}&to=${day}&limit=500`);
  const [entries] = await app.query('SELECT COUNT(*) AS n FROM ledger_entries');
  expect(journal.body.items).toHaveLength(Number(entries.n));
  expect(journal.body.items.reduce((s: number, r: { amountFen: number }) => s + r.amountFen, 0)).toBe(0);
  const aOnly = await get(
    `/api/admin/reports/journal?from=${day}&to=${day}&accountCode=member:${a.member.id}:available`,
  );
  expect(aOnly.body.items.map((r: { amountFen: number }) => r.amountFen)).toEqual([500, -400]);

  fixture = { a: { token: a.token, memberId: a.member.id }, b: { token: b.token, memberId: b.member.id }, orderNo };
}, 300_000);

/** Starts an export and waits for it to finish; answers its view and the progress values seen on the way. */
async function exportDone(body: Record<string, unknown>, token?: string) {
  const started = await app.http('POST', '/api/admin/reports/exports', { token: token ?? (await admin()), body });
  expect(started.status).toBe(202);
  const seen: number[] = [started.body.progress];
  const view = await waitFor(async () => {
    const res = await get(`/api/admin/reports/exports/${started.body.exportNo}`, token);
    seen.push(res.body.progress);
    return ['done', 'failed'].includes(res.body.status) ? res.body : undefined;
  }, 60_000);
  return { view, seen };
}

const download = async (url: string, token?: string) =>
  fetch(`${app.url}${url}`, { headers: { authorization: `Bearer ${token ?? (await admin())}` } });

test('an export is one job per request: a double click makes one; progress runs to done and the csv reads back', async () => {
  expect(fixture).toBeDefined();
  const day = today();
  const body = {
    report: 'income-expense',
    format: 'csv',
    filters: { from: day, to: day },
    requestId: `double-click-${Date.now()}`,
  };
  const clicks = await Promise.all(
    [1, 2].map(async () => app.http('POST', '/api/admin/reports/exports', { token: await admin(), body })),
  );
  expect(clicks.map((c) => c.status)).toEqual([202, 202]);
  expect(clicks[0].body.exportNo).toBe(clicks[1].body.exportNo);
  const exportNo = clicks[0].body.exportNo as string;
  expect(await app.query('SELECT id FROM report_exports WHERE export_no = ?', [exportNo])).toHaveLength(1);
  const audit = await app.query('SELECT action FROM admin_audit_logs WHERE target_id = ? ORDER BY action', [exportNo]);
  expect(audit.map((r) => r.action)).toEqual(['reports.export.repeated', 'reports.export.requested']);
  const reused = await app.http('POST', '/api/admin/reports/exports', {
    token: await admin(),
    body: { ...body, format: 'xlsx' },
  });
  expect([reused.status, reused.body.error.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);

  const { view, seen } = await exportDone(body);
  expect(view).toMatchObject({
    status: 'done',
    progress: 100,
    downloadUrl: `/api/admin/reports/exports/${exportNo}/file`,
  });
  expect(seen).toEqual([...seen].sort((x, y) => x - y)); // progress only goes forward
  const job = await app.services.queues.reports.getJob(`report-export:${exportNo}`);
  expect(job?.progress()).toBe(100);

  const file = await download(view.downloadUrl);
  expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  const bytes = Buffer.from(await file.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM, for Excel
  const [header, ...lines] = bytes.subarray(3).toString('utf8').trim().split('\r\n');
  expect(header.split(',')).toEqual([
    '时间',
    '收支',
    '类型',
    '金额(分)',
    '手续费(分)',
    '账户',
    '单号',
    '订单号',
    '会员ID',
  ]);
  const json = (await get(`/api/admin/reports/income-expense?from=${day}&to=${day}`)).body;
  expect(lines).toHaveLength(json.total);
  expect(view.rowCount).toBe(json.total);
  const parsed = lines.map((l) => l.split(',')).map((c) => ({ kind: c[2], amountFen: Number(c[3]), reference: c[6] }));
  expect(parsed).toEqual(
    json.items.map((r: { kind: string; amountFen: number; reference: string }) => ({
      kind: r.kind,
      amountFen: r.amountFen,
      reference: r.reference,
    })),
  );
});

test('the journal exports as xlsx and the profit as a printable page; unknown and malformed exports are 404 and 400', async () => {
  const day = today();
  const { view } = await exportDone({
    report: 'journal',
    format: 'xlsx',
    filters: { from: day, to: day },
    requestId: `journal-${Date.now()}`,
  });
  expect(view.status).toBe('done');
  const file = await download(view.downloadUrl);
  expect(file.headers.get('content-disposition')).toBe(`attachment; filename="journal-${day}-${day}.xlsx"`);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await file.arrayBuffer()) as never);
  const sheet = book.worksheets[0];
  const rows = sheet.getSheetValues().filter(Boolean).slice(1) as unknown[][];
  const entries = await app.query('SELECT id, amount_fen FROM ledger_entries ORDER BY id');
  expect(rows.map((r) => [Number(r[2]), Number(r[7])])).toEqual(
    entries.map((e) => [Number(e.id), Number(e.amount_fen)]),
  );

  const printable = await exportDone({
    report: 'profit',
    format: 'html',
    filters: { from: day, to: day },
    requestId: `profit-${Date.now()}`,
  });
  const page = await download(printable.view.downloadUrl);
  expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  const html = await page.text();
  const fees = Math.round((8_000 * FEE_BPS) / 10_000) - Math.round((3_000 * FEE_BPS) / 10_000);
  const profitYuan = ((8_000 - 3_000 - 3_200 - 500 - fees) / 100).toFixed(2);
  expect(html).toContain('<h1>利润报表</h1>');
  expect(html).toContain('<th>利润(元)</th>');
  expect(html).toContain(`<td class="n">${profitYuan}</td>`);
  expect(html).toContain('@page{size:A4 landscape');

  expect((await get('/api/admin/reports/exports/RE00000000000000000000')).status).toBe(404);
  expect((await get('/api/admin/reports/exports/nope')).status).toBe(400);
  expect((await download('/api/admin/reports/exports/RE00000000000000000000/file')).status).toBe(404);
  expect((await download('/api/admin/reports/exports/RE00000000000000000000/file', 'not-a-token')).status).toBe(401);
});

test('finance sees and exports the reports; operations (the operator role) is refused', async () => {
  await createAdmin('rp-finance', 'rp-finance-password', 'finance');
  await createAdmin('rp-operator', 'rp-operator-password', 'operator');
  const login = async (username: string) =>
    (await app.http('POST', '/api/admin/auth/login', { body: { username, password: `${username}-password` } })).body
      .token as string;
  const [finance, operator] = [await login('rp-finance'), await login('rp-operator')];
  const day = today();
  const urls = ['profit', 'income-expense', 'commission-settlement', 'journal'].map(
    (r) => `/api/admin/reports/${r}?from=${day}&to=${day}`,
  );
  for (const url of urls) {
    expect([url, (await get(url, finance)).status]).toEqual([url, 200]);
    expect([url, (await get(url, operator)).status]).toEqual([url, 403]);
  }
  const body = { report: 'profit', format: 'csv', filters: { from: day, to: day }, requestId: `access-${Date.now()}` };
  const refused = await app.http('POST', '/api/admin/reports/exports', { token: operator, body });
  expect(refused.status).toBe(403);
  const { view } = await exportDone(body, finance);
  expect(view).toMatchObject({ status: 'done', requestedBy: 'rp-finance' });
  expect((await download(view.downloadUrl, operator)).status).toBe(403);
  expect((await download(view.downloadUrl, finance)).status).toBe(200);
  const costs = await app.http('PUT', '/api/admin/sku-costs', {
    token: finance,
    body: { items: [{ skuId: 1, costFen: 1 }] },
  });
  expect(costs.status).toBe(403); // cost prices are the catalog's (catalog:write)
});
