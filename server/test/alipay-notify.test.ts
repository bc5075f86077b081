import { generateKeyPairSync } from 'node:crypto';
import { signNotificationForm } from '../src/integrations/alipay';
import { orderAndPayment, startAlipay, unpaidOrder } from './support/payments';
import { startTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

const alipayKey = () => app.services.alipaySandboxKeys!.alipayPrivateKeyPem;
const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

function notification(outTradeNo: string, totalFen: number, overrides: Record<string, string> = {}) {
  const cfg = app.config.alipay!;
  return {
    notify_time: '2026-12-01 10:00:00',
    notify_type: 'trade_status_sync',
    notify_id: `n${Date.now()}`,
    app_id: cfg.appId,
    charset: 'utf-8',
    version: '1.0',
    trade_no: `2026120122001${outTradeNo.slice(-15)}`,
    out_trade_no: outTradeNo,
    seller_id: cfg.sellerId,
    trade_status: 'TRADE_SUCCESS',
    total_amount: (totalFen / 100).toFixed(2),
    subject: '订单 含%符号 & 空格',
    gmt_payment: '2026-12-01 09:59:58',
    ...overrides,
  };
}

const post = (form: Record<string, string>) =>
  app.http('POST', '/api/payments/alipay/notify', {
    body: new URLSearchParams(form).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

async function pendingAlipayOrder(openid: string) {
  const { token, order } = await unpaidOrder(app, openid);
  const outTradeNo = await startAlipay(app, token, order.orderNo);
  return { token, order, outTradeNo };
}

test('a buyer pays through the Alipay sandbox and the order turns paid only through the signed notification', async () => {
  const { token, order, outTradeNo } = await pendingAlipayOrder('alipay-happy');
  expect(await orderAndPayment(app, order.orderNo, 'alipay')).toMatchObject({
    orderStatus: 'pending_payment',
    paymentStatus: 'pending',
  });
  const paid = await app.http('POST', '/sandbox/alipay/pay', { body: { outTradeNo } });
  expect(paid.body).toMatchObject({ notified: true });
  expect(await orderAndPayment(app, order.orderNo, 'alipay')).toMatchObject({
    orderStatus: 'paid',
    paymentStatus: 'succeeded',
  });
  const mine = await app.http('GET', `/api/payments/orders/${order.orderNo}`, { token });
  expect(mine.body.items).toEqual([
    expect.objectContaining({ channel: 'alipay', status: 'succeeded', transactionId: paid.body.tradeNo }),
  ]);
});

test('H5: the signed wap.pay URL opens the sandbox cashier, whose confirmation pays the order', async () => {
  const { token, order } = await unpaidOrder(app, 'alipay-wap');
  const start = await app.http('POST', '/api/payments/alipay/pay', {
    token,
    body: { orderNo: order.orderNo, mode: 'wap', returnUrl: 'http://127.0.0.1:9/return' },
  });
  expect(start.status).toBe(200);
  const cashier = await fetch(start.body.payUrl);
  expect(cashier.status).toBe(200);
  expect(await cashier.text()).toContain('确认付款');
  const confirm = await fetch(`${app.url}/sandbox/alipay/cashier`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ out_trade_no: start.body.outTradeNo }).toString(),
    redirect: 'manual',
  });
  expect(confirm.status).toBe(302);
  expect(confirm.headers.get('location')).toMatch(/^http:\/\/127\.0\.0\.1:9\/return\?out_trade_no=/);
  expect((await orderAndPayment(app, order.orderNo, 'alipay')).orderStatus).toBe('paid');
});

test('20 concurrent copies of a valid notification make one paid transition and twenty "success" answers', async () => {
  const { order, outTradeNo } = await pendingAlipayOrder('alipay-dup');
  const form = signNotificationForm(notification(outTradeNo, order.payableFen), alipayKey());
  const answers = await Promise.all(Array.from({ length: 20 }, () => post(form)));
  expect(answers.map((a) => a.text)).toEqual(Array(20).fill('success'));
  const [{ n }] = await app.query(
    "SELECT COUNT(*) AS n FROM order_events e JOIN orders o ON o.id = e.order_id WHERE o.order_no = ? AND e.to_status = 'paid'",
    [order.orderNo],
  );
  expect(Number(n)).toBe(1);
});

describe('a notification that must not be trusted changes nothing and is not acknowledged', () => {
  const cases: [string, (no: string, fen: number) => Record<string, string>][] = [
    [
      'a bad signature',
      (no, fen) => ({ ...signNotificationForm(notification(no, fen), alipayKey()), sign: 'AAAA' + 'B'.repeat(340) }),
    ],
    ['a wrong key', (no, fen) => signNotificationForm(notification(no, fen), stranger)],
    [
      'a tampered body',
      (no, fen) => ({ ...signNotificationForm(notification(no, fen), alipayKey()), subject: 'changed after signing' }),
    ],
    ['a wrong amount', (no, fen) => signNotificationForm(notification(no, fen - 1), alipayKey())],
    [
      'a foreign seller_id',
      (no, fen) => signNotificationForm(notification(no, fen, { seller_id: '2088000000000000' }), alipayKey()),
    ],
    [
      'a foreign app_id',
      (no, fen) => signNotificationForm(notification(no, fen, { app_id: '2021000000000000' }), alipayKey()),
    ],
    [
      'an unknown out_trade_no',
      (_no, fen) => signNotificationForm(notification('20990101000000000000AL', fen), alipayKey()),
    ],
  ];
  test.each(cases)('%s', async (name, make) => {
    const { order, outTradeNo } = await pendingAlipayOrder(`alipay-bad-${name.replace(/\W+/g, '-')}`);
    const res = await post(make(outTradeNo, order.payableFen));
    expect(res.text).not.toBe('success');
    expect(await orderAndPayment(app, order.orderNo, 'alipay')).toMatchObject({
      orderStatus: 'pending_payment',
      paymentStatus: 'pending',
    });
  });
});

test('WAIT_BUYER_PAY is acknowledged and pays nothing; TRADE_FINISHED pays', async () => {
  const { order, outTradeNo } = await pendingAlipayOrder('alipay-states');
  const waiting = await post(
    signNotificationForm(notification(outTradeNo, order.payableFen, { trade_status: 'WAIT_BUYER_PAY' }), alipayKey()),
  );
  expect(waiting.text).toBe('success');
  expect((await orderAndPayment(app, order.orderNo, 'alipay')).orderStatus).toBe('pending_payment');
  const finished = await post(
    signNotificationForm(notification(outTradeNo, order.payableFen, { trade_status: 'TRADE_FINISHED' }), alipayKey()),
  );
  expect(finished.text).toBe('success');
  expect((await orderAndPayment(app, order.orderNo, 'alipay')).orderStatus).toBe('paid');
});

test("a member cannot read or pay another member's order through Alipay (404)", async () => {
  const { order } = await unpaidOrder(app, 'alipay-owner');
  const { token: other } = await app.loginMember('alipay-stranger');
  const read = await app.http('GET', `/api/payments/orders/${order.orderNo}`, { token: other });
  expect(read.status).toBe(404);
  const pay = await app.http('POST', '/api/payments/alipay/pay', {
    token: other,
    body: { orderNo: order.orderNo, mode: 'miniprogram', buyerOpenId: 'x' },
  });
  expect(pay.status).toBe(404);
  const offline = await app.http('POST', '/api/payments/offline/start', {
    token: other,
    body: { orderNo: order.orderNo },
  });
  expect(offline.status).toBe(404);
});
