import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { H5_DIR, launchChromium } from './support/browser';
import { readCommission } from '../../miniprogram/e2e/earnings-flow';
import {
  actAsMember,
  confirmOpenStatement,
  confirmTransferReceipt,
  disputeOpenStatement,
  readBalances,
  readLedger,
  requestWechatWithdrawal,
  withdrawalStatus,
} from '../../miniprogram/e2e/money-flow';
import { checkInvariants } from '../src/check-invariants';
import { chinaDay } from '../src/platform/china-day';
import { createAdmin } from '../src/modules/admin';
import { releaseDueCommissions } from '../src/modules/distribution';
import { accountBalance } from '../src/modules/ledger';
import { queuesDrained } from '../test/support/drained';
import { createProduct } from '../test/support/fixtures';
import { moveOrder } from '../test/support/loyalty-fixtures';
import { placeAndPay } from '../test/support/payments';
import { startTestApp, type TestApp } from '../test/support/test-app';

/**
 * Issue 11 end to end, the distributor's side in a real browser against the H5 build: A refers B refers C; C buys
 * and the order accrues frozen commission for B (level 1) and A (level 2); receipt plus the freeze window releases
 * it; the cycle closes, B confirms the statement and A disputes theirs (the shop resolves it); B asks for a withdrawal, finance approves it, WeChat Pay's
 * sandbox transfers it and B confirms receipt; the balances B's pages show, the ledger, the withdrawal records and
 * the invariant queries agree.
 */
let app: TestApp;
let browser: Browser;

const FEE_BPS = 100; // 1%: ¥15.00 costs ¥0.15

beforeAll(async () => {
  // config/distribution.json: two levels at 1000 and 500 bps, frozen until receipt plus 7 days, monthly statements
  app = await startTestApp({
    SERVE_H5_DIR: H5_DIR,
    WITHDRAW_MIN_FEN: '100',
    WITHDRAW_FEE_BPS: String(FEE_BPS),
    WITHDRAW_FEE_FIXED_FEN: '0',
    // fund-risk rules would hold these brand-new members' withdrawals for review (fund-risk.test.ts shows them)
    RISK_NEW_MEMBER_DAYS: '0',
    RISK_COMMISSION_SPIKE_FACTOR: '0',
  });
  await createAdmin('money-finance', 'money-finance-password', 'finance');
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function withPage(name: string, run: (page: Page) => Promise<void>): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  try {
    await run(page);
  } catch (error) {
    await page.screenshot({ path: path.join(os.tmpdir(), `${name}-e2e-failure.png`), fullPage: true });
    throw error;
  } finally {
    await page.close();
  }
}

const ok = async (method: 'GET' | 'POST' | 'PUT', urlPath: string, token: string, body?: unknown) => {
  const res = await app.http(method, urlPath, { token, body });
  if (res.status >= 300) throw new Error(`${method} ${urlPath}: ${res.status} ${res.text}`);
  return res.body;
};

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A resident ID number with its GB 11643 check character. */
function idNumber(body17: string): string {
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(body17[i]), 0);
  return body17 + '10X98765432'[sum % 11];
}

const commissionsOf = async (orderNo: string) =>
  (
    await app.query(
      'SELECT level, beneficiary_id, amount_fen, status, release_at FROM commissions WHERE order_no = ? ORDER BY level',
      [orderNo],
    )
  ).map((r) => ({
    level: Number(r.level),
    beneficiaryId: Number(r.beneficiary_id),
    amountFen: Number(r.amount_fen),
    status: String(r.status),
    releaseAt: r.release_at ? new Date(r.release_at) : null,
  }));

test('referred purchase → frozen L1/L2 → released → statement confirmed → withdrawal paid; pages, ledger and records agree', async () => {
  const admin = await app.adminToken();
  const finance = (
    await ok('POST', '/api/admin/auth/login', '', { username: 'money-finance', password: 'money-finance-password' })
  ).token as string;

  // A refers B refers C; the shop appoints A and B distributors; B has a real name on file (提现 needs it)
  const a = await app.loginMember('money-a');
  const b = await app.loginMember('money-b', a.member.inviteCode);
  const c = await app.loginMember('money-c', b.member.inviteCode);
  for (const m of [a, b])
    await ok('POST', `/api/admin/distribution/distributors/${m.member.id}`, admin, { action: 'appoint' });
  await ok('PUT', '/api/me/profile', b.token, { realName: '李四', idNumber: idNumber('11010519850101123') });

  // C buys ¥200.00: B earns 10% (¥20.00) at level 1, A 5% (¥10.00) at level 2, both frozen
  const product = await createProduct(app, { name: '分销全链路商品', priceFen: 20_000, stock: 10 });
  const { orderNo } = await placeAndPay(app, c.token, [{ skuId: product.skus[0].id, quantity: 1 }]);
  await queuesDrained(app.services);
  expect(
    (await commissionsOf(orderNo)).map(({ level, beneficiaryId, amountFen, status }) => [
      level,
      beneficiaryId,
      amountFen,
      status,
    ]),
  ).toEqual([
    [1, b.member.id, 2_000, 'frozen'],
    [2, a.member.id, 1_000, 'frozen'],
  ]);

  await withPage('money-path', async (page) => {
    await actAsMember(page, app.url, 'money-b');
    expect(await readBalances(page, app.url)).toEqual({ frozen: '¥20.00', settling: '¥0.00', available: '¥0.00' });
    expect(await readCommission(page, orderNo)).toMatchObject({
      level: '一级',
      rate: '10%',
      amount: '¥20.00',
      status: '冻结中',
    });

    // received, and the after-sales window closed: the release is due 7 days after receipt, not before
    await moveOrder(app, orderNo, 'shipped', 'received', 'completed');
    await queuesDrained(app.services);
    const [due] = await commissionsOf(orderNo);
    expect(due!.status).toBe('frozen');
    expect(await releaseDueCommissions(app.services, new Date(due!.releaseAt!.getTime() - 60_000))).toBe(0);
    // the clock at the end of the window: what the hourly sweep (or the delayed release job) does then
    const clock = new Date(due!.releaseAt!.getTime() + 1_000);
    expect(await releaseDueCommissions(app.services, clock)).toBe(2);
    expect((await commissionsOf(orderNo)).map((r) => r.status)).toEqual(['released', 'released']);
    expect(await readBalances(page, app.url)).toEqual({ frozen: '¥0.00', settling: '¥20.00', available: '¥0.00' });

    // the cycle closes on that clock (admin API); B confirms in the browser; A disputes in the browser, saying why,
    // and the shop resolves it (admin API)
    const closed = await ok('POST', '/api/admin/distribution/statements/close', admin, {
      periodEnd: new Date(clock.getTime() + 1_000).toISOString(),
    });
    expect(closed).toMatchObject({ made: 2 });
    expect(await confirmOpenStatement(page, app.url)).toEqual({ total: '¥20.00', settled: '¥20.00' });
    await withPage('money-path-a', async (pageA) => {
      await actAsMember(pageA, app.url, 'money-a');
      expect(await disputeOpenStatement(pageA, app.url, '二级佣金比例与约定不符')).toEqual({
        status: '有异议',
        reason: '异议：二级佣金比例与约定不符',
      });
    });
    const statementOfA = (await ok('GET', '/api/distribution/statements', a.token)).items[0];
    expect(statementOfA).toMatchObject({ status: 'disputed', disputeReason: '二级佣金比例与约定不符' });
    await ok('POST', `/api/admin/distribution/statements/${statementOfA.statementNo}/resolve`, admin, {
      note: '已核对：二级 5%，金额无误',
    });
    expect(await readBalances(page, app.url)).toEqual({ frozen: '¥0.00', settling: '¥0.00', available: '¥20.00' });

    // B withdraws ¥15.00 to WeChat: the server's preview says fee ¥0.15, net ¥14.85
    const asked = await requestWechatWithdrawal(page, app.url, '15');
    expect(asked).toMatchObject({ fee: '¥0.15', net: '¥14.85', status: '待审核' });
    const { withdrawalNo } = asked;
    expect(await readBalances(page, app.url)).toMatchObject({ available: '¥5.00' });

    // finance approves; the payout job creates the transfer bill, which waits for B on WeChat's confirm page
    await ok('POST', `/api/admin/withdrawals/${withdrawalNo}/review`, finance, { action: 'approve' });
    await queuesDrained(app.services);
    expect(await withdrawalStatus(page, app.url, withdrawalNo)).toBe('待确认收款');
    await confirmTransferReceipt(page, app.url, withdrawalNo);
    await queuesDrained(app.services);

    // what B's pages show ...
    expect(await readBalances(page, app.url)).toEqual({ frozen: '¥0.00', settling: '¥0.00', available: '¥5.00' });
    const available = await readLedger(page, app.url, 'available');
    expect(available.map((l) => [l.title, l.amount])).toEqual([
      ['申请提现', '-¥15.00'],
      ['结算单确认', '+¥20.00'],
    ]);
    const all = await readLedger(page, app.url, 'all');
    expect(all.map((l) => [l.title, l.account, l.amount])).toEqual([
      ['申请提现', '可提现', '-¥15.00'],
      // one posting's entries come in the ledger's account order (available, frozen, settling by code)
      ['结算单确认', '待确认', '-¥20.00'],
      ['结算单确认', '可提现', '+¥20.00'],
      ['佣金解冻', '待确认', '+¥20.00'],
      ['佣金解冻', '冻结中', '-¥20.00'],
      ['佣金入账（冻结）', '冻结中', '+¥20.00'],
    ]);

    // ... the ledger's balances ...
    const memberId = b.member.id as number;
    expect(await accountBalance({ kind: 'member_available', memberId })).toBe(500);
    expect(await accountBalance({ kind: 'member_frozen', memberId })).toBe(0);
    expect(await accountBalance({ kind: 'member_settling', memberId })).toBe(0);
    expect(await accountBalance({ kind: 'member_available', memberId: a.member.id })).toBe(1_000);
    expect(await accountBalance({ kind: 'commission_expense' })).toBe(-3_000);
    expect(await accountBalance({ kind: 'payouts_in_transit' })).toBe(0);
    expect(await accountBalance({ kind: 'platform_clearing' })).toBe(1_485);
    expect(await accountBalance({ kind: 'payout_fees' })).toBe(15);

    // ... and the withdrawal records (admin API) say the same
    const records = await ok('GET', `/api/admin/withdrawals?memberId=${memberId}`, finance);
    expect(records.items).toEqual([
      expect.objectContaining({ withdrawalNo, status: 'paid', amountFen: 1_500, feeFen: 15, netFen: 1_485 }),
    ]);
    const paidOut = records.items.reduce(
      (sum: number, w: { netFen: number; feeFen: number }) => sum + w.netFen + w.feeFen,
      0,
    );
    expect(500 + paidOut).toBe(2_000); // what B earned is what B holds plus what left for B (and its fee)

    // ... and so do the finance reports, over the days this story spans (the release ran 7 days ahead)
    const from = chinaDay(new Date(Date.now() - 86_400_000));
    const to = chinaDay(new Date(Date.now() + 30 * 86_400_000));
    const profit = await ok('GET', `/api/admin/reports/profit?from=${from}&to=${to}`, finance);
    expect(profit.totals).toMatchObject({ revenueFen: 20_000, refundFen: 0, commissionFen: 3_000 });
    const settlement = await ok('GET', `/api/admin/reports/commission-settlement?from=${from}&to=${to}`, finance);
    expect(settlement.totals).toMatchObject({ accruedFen: 3_000, reversedFen: 0 });
    const moves = await ok('GET', `/api/admin/reports/income-expense?from=${from}&to=${to}&pageSize=100`, finance);
    const sumOf = (kind: string) =>
      moves.items
        .filter((m: { kind: string }) => m.kind === kind)
        .reduce((sum: number, m: { amountFen: number }) => sum + m.amountFen, 0);
    expect(sumOf('commission_accrued')).toBe(3_000);
    expect(sumOf('payout') + sumOf('payout_fee')).toBe(1_500); // B's withdrawal: 14.85 paid out, 0.15 fee
    expect(sumOf('payout_fee')).toBe(15);
  });

  expect(await checkInvariants(app.services.sequelize)).toEqual([]);
}, 300_000);
