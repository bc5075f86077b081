import os from 'node:os';
import path from 'node:path';
import { H5_DIR, launchChromium } from './support/browser';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { grabAndPay, openFlashFromHome, soldOutShown } from '../../miniprogram/e2e/flash-flow';
import { actAsMember } from '../../miniprogram/e2e/money-flow';
import { addDefaultAddress } from '../../miniprogram/e2e/profile-flow';
import { createProduct } from '../test/support/fixtures';
import { flashDrained, grab } from '../test/support/flash-fixtures';
import { startTestApp, type TestApp } from '../test/support/test-app';

const LIST_PRICE = 5_000;
const FLASH_PRICE = 990;
const ADDRESS = { name: '王五', phone: '13700137000', region: '浙江省 杭州市 西湖区', detail: '天目山路 1 号' };

let app: TestApp;
let browser: Browser;
let itemId: number;
let sessionId: number;

beforeAll(async () => {
  app = await startTestApp({ SERVE_H5_DIR: H5_DIR });
  const product = await createProduct(app, { name: '秒杀测试商品', priceFen: LIST_PRICE, stock: 20 });
  const admin = await app.adminToken();
  const created = await app.http('POST', '/api/admin/flash/sessions', {
    token: admin,
    body: {
      name: '此刻场',
      startsAt: new Date(Date.now() - 1_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      items: [{ skuId: product.skus[0].id, flashPriceFen: FLASH_PRICE, stock: 1, perMemberLimit: 1 }],
    },
  });
  expect(created.status).toBe(201);
  sessionId = created.body.id;
  const published = await app.http('POST', `/api/admin/flash/sessions/${sessionId}/publish`, { token: admin });
  expect(published.status).toBe(200);
  itemId = published.body.items[0].id;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(os.tmpdir(), `flash-sale-e2e-${name}.png`), fullPage: true });
}

test('a member grabs the only unit from the home 限时秒杀 entry, the page finds the order, the member pays; the next member sees it sold out and is refused', async () => {
  const buyerContext: BrowserContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const lateContext: BrowserContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const buyerPage = await buyerContext.newPage();
  const latePage = await lateContext.newPage();
  try {
    await actAsMember(buyerPage, app.url, 'e2e-flash-buyer');
    await addDefaultAddress(buyerPage, app.url, ADDRESS);
    await openFlashFromHome(buyerPage, app.url);
    const orderNo = await grabAndPay(buyerPage);
    await flashDrained(app);

    const buyer = await app.loginMember('e2e-flash-buyer');
    const order = await app.http('GET', `/api/orders/${orderNo}`, { token: buyer.token });
    expect(order.body).toMatchObject({ status: 'paid', payableFen: FLASH_PRICE, paidFen: FLASH_PRICE });
    expect(order.body.address).toMatchObject({ receiverName: ADDRESS.name });
    const grabs = await app.query('SELECT status, quantity FROM flash_grabs WHERE item_id = ?', [itemId]);
    expect(grabs).toEqual([{ status: 'ordered', quantity: 1 }]);
    const [item] = await app.query('SELECT sold FROM flash_items WHERE id = ?', [itemId]);
    expect(Number(item.sold)).toBe(1);

    await actAsMember(latePage, app.url, 'e2e-flash-late');
    await openFlashFromHome(latePage, app.url);
    expect(await soldOutShown(latePage)).toBe(true);
    const late = await app.loginMember('e2e-flash-late');
    const refused = await grab(app, late.token, itemId);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('FLASH_SOLD_OUT');

    const stats = await app.http('GET', `/api/admin/flash/sessions/${sessionId}/stats`, {
      token: await app.adminToken(),
    });
    expect(stats.body).toMatchObject({ orders: 1, paidOrders: 1 });
  } catch (error) {
    await shot(buyerPage, 'buyer');
    await shot(latePage, 'late');
    throw error;
  } finally {
    await buyerContext.close();
    await lateContext.close();
  }
});
