import os from 'node:os';
import path from 'node:path';
import { H5_DIR, launchChromium } from './support/browser';
import type { Browser } from 'playwright-core';
import { runPurchaseFlow } from '../../miniprogram/e2e/purchase-flow';
import { createProduct } from '../test/support/fixtures';
import { startTestApp, type TestApp } from '../test/support/test-app';

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  app = await startTestApp({ SERVE_H5_DIR: H5_DIR });
  await createProduct(app, { name: '浏览器测试商品', priceFen: 3300, stock: 20 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

test('a member logs in, opens a product, orders, pays in the sandbox and sees the order paid', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  try {
    const { orderNo } = await runPurchaseFlow(page, app.url);
    // the order turned paid because our verifier accepted the sandbox's signed notification
    const [row] = await app.query(
      'SELECT o.status, p.status AS payment, p.transaction_id FROM orders o JOIN payments p ON p.order_id = o.id WHERE o.order_no = ?',
      [orderNo],
    );
    expect(row).toMatchObject({ status: 'paid', payment: 'succeeded', transaction_id: expect.any(String) });
    const events = await app.query(
      "SELECT e.actor FROM order_events e JOIN orders o ON o.id = e.order_id WHERE o.order_no = ? AND e.to_status = 'paid'",
      [orderNo],
    );
    expect(events).toEqual([{ actor: expect.stringMatching(/^wechatpay:/) }]);
  } catch (error) {
    await page.screenshot({ path: path.join(os.tmpdir(), 'purchase-e2e-failure.png'), fullPage: true });
    throw error;
  }
});
