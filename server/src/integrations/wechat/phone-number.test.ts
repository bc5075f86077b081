import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import {
  PHONE_CODE_TTL_MS,
  WATERMARK_MISMATCH_ERRCODE,
  WechatApiError,
  createStableAccessToken,
  createWechatPhoneClient,
  createWechatPhoneSandboxRouter,
  wechatSandboxState,
  type WechatConfig,
} from '.';

const appId = 'wx1234567890abcdef';
const appSecret = 'sandbox-secret-0123456789abcdef';
let server: Server;
let cfg: WechatConfig;
let origin: string;

beforeAll(async () => {
  const app = new Koa();
  app.use(bodyParser());
  app.use(createWechatPhoneSandboxRouter({ appId, appSecret }).routes());
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cfg = { appId, appSecret, apiBaseUrl: `${origin}/sandbox/wechat` };
});

afterEach(() => (wechatSandboxState.clockOffsetMs = 0));
afterAll(() => new Promise((resolve) => server.close(resolve)));

async function phoneCode(phone: string, extra: Record<string, unknown> = {}): Promise<string> {
  const response = await fetch(`${origin}/sandbox/wechat/phone-code`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ phone, ...extra }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { code: string }).code;
}

async function failure(promise: Promise<unknown>): Promise<WechatApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WechatApiError);
  const message = (error as Error).message;
  expect(message).not.toContain(appSecret);
  for (const token of wechatSandboxState.issuedAccessTokens) expect(message).not.toContain(token);
  return error as WechatApiError;
}

test('a phone code gives the number once; its replay is refused with 40029', async () => {
  const client = createWechatPhoneClient(cfg);
  const code = await phoneCode('13800138000');
  expect(await client.getPhoneNumber(code)).toEqual({
    phoneNumber: '13800138000',
    purePhoneNumber: '13800138000',
    countryCode: '86',
    watermarkTimestamp: expect.any(Number),
  });
  expect((await failure(client.getPhoneNumber(code))).errcode).toBe(40029);
});

test('a phone code expires after 5 minutes', async () => {
  const client = createWechatPhoneClient(cfg);
  const fresh = await phoneCode('13800138001');
  const stale = await phoneCode('13800138002');
  wechatSandboxState.clockOffsetMs = PHONE_CODE_TTL_MS - 1_000;
  expect((await client.getPhoneNumber(fresh)).purePhoneNumber).toBe('13800138001');
  wechatSandboxState.clockOffsetMs = PHONE_CODE_TTL_MS;
  expect((await failure(client.getPhoneNumber(stale))).errcode).toBe(40029);
});

test('a watermark naming another appid is refused', async () => {
  const code = await phoneCode('13800138003', { watermarkAppId: 'wx0000000000000000' });
  expect((await failure(createWechatPhoneClient(cfg).getPhoneNumber(code))).errcode).toBe(WATERMARK_MISMATCH_ERRCODE);
});

test('the access_token is fetched once and reused until it expires, then renewed', async () => {
  let now = Date.now();
  const source = createStableAccessToken(cfg, () => now);
  const [a, b] = await Promise.all([source.get(), source.get()]);
  expect(a).toBe(b);
  expect(await source.get()).toBe(a);
  now += 7200 * 1000;
  wechatSandboxState.clockOffsetMs = 7200 * 1000;
  const renewed = await source.get();
  expect(renewed).not.toBe(a);
});

test('a stale cached access_token is replaced once and the call still succeeds', async () => {
  const source = createStableAccessToken(cfg);
  await source.get();
  wechatSandboxState.clockOffsetMs = 7200 * 1000; // the sandbox sees the token expired; our cache does not yet
  const code = await phoneCode('13800138004');
  expect((await createWechatPhoneClient(cfg, source).getPhoneNumber(code)).purePhoneNumber).toBe('13800138004');
});

test('a wrong AppSecret is refused without echoing it', async () => {
  const client = createWechatPhoneClient({ ...cfg, appSecret: 'wrong-secret' });
  expect((await failure(client.getPhoneNumber(await phoneCode('13800138005')))).errcode).toBe(40125);
});

test('an unreachable WeChat is a WechatApiError that does not quote the URL', async () => {
  const offline = createWechatPhoneClient({ ...cfg, apiBaseUrl: 'http://127.0.0.1:1' });
  expect((await failure(offline.getPhoneNumber('any'))).errcode).toBe(-2);
});
