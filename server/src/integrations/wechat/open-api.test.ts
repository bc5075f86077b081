import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import {
  createStableAccessToken,
  createSubscribeMessageClient,
  createWechatOpenApiSandboxRouter,
  createWechatPhoneSandboxRouter,
  createWxacodeClient,
  WechatApiError,
  type WechatConfig,
} from '.';

const appId = 'wx1234567890abcdef';
const appSecret = 'sandbox-secret-0123456789abcdef';
let server: Server;
let origin: string;
let cfg: WechatConfig;

beforeAll(async () => {
  const app = new Koa();
  app.use(bodyParser());
  app.use(createWechatPhoneSandboxRouter({ appId, appSecret }).routes()); // issues the access tokens
  app.use(createWechatOpenApiSandboxRouter().routes());
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cfg = { appId, appSecret, apiBaseUrl: `${origin}/sandbox/wechat` };
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

async function failure(promise: Promise<unknown>): Promise<WechatApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WechatApiError);
  expect((error as Error).message).not.toContain(appSecret);
  return error as WechatApiError;
}

test('a token the sandbox never issued is refused with 40001', async () => {
  const tokens = { get: async () => 'made-up-token', invalidate: () => undefined };
  const client = createWxacodeClient(cfg, tokens);
  expect((await failure(client.getUnlimited({ scene: 'i=ABCD', page: 'pages/index/index' }))).errcode).toBe(40001);
});

test('wxacode.getUnlimited answers a PNG for a valid scene', async () => {
  const client = createWxacodeClient(cfg, createStableAccessToken(cfg));
  const png = await client.getUnlimited({ scene: 'i=ABCDEFGH&s=abc234&p=12', page: 'pages/product/index' });
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
});

test('wxacode errcodes become WechatApiError: a too long scene (40169), an unpublished page (41030)', async () => {
  const client = createWxacodeClient(cfg, createStableAccessToken(cfg));
  expect((await failure(client.getUnlimited({ scene: 'x'.repeat(33), page: 'pages/index/index' }))).errcode).toBe(
    40169,
  );
  expect((await failure(client.getUnlimited({ scene: 'i=AB', page: '../etc/passwd' }))).errcode).toBe(41030);
});

test('a stale access token is refreshed once and the call goes through', async () => {
  const real = createStableAccessToken(cfg);
  let isStale = true;
  const tokens = {
    get: async () => (isStale ? 'stale-token' : real.get()),
    invalidate: () => {
      isStale = false;
    },
  };
  const png = await createWxacodeClient(cfg, tokens).getUnlimited({ scene: 'i=ABCD', page: 'pages/index/index' });
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(isStale).toBe(false);
});

test('a subscribe message without a grant is refused with 43101 and reported as refused, not thrown', async () => {
  const client = createSubscribeMessageClient(cfg, createStableAccessToken(cfg));
  const message = { toOpenid: 'o-sub-1', templateId: 'tpl-1', data: { thing1: '你好' } };
  expect(await client.send(message)).toEqual({ sent: false, refused: true, errcode: 43101 });

  await fetch(`${origin}/sandbox/wechat/subscribe-grants`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ openid: 'o-sub-1', templateId: 'tpl-1' }),
  });
  expect(await client.send(message)).toEqual({ sent: true });
  expect(await client.send(message)).toMatchObject({ refused: true }); // one accept, one message

  const received = (await (await fetch(`${origin}/sandbox/wechat/subscribe-messages?openid=o-sub-1`)).json()) as {
    items: { outcome: string; data: unknown }[];
  };
  expect(received.items.map((r) => r.outcome)).toEqual(['refused', 'sent', 'refused']);
  expect(received.items[1].data).toEqual({ thing1: { value: '你好' } });
});

test('an unreachable WeChat is a WechatApiError that does not quote the URL or token', async () => {
  const offline = { ...cfg, apiBaseUrl: 'http://127.0.0.1:1' };
  const error = await failure(createStableAccessToken(offline).get());
  expect(error.errcode).toBe(-2);
  expect(error.message).not.toContain('127.0.0.1');
});
