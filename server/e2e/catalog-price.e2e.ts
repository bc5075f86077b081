import os from 'node:os';
import path from 'node:path';
import { H5_DIR, launchChromium } from './support/browser';
import type { Browser, Page } from 'playwright-core';
import { searchAndReadPrice } from '../../miniprogram/e2e/catalog-price-flow';
import { logIn } from '../../miniprogram/e2e/purchase-flow';
import { startTestApp, type TestApp } from '../test/support/test-app';

const PRODUCT = { name: '价格测试燕窝礼盒', keyword: '燕窝礼盒' };
let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  app = await startTestApp({ SERVE_H5_DIR: H5_DIR });
  const admin = await app.adminToken();
  const created = await app.http('POST', '/api/admin/products', {
    token: admin,
    body: {
      name: PRODUCT.name,
      coverUrl: '/media/products/protein.svg',
      status: 'on_sale',
      skus: [
        { specs: { 规格: '小盒' }, priceFen: 6_800, stock: 20 },
        { specs: { 规格: '大盒' }, priceFen: 12_800, stock: 20 },
      ],
    },
  });
  if (created.status !== 201) throw new Error(`create product failed: ${created.status} ${created.text}`);
  const bigBox = (created.body.skus as { id: number; specs: Record<string, string> }[]).find(
    (s) => s.specs['规格'] === '大盒',
  )!;
  // 金卡 pays ¥88 for the big box: a fixed level price set through the admin API
  const rule = await app.http('POST', '/api/admin/price-rules', {
    token: admin,
    body: { kind: 'level', productId: created.body.id, skuId: bigBox.id, levelCode: 'gold', fixedPriceFen: 8_800 },
  });
  if (rule.status !== 201) throw new Error(`create price rule failed: ${rule.status} ${rule.text}`);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** A fresh browser profile is a fresh H5 member; `levelCode` is then set in the database. */
async function asMember(levelCode: string, run: (page: Page) => Promise<void>) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  try {
    await page.goto(app.url);
    await logIn(page, app.url);
    const [member] = await app.query('SELECT id FROM members ORDER BY id DESC LIMIT 1');
    await app.query('UPDATE loyalty_accounts SET level_code = ? WHERE member_id = ?', [levelCode, member.id]);
    await run(page);
  } catch (error) {
    await page.screenshot({ path: path.join(os.tmpdir(), `catalog-price-${levelCode}-failure.png`), fullPage: true });
    throw error;
  } finally {
    await context.close();
  }
}

const pick = { keyword: PRODUCT.keyword, productName: PRODUCT.name, specValue: '大盒' };

test('a gold member searches, opens the product, picks the big box and sees the 金卡 price of ¥88', async () => {
  await asMember('gold', async (page) => {
    const seen = await searchAndReadPrice(page, app.url, pick);
    // 钻石 would pay ¥117.76 by the ladder's 8%: not lower than ¥88, so no upgrade line
    expect(seen).toEqual({ price: '¥88.00', label: '金卡价', basePrice: '¥128.00', nextLevel: null });
  });
});

test('a normal member sees the base price of ¥128 and what 银卡 would pay', async () => {
  await asMember('normal', async (page) => {
    const seen = await searchAndReadPrice(page, app.url, pick);
    expect(seen).toEqual({ price: '¥128.00', label: null, basePrice: null, nextLevel: '升级银卡 ¥124.16' });
  });
});
