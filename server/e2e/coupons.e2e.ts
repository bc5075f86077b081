import os from 'node:os';
import path from 'node:path';
import { H5_DIR, launchChromium } from './support/browser';
import type { Browser } from 'playwright-core';
import { runCouponFlow } from '../../miniprogram/e2e/coupon-flow';
import { createProduct } from '../test/support/fixtures';
import { startTestApp, type TestApp } from '../test/support/test-app';

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  app = await startTestApp({ SERVE_H5_DIR: H5_DIR });
  await createProduct(app, { name: '领券商品', priceFen: 3_300, stock: 20 });
  const template = await app.http('POST', '/api/admin/coupon-templates', {
    token: await app.adminToken(),
    body: {
      name: '满30减5',
      kind: 'amount',
      amountOffFen: 500,
      thresholdFen: 3_000,
      validity: { kind: 'relative', days: 7 },
      totalBudget: 10,
    },
  });
  expect(template.status).toBe(201);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

test('a member claims a coupon in the claim center, and the confirm page preselects it and the order uses it', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  try {
    const { orderNo, total } = await runCouponFlow(page, app.url);
    const [order] = await app.query('SELECT status, discount_fen, payable_fen FROM orders WHERE order_no = ?', [
      orderNo,
    ]);
    expect(order).toMatchObject({ status: 'paid', discount_fen: 500 });
    expect(total).toBe(`¥${(order.payable_fen / 100).toFixed(2)}`);
    const coupons = await app.query('SELECT status, order_no FROM member_coupons');
    expect(coupons).toEqual([{ status: 'used', order_no: orderNo }]);
  } catch (error) {
    await page.screenshot({ path: path.join(os.tmpdir(), 'coupons-e2e-failure.png'), fullPage: true });
    throw error;
  }
});
