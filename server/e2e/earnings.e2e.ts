import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { H5_DIR, launchChromium } from './support/browser';
import {
  applyForDistributorship,
  openEarningsCenter,
  readCommission,
  readInviteCode,
  reloadEarningsCenter,
  showCommissionTab,
} from '../../miniprogram/e2e/earnings-flow';
import { runPurchaseFlow } from '../../miniprogram/e2e/purchase-flow';
import { queuesDrained } from '../test/support/drained';
import { createProduct } from '../test/support/fixtures';
import { startTestApp, type TestApp } from '../test/support/test-app';

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  // config/distribution.json: members apply, level 1 at 1000 bps, frozen until receipt plus 7 days
  app = await startTestApp({ SERVE_H5_DIR: H5_DIR });
  await createProduct(app, { name: '佣金测试商品', priceFen: 1990, stock: 20 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function screenshotOnFailure(pages: Page[], run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    for (const [i, page] of pages.entries())
      await page.screenshot({ path: path.join(os.tmpdir(), `earnings-e2e-${i}.png`), fullPage: true });
    throw error;
  }
}

test('A applies in 分销中心 and is approved; B, referred by A, buys; A’s center shows the frozen commission', async () => {
  const pageA = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  const pageB = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await screenshotOnFailure([pageA, pageB], async () => {
    const codeOfA = await readInviteCode(pageA, app.url);
    expect(await openEarningsCenter(pageA, app.url)).toBe('can_apply');
    expect(await applyForDistributorship(pageA)).toBe('审核中');

    const [a] = await app.query('SELECT id FROM members WHERE invite_code = ?', [codeOfA]);
    const approved = await app.http('POST', `/api/admin/distribution/distributors/${a.id}`, {
      token: await app.adminToken(),
      body: { action: 'approve' },
    });
    expect(approved.body).toMatchObject({ status: 'active', earns: true });
    await reloadEarningsCenter(pageA, 'active');
    expect(await showCommissionTab(pageA, 'all')).toBe(0);

    // B lands on A's link (the inviter is kept for B's login), then buys and pays in the sandbox
    await pageB.goto(`${app.url}/#/pages/index/index?inviter=${codeOfA}`);
    await pageB.locator('.e2e-product-card:visible').first().waitFor({ state: 'visible', timeout: 20_000 });
    const { orderNo } = await runPurchaseFlow(pageB, app.url);
    const [bound] = await app.query(
      `SELECT n.referrer_id FROM orders o JOIN team_nodes n ON n.member_id = o.member_id WHERE o.order_no = ?`,
      [orderNo],
    );
    expect(Number(bound.referrer_id)).toBe(Number(a.id));
    await queuesDrained(app.services); // order.paid → accrual, through the outbox

    await reloadEarningsCenter(pageA, 'active');
    expect(await readCommission(pageA, orderNo)).toEqual({
      frozen: '¥1.99',
      available: '¥0.00',
      hasOwed: false,
      level: '一级',
      rate: '10%',
      amount: '¥1.99',
      status: '冻结中',
    });
    expect(await showCommissionTab(pageA, 'released')).toBe(0);
    expect(await showCommissionTab(pageA, 'frozen')).toBe(1);
  });
});
