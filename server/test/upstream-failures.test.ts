import { z } from 'zod';
import { access, defineRoute } from '@mall/shared';
import { createWechatClient } from '../src/integrations/wechat';
import { createProduct, placeOrder } from './support/fixtures';
import { freePort, startTestApp, type TestApp } from './support/test-app';

let app: TestApp;
let closedUrl: string;
beforeAll(async () => {
  closedUrl = `http://127.0.0.1:${await freePort()}`; // nothing listens there: connection refused
  app = await startTestApp({ WECHATPAY_BASE_URL: `${closedUrl}/wechatpay` });
});
afterAll(() => app.stop());

test('WeChat Pay unreachable: the member gets 502 WECHATPAY_UNAVAILABLE, not 500, and the order stays payable', async () => {
  const product = await createProduct(app);
  const { token } = await app.loginMember('pay-when-down');
  const order = await placeOrder(app, token, product.skus[0].id);
  const prepay = await app.http('POST', '/api/payments/wechat/prepay', { token, body: { orderNo: order.orderNo } });
  expect(prepay.status).toBe(502);
  expect(prepay.body.error).toMatchObject({ code: 'WECHATPAY_UNAVAILABLE' });
  expect(prepay.text).not.toContain('127.0.0.1'); // where we call stays in the log
  const after = await app.http('GET', `/api/orders/${order.orderNo}`, { token });
  expect(after.body.status).toBe('pending_payment');
});

test('a WeChat API failure a handler does not catch answers 502 WECHAT_UNAVAILABLE', async () => {
  const down = createWechatClient({ appId: 'wx-test', appSecret: 'secret-test', apiBaseUrl: closedUrl });
  app.api.add(
    defineRoute({
      method: 'GET',
      path: '/api/test/wechat-down',
      summary: 'test-only: calls WeChat at a closed port',
      tags: ['test'],
      access: access.public,
      response: z.object({ openid: z.string() }),
    }),
    async () => ({ openid: (await down.code2Session('any-code')).openid }),
  );
  const res = await app.http('GET', '/api/test/wechat-down');
  expect(res.status).toBe(502);
  expect(res.body.error).toMatchObject({ code: 'WECHAT_UNAVAILABLE' });
  expect(res.text).not.toContain('secret-test');
});

test('WeChat unreachable at login: 502 WECHAT_UNAVAILABLE (a bad code stays 401 INVALID_LOGIN_CODE)', async () => {
  const loginDown = await startTestApp({ WECHAT_API_BASE_URL: closedUrl });
  try {
    const { body: issued } = await loginDown.http('POST', '/sandbox/wechat/js-code', {
      body: { openid: 'login-down' },
    });
    const res = await loginDown.http('POST', '/api/auth/wechat-login', { body: { code: issued.code } });
    expect(res.status).toBe(502);
    expect(res.body.error).toMatchObject({ code: 'WECHAT_UNAVAILABLE' });
    expect(await loginDown.query("SELECT id FROM members WHERE openid = 'login-down'")).toEqual([]);
  } finally {
    await loginDown.stop();
  }
  const bad = await app.http('POST', '/api/auth/wechat-login', { body: { code: 'never-issued' } });
  expect(bad.status).toBe(401);
  expect(bad.body.error).toMatchObject({ code: 'INVALID_LOGIN_CODE', field: 'code' });
});
