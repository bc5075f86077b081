import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { H5_DIR, launchChromium } from './support/browser';
import {
  aftersaleStatusIs,
  applyForReturn,
  confirmReceiptOnDetail,
  openAftersale,
  openOrderDetail,
  readDeliveredParcel,
  readTransferPage,
  sendReturnParcel,
  transferStatusIs,
  uploadTransferProof,
} from '../../miniprogram/e2e/order-lifecycle-flow';
import {
  buyNowToPayStep,
  cartToPayStep,
  chooseChannel,
  click,
  paySucceeded,
  payWithWechatSandbox,
  visible,
  WAIT_MS,
} from '../../miniprogram/e2e/purchase-flow';
import { createAdmin } from '../src/modules/admin';
import { queuesDrained } from '../test/support/drained';
import { createProduct } from '../test/support/fixtures';
import { startTestApp, type TestApp } from '../test/support/test-app';

/**
 * Issue 10 in a real browser against the H5 build: pay (WeChat Pay sandbox, Alipay sandbox cashier, bank transfer
 * with two admins), ship, tracking polled to delivered, 确认收货, a return of one line refunded.
 */
let app: TestApp;
let browser: Browser;

// a whole 1x1 PNG: H5's chooseImage decodes the picture to compress it
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  // any transfer above 1 yuan needs a second admin (maker-checker)
  app = await startTestApp({ SERVE_H5_DIR: H5_DIR, OFFLINE_DUAL_CONTROL_ABOVE_FEN: '100' });
  await createProduct(app, { name: '浏览器测试蛋白粉', priceFen: 3300, stock: 50 });
  await createProduct(app, { name: '浏览器测试摇摇杯', priceFen: 1500, stock: 50 });
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

const adminPost = async (urlPath: string, body?: unknown, token?: string) => {
  const res = await app.http('POST', urlPath, { token: token ?? (await app.adminToken()), body });
  if (res.status >= 300) throw new Error(`${urlPath}: ${res.status} ${res.text}`);
  return res.body;
};

async function paymentOf(orderNo: string, channel: string) {
  const [row] = await app.query(
    `SELECT o.status AS orderStatus, p.status AS paymentStatus, p.refunded_fen AS refundedFen, p.id AS paymentId
       FROM orders o JOIN payments p ON p.order_id = o.id WHERE o.order_no = ? AND p.channel = ?`,
    [orderNo, channel],
  );
  return row as { orderStatus: string; paymentStatus: string; refundedFen: number; paymentId: number };
}

test('cart of two products, quote, pay with WeChat Pay, ship, tracked to delivered, confirm receipt, return one line, refunded', async () => {
  await withPage('lifecycle-wechat', async (page) => {
    const { total } = await cartToPayStep(page, app.url);
    await payWithWechatSandbox(page);
    const orderNo = await paySucceeded(page);
    expect(await paymentOf(orderNo, 'wechatpay')).toMatchObject({ orderStatus: 'paid', paymentStatus: 'succeeded' });
    const [order] = await app.query(
      'SELECT o.id, o.paid_fen AS paidFen, o.payable_fen AS payableFen FROM orders o WHERE o.order_no = ?',
      [orderNo],
    );
    // the quote shown is what was charged; both lines ordered; they left the cart with the order
    expect(total).toContain((Number(order.payableFen) / 100).toFixed(2));
    expect(Number(order.paidFen)).toBe(Number(order.payableFen));
    const lines = await app.query('SELECT sku_id FROM order_lines WHERE order_id = ?', [order.id]);
    expect(lines).toHaveLength(2);
    expect(await app.query('SELECT id FROM cart_items')).toEqual([]);

    const trackingNo = `ZT${Date.now()}`.slice(0, 20);
    await adminPost(`/api/admin/orders/${orderNo}/shipments`, { carrierCode: 'zhongtong', trackingNo });
    await queuesDrained(app.services); // the polling job walks the parcel to delivered

    await openOrderDetail(page, app.url, orderNo);
    const parcel = await readDeliveredParcel(page);
    expect(parcel.tracking).toBe(trackingNo);
    expect(parcel.events.length).toBeGreaterThanOrEqual(2);
    await confirmReceiptOnDetail(page);

    const aftersaleNo = await applyForReturn(page);
    await aftersaleStatusIs(page, '待审核');
    await adminPost(`/api/admin/aftersales/${aftersaleNo}/approve`);
    await openAftersale(page, app.url, aftersaleNo);
    await aftersaleStatusIs(page, '待寄回');
    await sendReturnParcel(page, '顺丰速运', 'SF1234567890');

    await adminPost(`/api/admin/aftersales/${aftersaleNo}/receive`, { restock: true });
    await queuesDrained(app.services); // the refund job and the sandbox's REFUND notification
    await openAftersale(page, app.url, aftersaleNo);
    await aftersaleStatusIs(page, '已退款');
    // one unit of one line comes back: what the page says is what the payment refunded, less than the order
    const refundedFen = Number((await paymentOf(orderNo, 'wechatpay')).refundedFen);
    expect(refundedFen).toBeGreaterThan(0);
    expect(refundedFen).toBeLessThan(Number(order.paidFen));
    const refundText = (await visible(page, '.e2e-aftersale-refund').first().textContent()) ?? '';
    expect(refundText).toContain((refundedFen / 100).toFixed(2));
    // the order's after-sales list shows the refund too
    await openOrderDetail(page, app.url, orderNo);
    await click(visible(page, '.e2e-order-aftersales').first());
    await visible(page, `.e2e-aftersale-${aftersaleNo} .e2e-aftersale-status`)
      .filter({ hasText: '已退款' })
      .first()
      .waitFor({ state: 'visible', timeout: WAIT_MS });
  });
});

test('the same purchase paid in the Alipay sandbox cashier comes back to 支付成功', async () => {
  await withPage('lifecycle-alipay', async (page) => {
    await buyNowToPayStep(page, app.url);
    await chooseChannel(page, 'alipay');
    // the browser leaves for the sandbox's cashier page, pays, and is sent back to the pay-result page
    await click(page.locator('#alipay-sandbox-pay'));
    const orderNo = await paySucceeded(page);
    expect(await paymentOf(orderNo, 'alipay')).toMatchObject({ orderStatus: 'paid', paymentStatus: 'succeeded' });
    const events = await app.query(
      "SELECT e.actor FROM order_events e JOIN orders o ON o.id = e.order_id WHERE o.order_no = ? AND e.to_status = 'paid'",
      [orderNo],
    );
    expect(events).toEqual([{ actor: expect.stringMatching(/^alipay/) }]);
  });
});

test('a bank transfer: the page shows account and reference, takes the proof, and is paid after two admins', async () => {
  await createAdmin('finance-e2e', 'finance-e2e-password', 'super_admin');
  const second = (
    await app.http('POST', '/api/admin/auth/login', {
      body: { username: 'finance-e2e', password: 'finance-e2e-password' },
    })
  ).body.token as string;

  await withPage('lifecycle-offline', async (page) => {
    await buyNowToPayStep(page, app.url);
    await chooseChannel(page, 'offline');
    const shown = await readTransferPage(page);
    await transferStatusIs(page, '待上传转账凭证');
    const [{ order_no: orderNo }] = await app.query(
      "SELECT o.order_no FROM orders o JOIN payments p ON p.order_id = o.id WHERE p.channel = 'offline'",
    );
    const [transfer] = await app.query(
      'SELECT t.reference FROM offline_transfers t JOIN payments p ON p.id = t.payment_id JOIN orders o ON o.id = p.order_id WHERE o.order_no = ?',
      [orderNo],
    );
    expect(shown.reference).toBe(transfer.reference);
    expect(shown.accountNo).toMatch(/\d{4}/);

    await uploadTransferProof(page, { name: 'receipt.png', mimeType: 'image/png', buffer: PNG });
    await transferStatusIs(page, '等待商家确认到账');

    const { paymentId } = await paymentOf(orderNo, 'offline');
    await adminPost(`/api/admin/payments/${paymentId}/offline/confirm`);
    await transferStatusIs(page, '商家复核中', true);
    expect((await paymentOf(orderNo, 'offline')).orderStatus).toBe('pending_payment');
    await adminPost(`/api/admin/payments/${paymentId}/offline/confirm`, undefined, second);
    await transferStatusIs(page, '已确认到账', true);
    expect(await paymentOf(orderNo, 'offline')).toMatchObject({ orderStatus: 'paid', paymentStatus: 'succeeded' });
  });
});
