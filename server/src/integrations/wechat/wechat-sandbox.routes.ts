/**
 * The WeChat login sandbox: POST /sandbox/wechat/js-code plays wx.login (a one-time code for an openid, valid
 * 5 minutes), and GET /sandbox/wechat/sns/jscode2session answers as api.weixin.qq.com does, errors included
 * (HTTP 200 with errcode). So in sandbox mode apiBaseUrl is http://HOST:PORT/sandbox/wechat. Memory, one process.
 */
import { randomBytes } from 'node:crypto';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import { rememberIssued, wechatSandboxState } from './sandbox-state';

export const WECHAT_SANDBOX_PATH = '/sandbox/wechat';
const CODE_TTL_MS = 5 * 60 * 1000;
const OPENID = /^[A-Za-z0-9_-]{1,64}$/;

interface IssuedCode {
  openid: string;
  expiresAtMs: number;
  used: boolean;
}

export function createWechatSandboxRouter(opts: { appId: string; appSecret: string }): Router {
  const codes = new Map<string, IssuedCode>();
  const forgetExpired = (nowMs: number) => {
    for (const [code, issued] of codes) if (issued.expiresAtMs < nowMs) codes.delete(code);
  };

  const router = new Router({ prefix: WECHAT_SANDBOX_PATH });
  router.use(bodyParser()); // a no-op when the app already parsed the body

  router.post('/js-code', (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    if (typeof body.openid !== 'string' || !OPENID.test(body.openid)) {
      ctx.status = 400;
      ctx.body = { code: 'INVALID_OPENID', message: 'openid must be 1-64 letters, digits, _ or -' };
      return;
    }
    forgetExpired(Date.now());
    const code = randomBytes(24).toString('base64url');
    codes.set(code, { openid: body.openid, expiresAtMs: Date.now() + CODE_TTL_MS, used: false });
    ctx.body = { code };
  });

  router.get('/sns/jscode2session', (ctx) => {
    const { appid, secret, js_code: jsCode, grant_type: grantType } = ctx.query;
    const fail = (errcode: number, errmsg: string) => {
      ctx.body = { errcode, errmsg: `${errmsg}, rid: ${randomBytes(6).toString('hex')}` };
    };
    if (appid !== opts.appId) return fail(40013, 'invalid appid');
    if (secret !== opts.appSecret) return fail(40125, 'invalid appsecret');
    if (grantType !== 'authorization_code') return fail(40002, 'invalid grant_type');
    if (typeof jsCode !== 'string' || !jsCode) return fail(41008, 'missing code');
    forgetExpired(Date.now());
    const issued = codes.get(jsCode);
    if (!issued) return fail(40029, 'invalid code');
    if (issued.used) return fail(40163, 'code been used');
    issued.used = true; // kept until it expires, so a replay reads "code been used"
    const sessionKey = randomBytes(16).toString('base64');
    rememberIssued(wechatSandboxState.issuedSessionKeys, sessionKey); // for the tests' leak scans, never served
    ctx.body = { openid: issued.openid, session_key: sessionKey };
  });

  return router;
}
