import { generateKeyPairSync } from 'node:crypto';
import { signNotificationForTest } from '../src/integrations/wechatpay';
import { createProduct, placeOrder } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

function platformSigner() {
  const keys = app.services.sandboxKeys!;
  return {
    platformPrivateKeyPem: keys.platformPrivateKeyPem,
    serial: keys.platformPublicKeyId,
    apiV3Key: keys.apiV3Key,
  };
}

function transaction(orderNo: string, totalFen: number, overrides: Record<string, unknown> = {}) {
  const cfg = app.config.wechatpay;
  return {
    appid: cfg.appId,
    mchid: cfg.mchId,
    out_trade_no: orderNo,
    transaction_id: `42000${orderNo}`,
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    bank_type: 'OTHERS',
    attach: '',
    success_time: new Date().toISOString(),
    payer: { openid: 'payer-openid' },
    amount: { total: totalFen, payer_total: totalFen, currency: 'CNY', payer_currency: 'CNY' },
    ...overrides,
  };
}

/** An order with its payment row created by a real prepay, waiting for money. */
async function pendingOrder(openid: string) {
  const product = await createProduct(app, { priceFen: 1234, stock: 10 });
  const { token } = await app.loginMember(openid);
  const order = await placeOrder(app, token, product.skus[0].id);
  const prepay = await app.http('POST', '/api/payments/wechat/prepay', { token, body: { orderNo: order.orderNo } });
  expect(prepay.status).toBe(200);
  return order;
}

const post = (n: { headers: Record<string, string>; rawBody: string }) =>
  app.http('POST', '/api/payments/wechat/notify', {
    body: n.rawBody,
    headers: { 'content-type': 'application/json', ...n.headers },
  });

async function orderState(orderNo: string) {
  const [row] = await app.query(
    'SELECT o.status AS orderStatus, p.status AS paymentStatus FROM orders o JOIN payments p ON p.order_id = o.id WHERE o.order_no = ?',
    [orderNo],
  );
  return row;
}

const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

describe('a notification that must not be trusted changes nothing and gets {"code":"FAIL"}', () => {
  const cases: [string, (orderNo: string, totalFen: number) => { headers: Record<string, string>; rawBody: string }][] =
    [
      [
        'a bad signature',
        (no, fen) =>
          signNotificationForTest({
            keys: { ...platformSigner(), platformPrivateKeyPem: stranger },
            resource: transaction(no, fen),
          }),
      ],
      [
        'a stale timestamp',
        (no, fen) =>
          signNotificationForTest({
            keys: platformSigner(),
            resource: transaction(no, fen),
            timestampSec: Math.floor(Date.now() / 1000) - 301,
          }),
      ],
      [
        'a tampered ciphertext',
        (no, fen) =>
          signNotificationForTest({ keys: platformSigner(), resource: transaction(no, fen), tamper: 'ciphertext' }),
      ],
      [
        'a tampered GCM tag',
        (no, fen) => signNotificationForTest({ keys: platformSigner(), resource: transaction(no, fen), tamper: 'tag' }),
      ],
      [
        'a body changed after signing',
        (no, fen) =>
          signNotificationForTest({ keys: platformSigner(), resource: transaction(no, fen), tamper: 'body' }),
      ],
      [
        'a WECHATPAY/SIGNTEST/ probe',
        (no, fen) => {
          const n = signNotificationForTest({ keys: platformSigner(), resource: transaction(no, fen) });
          return {
            ...n,
            headers: { ...n.headers, 'Wechatpay-Signature': `WECHATPAY/SIGNTEST/${n.headers['Wechatpay-Signature']}` },
          };
        },
      ],
      [
        'an unknown serial',
        (no, fen) =>
          signNotificationForTest({
            keys: { ...platformSigner(), serial: 'PUB_KEY_ID_0000000000000000000000000000' },
            resource: transaction(no, fen),
          }),
      ],
      [
        'a wrong amount',
        (no, fen) => signNotificationForTest({ keys: platformSigner(), resource: transaction(no, fen - 1) }),
      ],
      [
        'a foreign mchid',
        (no, fen) =>
          signNotificationForTest({ keys: platformSigner(), resource: transaction(no, fen, { mchid: '1900000000' }) }),
      ],
      [
        'a foreign appid',
        (no, fen) =>
          signNotificationForTest({
            keys: platformSigner(),
            resource: transaction(no, fen, { appid: 'wx0000000000000000' }),
          }),
      ],
      [
        'an unknown out_trade_no',
        (_no, fen) =>
          signNotificationForTest({ keys: platformSigner(), resource: transaction('20990101000000000000', fen) }),
      ],
    ];

  test.each(cases)('%s', async (_name, make) => {
    const order = await pendingOrder(`suspicious-${_name.replace(/\W+/g, '-')}`);
    const res = await post(make(order.orderNo, order.payableFen));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.body).toMatchObject({ code: 'FAIL', message: expect.any(String) });
    expect(await orderState(order.orderNo)).toEqual({ orderStatus: 'pending_payment', paymentStatus: 'pending' });
    const events = await app.query(
      'SELECT COUNT(*) AS n FROM order_events e JOIN orders o ON o.id = e.order_id WHERE o.order_no = ?',
      [order.orderNo],
    );
    expect(Number(events[0].n)).toBe(1);
  });
});

test('20 concurrent copies of a valid notification give exactly one paid transition and twenty acknowledgements', async () => {
  const order = await pendingOrder('concurrent-payer');
  const notification = signNotificationForTest({
    keys: platformSigner(),
    resource: transaction(order.orderNo, order.payableFen),
  });
  const answers = await Promise.all(Array.from({ length: 20 }, () => post(notification)));
  expect(answers.map((a) => a.status)).toEqual(Array(20).fill(204));
  expect(await orderState(order.orderNo)).toEqual({ orderStatus: 'paid', paymentStatus: 'succeeded' });
  const transitions = await app.query(
    "SELECT COUNT(*) AS n FROM order_events e JOIN orders o ON o.id = e.order_id WHERE o.order_no = ? AND e.to_status = 'paid'",
    [order.orderNo],
  );
  expect(Number(transitions[0].n)).toBe(1);
  // and a copy arriving a day later is still acknowledged, still without a change
  const late = await post(
    signNotificationForTest({ keys: platformSigner(), resource: transaction(order.orderNo, order.payableFen) }),
  );
  expect(late.status).toBe(204);
});

test('a notification signed in certificate mode (serial of the platform certificate) is accepted too', async () => {
  const keys = app.services.sandboxKeys!;
  const order = await pendingOrder('cert-mode-payer');
  const certSigned = signNotificationForTest({
    keys: {
      platformPrivateKeyPem: keys.platformPrivateKeyPem,
      serial: keys.platformCertificateSerialNo,
      apiV3Key: keys.apiV3Key,
    },
    resource: transaction(order.orderNo, order.payableFen),
  });
  expect((await post(certSigned)).status).toBe(204);
  expect(await orderState(order.orderNo)).toEqual({ orderStatus: 'paid', paymentStatus: 'succeeded' });
});
