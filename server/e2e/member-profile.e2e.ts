import os from 'node:os';
import path from 'node:path';
import { H5_DIR, launchChromium } from './support/browser';
import type { Browser } from 'playwright-core';
import { addDefaultAddress, bindPhoneOnProfile, buyWithDefaultAddress } from '../../miniprogram/e2e/profile-flow';
import { runPurchaseFlow } from '../../miniprogram/e2e/purchase-flow';
import { createProduct } from '../test/support/fixtures';
import { startTestApp, type TestApp } from '../test/support/test-app';

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  app = await startTestApp({ SERVE_H5_DIR: H5_DIR });
  await createProduct(app, { name: '资料测试商品', priceFen: 1200, stock: 20 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

test('the first checkout starts the address book, a phone binds on the profile, a new default is used by the next checkout', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  try {
    const { orderNo } = await runPurchaseFlow(page, app.url);
    const [buyer] = await app.query('SELECT member_id FROM orders WHERE order_no = ?', [orderNo]);
    const book = await app.query('SELECT receiver_name, is_default FROM member_addresses WHERE member_id = ?', [
      buyer.member_id,
    ]);
    expect(book).toEqual([{ receiver_name: '张三', is_default: 1 }]);

    expect(await bindPhoneOnProfile(page, app.url, '13600136000')).toContain('136****6000');
    const [profile] = await app.query('SELECT phone FROM member_profiles WHERE member_id = ?', [buyer.member_id]);
    expect(profile.phone).toBe('13600136000');

    await addDefaultAddress(page, app.url, {
      name: '李四',
      phone: '13500135000',
      region: '上海市 上海市 浦东新区',
      detail: '世纪大道 1 号',
    });
    const defaults = await app.query('SELECT receiver_name FROM member_addresses WHERE member_id = ? AND is_default', [
      buyer.member_id,
    ]);
    expect(defaults).toEqual([{ receiver_name: '李四' }]);

    await buyWithDefaultAddress(page, app.url, '李四');
    const orders = await app.query(
      "SELECT address_json FROM orders WHERE member_id = ? AND status = 'paid' ORDER BY id",
      [buyer.member_id],
    );
    expect(orders).toHaveLength(2);
    expect(JSON.parse(orders[1].address_json)).toMatchObject({ receiverName: '李四', phone: '13500135000' });
  } catch (error) {
    await page.screenshot({ path: path.join(os.tmpdir(), 'member-profile-e2e-failure.png'), fullPage: true });
    throw error;
  }
});
