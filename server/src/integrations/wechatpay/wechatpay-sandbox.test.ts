import { createVerify, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import {
  NotifyRejected,
  WechatPayApiError,
  checkTransactionMatches,
  createWechatPayGateway,
  createWechatPaySandboxRouter,
  ensureSandboxKeys,
  verifyNotification,
  type VerifiedNotification,
  type WechatPayConfig,
} from '.';

const keys = ensureSandboxKeys(fs.mkdtempSync(path.join(os.tmpdir(), 'wechatpay-sandbox-')));
const received: VerifiedNotification[] = [];
let server: Server;
let origin: string;
let cfg: WechatPayConfig;

beforeAll(async () => {
  const app = new Koa();
  app.use(bodyParser());
  app.use(createWechatPaySandboxRouter({ keys }).routes());
  // A tiny merchant endpoint: verify, record, acknowledge with 204; refuse with 4xx and {code:'FAIL'}.
  app.use(async (ctx, next) => {
    if (ctx.path === '/refusing-notify') {
      ctx.status = 500;
      ctx.body = { code: 'FAIL', message: 'busy' };
      return;
    }
    if (ctx.path !== '/api/payments/wechat/notify') return next();
    try {
      received.push(verifyNotification(cfg, { headers: ctx.headers, rawBody: ctx.request.rawBody }));
      ctx.status = 204;
    } catch (error) {
      if (!(error instanceof NotifyRejected)) throw error;
      ctx.status = 401;
      ctx.body = { code: 'FAIL', message: error.reason };
    }
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cfg = {
    appId: keys.appId,
    mchId: keys.mchId,
    merchantSerialNo: keys.merchantSerialNo,
    merchantPrivateKeyPem: keys.merchantPrivateKeyPem,
    apiV3Key: keys.apiV3Key,
    platformPublicKeys: [{ id: keys.platformPublicKeyId, pem: keys.platformPublicKeyPem }],
    platformCertificates: [],
    baseUrl: `${origin}/sandbox/wechatpay`,
    notifyUrl: `${origin}/api/payments/wechat/notify`,
  };
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

const newOutTradeNo = () => `T${Date.now()}${randomBytes(4).toString('hex')}`;
const inAnHour = () => new Date(Date.now() + 3600_000);

async function confirm(prepayId: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${origin}/sandbox/wechatpay/confirm`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ prepayId }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function rejection(promise: Promise<unknown>): Promise<WechatPayApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WechatPayApiError);
  return error as WechatPayApiError;
}

test('prepay, pay at the cashier, receive a verified TRANSACTION.SUCCESS, query SUCCESS', async () => {
  const gateway = createWechatPayGateway(cfg);
  const outTradeNo = newOutTradeNo();
  const { prepayId } = await gateway.jsapiPrepay({
    outTradeNo,
    description: '测试商品',
    amountFen: 1230,
    openid: 'o-buyer-1',
    expiresAt: inAnHour(),
    attach: 'order:42',
  });
  expect(prepayId).toMatch(/^wx/);
  expect(await gateway.queryByOutTradeNo(outTradeNo)).toEqual(expect.objectContaining({ tradeState: 'NOTPAY' }));

  const paid = await confirm(prepayId);
  expect(paid).toEqual({ status: 200, body: { transactionId: expect.stringMatching(/^\d{28}$/), notified: true } });
  const notice = received.find((n) => n.resource.out_trade_no === outTradeNo);
  expect(notice).toMatchObject({ eventType: 'TRANSACTION.SUCCESS', resourceType: 'encrypt-resource' });
  expect(notice?.resource).toMatchObject({
    trade_state: 'SUCCESS',
    trade_type: 'JSAPI',
    transaction_id: paid.body.transactionId,
    attach: 'order:42',
    payer: { openid: 'o-buyer-1' },
    amount: { total: 1230, payer_total: 1230, currency: 'CNY', payer_currency: 'CNY' },
  });
  expect(checkTransactionMatches(cfg, notice!.resource, { outTradeNo, amountFen: 1230 })).toBeNull();

  expect(await gateway.queryByOutTradeNo(outTradeNo)).toEqual({
    tradeState: 'SUCCESS',
    transactionId: paid.body.transactionId,
    amountFen: 1230,
    payerOpenid: 'o-buyer-1',
    successTime: expect.stringMatching(/\+08:00$/),
  });

  const again = await confirm(prepayId);
  expect(again.body.transactionId).toBe(paid.body.transactionId); // one transaction, notification repeated
  const copies = received.filter((n) => n.resource.out_trade_no === outTradeNo);
  expect(new Set(copies.map((n) => n.id)).size).toBe(1);
  expect(
    (
      await rejection(
        gateway.jsapiPrepay({
          outTradeNo,
          description: '测试商品',
          amountFen: 1230,
          openid: 'o-buyer-1',
          expiresAt: inAnHour(),
        }),
      )
    ).code,
  ).toBe('ORDERPAID');
});

test('a repeated prepay returns the same prepay_id; changed parameters are refused', async () => {
  const gateway = createWechatPayGateway(cfg);
  const order = { outTradeNo: newOutTradeNo(), description: 'x', amountFen: 100, openid: 'o-2', expiresAt: inAnHour() };
  const first = await gateway.jsapiPrepay(order);
  expect(await gateway.jsapiPrepay(order)).toEqual(first);
  const changed = await rejection(gateway.jsapiPrepay({ ...order, amountFen: 101 }));
  expect([changed.httpStatus, changed.code]).toEqual([400, 'INVALID_REQUEST']);
});

test('closing an unpaid order: query says CLOSED and the cashier refuses it; unknown orders query as null', async () => {
  const gateway = createWechatPayGateway(cfg);
  const outTradeNo = newOutTradeNo();
  const { prepayId } = await gateway.jsapiPrepay({
    outTradeNo,
    description: 'x',
    amountFen: 1,
    openid: 'o-3',
    expiresAt: inAnHour(),
  });
  await gateway.close(outTradeNo);
  expect((await gateway.queryByOutTradeNo(outTradeNo))?.tradeState).toBe('CLOSED');
  expect((await confirm(prepayId)).body.code).toBe('ORDERCLOSED');
  expect(await gateway.queryByOutTradeNo(newOutTradeNo())).toBeNull();
});

test('a request signed with the wrong merchant key is refused 401 SIGN_ERROR', async () => {
  const forger = createWechatPayGateway({ ...cfg, merchantPrivateKeyPem: keys.platformPrivateKeyPem });
  const refused = await rejection(forger.queryByOutTradeNo(newOutTradeNo()));
  expect([refused.httpStatus, refused.code]).toEqual([401, 'SIGN_ERROR']);

  const unsigned = await fetch(
    `${cfg.baseUrl}/v3/pay/transactions/out-trade-no/${newOutTradeNo()}?mchid=${keys.mchId}`,
  );
  expect(unsigned.status).toBe(401);
  expect(await unsigned.json()).toMatchObject({ code: 'SIGN_ERROR' });
});

test('answers not signed by a known platform key are not trusted', async () => {
  const misconfigured = createWechatPayGateway({
    ...cfg,
    platformPublicKeys: [{ id: 'PUB_KEY_ID_OTHER', pem: keys.platformPublicKeyPem }],
  });
  const order = { outTradeNo: newOutTradeNo(), description: 'x', amountFen: 5, openid: 'o-5', expiresAt: inAnHour() };
  expect((await rejection(misconfigured.jsapiPrepay(order))).code).toBe('RESPONSE_UNKNOWN_SERIAL');
});

test('a notify endpoint that does not acknowledge leaves notified false', async () => {
  const gateway = createWechatPayGateway({ ...cfg, notifyUrl: `${origin}/refusing-notify` });
  const { prepayId } = await gateway.jsapiPrepay({
    outTradeNo: newOutTradeNo(),
    description: 'x',
    amountFen: 5,
    openid: 'o-4',
    expiresAt: inAnHour(),
  });
  expect((await confirm(prepayId)).body).toMatchObject({ notified: false });
});

test('requestPaymentParams are signed with the merchant key over appId, timeStamp, nonceStr, package', () => {
  const params = createWechatPayGateway(cfg).requestPaymentParams('wx2026prepay');
  expect(params).toMatchObject({ appId: keys.appId, package: 'prepay_id=wx2026prepay', signType: 'RSA' });
  const message = `${params.appId}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`;
  expect(createVerify('RSA-SHA256').update(message).verify(keys.merchantCertificatePem, params.paySign, 'base64')).toBe(
    true,
  );
});

test('sandbox keys are reused from their directory and kept private', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wechatpay-keys-'));
  const generated = ensureSandboxKeys(dir);
  // reused, not made again: the second call answers the same keys and rewrites no file (no clock involved)
  const written = Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.statSync(path.join(dir, f)).mtimeMs]));
  expect(ensureSandboxKeys(dir)).toEqual(generated);
  expect(Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.statSync(path.join(dir, f)).mtimeMs]))).toEqual(
    written,
  );
  expect(generated.apiV3Key).toHaveLength(32);
  expect(generated.platformPublicKeyId).toMatch(/^PUB_KEY_ID_/);
  for (const file of fs.readdirSync(dir)) expect(fs.statSync(path.join(dir, file)).mode & 0o077).toBe(0);
});

test('certificate mode: the sandbox signs with the platform certificate serial and the merchant verifies it', async () => {
  const app = new Koa();
  app.use(bodyParser());
  app.use(createWechatPaySandboxRouter({ keys, platformSerialMode: 'certificate' }).routes());
  const serials: string[] = [];
  let certCfg: WechatPayConfig | undefined;
  app.use(async (ctx) => {
    serials.push(ctx.get('Wechatpay-Serial'));
    verifyNotification(certCfg!, { headers: ctx.headers, rawBody: ctx.request.rawBody });
    ctx.status = 200;
  });
  const certServer = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => certServer.once('listening', resolve));
  const certOrigin = `http://127.0.0.1:${(certServer.address() as AddressInfo).port}`;
  try {
    certCfg = {
      ...cfg,
      platformPublicKeys: [],
      platformCertificates: [{ serialNo: keys.platformCertificateSerialNo, pem: keys.platformCertificatePem }],
      baseUrl: `${certOrigin}/sandbox/wechatpay`,
      notifyUrl: `${certOrigin}/notify`,
    };
    const order = { outTradeNo: newOutTradeNo(), description: 'x', amountFen: 7, openid: 'o-6', expiresAt: inAnHour() };
    const { prepayId } = await createWechatPayGateway(certCfg).jsapiPrepay(order);
    const response = await fetch(`${certOrigin}/sandbox/wechatpay/confirm`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ prepayId }),
    });
    expect(await response.json()).toMatchObject({ notified: true });
    expect(serials).toEqual([keys.platformCertificateSerialNo]);
  } finally {
    await new Promise((resolve) => certServer.close(resolve));
  }
});
