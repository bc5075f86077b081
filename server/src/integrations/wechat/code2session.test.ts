import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import { WechatApiError, createWechatClient, createWechatSandboxRouter, type WechatConfig } from '.';

const appId = 'wx1234567890abcdef';
const appSecret = 'sandbox-secret-0123456789abcdef';
let server: Server;
let origin: string;
let cfg: WechatConfig;

beforeAll(async () => {
  const app = new Koa();
  app.use(bodyParser());
  app.use(createWechatSandboxRouter({ appId, appSecret }).routes());
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cfg = { appId, appSecret, apiBaseUrl: `${origin}/sandbox/wechat` };
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

async function jsCode(openid: string): Promise<string> {
  const response = await fetch(`${origin}/sandbox/wechat/js-code`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ openid }),
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
  expect((error as Error).message).not.toContain(appSecret);
  return error as WechatApiError;
}

test('a code works once; its replay is refused with 40163 and never leaks the session_key', async () => {
  const client = createWechatClient(cfg);
  const code = await jsCode('o-member-1');
  const session = await client.code2Session(code);
  expect(session).toEqual({ openid: 'o-member-1', unionid: undefined, sessionKey: expect.any(String) });
  expect(Buffer.from(session.sessionKey, 'base64')).toHaveLength(16);

  const replay = await failure(client.code2Session(code));
  expect(replay.errcode).toBe(40163);
  expect(replay.message).not.toContain(session.sessionKey);
  expect(replay.message).not.toContain(code);
});

test('an unknown code is refused with 40029', async () => {
  expect((await failure(createWechatClient(cfg).code2Session('no-such-code'))).errcode).toBe(40029);
});

test('a wrong AppSecret or AppID is refused without echoing the secret', async () => {
  const code = await jsCode('o-member-2');
  expect((await failure(createWechatClient({ ...cfg, appSecret: 'wrong-secret' }).code2Session(code))).errcode).toBe(
    40125,
  );
  expect((await failure(createWechatClient({ ...cfg, appId: 'wx0000000000000000' }).code2Session(code))).errcode).toBe(
    40013,
  );
  expect((await createWechatClient(cfg).code2Session(code)).openid).toBe('o-member-2'); // refusals did not use it up
});

test('an unreachable WeChat is a WechatApiError whose message does not quote the URL', async () => {
  const offline = createWechatClient({ ...cfg, apiBaseUrl: 'http://127.0.0.1:1' });
  expect((await failure(offline.code2Session('any'))).errcode).toBe(-2);
});

test('js-code refuses a malformed openid', async () => {
  const response = await fetch(`${origin}/sandbox/wechat/js-code`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ openid: '' }),
  });
  expect(response.status).toBe(400);
});
