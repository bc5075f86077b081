/**
 * The sandbox twin of WeChat's phone number service, under /sandbox/wechat like the login sandbox:
 * - POST /phone-code { phone, countryCode?, watermarkAppId?, openid? } plays the getPhoneNumber button: a code for
 *   that phone, valid 5 minutes, good once; the watermark names the configured appid unless a test asks for another;
 *   made for an openid, it is refused when the exchange names another openid;
 * - POST /cgi-bin/stable_token answers as WeChat does (the same token while it is valid, 7200 s);
 * - POST /wxa/business/getuserphonenumber?access_token= answers phone_info, errors as HTTP 200 with errcode.
 * Memory, one process; time comes from sandboxNow() so a test can move it forward.
 */
import { randomBytes } from 'node:crypto';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import { WECHAT_SANDBOX_PATH } from './wechat-sandbox.routes';
import { rememberIssued, sandboxNow, wechatSandboxState } from './sandbox-state';

export const PHONE_CODE_TTL_MS = 5 * 60 * 1000;
const TOKEN_TTL_S = 7200;
const PHONE = /^\d{5,15}$/;
const COUNTRY_CODE = /^\d{1,4}$/;

interface IssuedPhoneCode {
  purePhoneNumber: string;
  countryCode: string;
  watermarkAppId: string;
  openid: string | null;
  issuedAtMs: number;
  used: boolean;
}

export function createWechatPhoneSandboxRouter(opts: { appId: string; appSecret: string }): Router {
  const codes = new Map<string, IssuedPhoneCode>();
  let token: { value: string; expiresAtMs: number } | null = null;

  const router = new Router({ prefix: WECHAT_SANDBOX_PATH });
  router.use(bodyParser());

  router.post('/phone-code', (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const countryCode = body.countryCode === undefined ? '86' : String(body.countryCode);
    const watermarkAppId = typeof body.watermarkAppId === 'string' ? body.watermarkAppId : opts.appId;
    if (typeof body.phone !== 'string' || !PHONE.test(body.phone) || !COUNTRY_CODE.test(countryCode)) {
      ctx.status = 400;
      ctx.body = { code: 'INVALID_PHONE', message: 'phone must be 5-15 digits, countryCode 1-4 digits' };
      return;
    }
    for (const [old, issued] of codes) if (issued.issuedAtMs + PHONE_CODE_TTL_MS <= sandboxNow()) codes.delete(old);
    const code = randomBytes(32).toString('hex');
    codes.set(code, {
      purePhoneNumber: body.phone,
      countryCode,
      watermarkAppId,
      openid: typeof body.openid === 'string' ? body.openid : null,
      issuedAtMs: sandboxNow(),
      used: false,
    });
    ctx.body = { code };
  });

  router.post('/cgi-bin/stable_token', (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    if (body.grant_type !== 'client_credential') return fail(ctx, 40002, 'invalid grant_type');
    if (body.appid !== opts.appId) return fail(ctx, 40013, 'invalid appid');
    if (body.secret !== opts.appSecret) return fail(ctx, 40125, 'invalid appsecret');
    if (!token || token.expiresAtMs <= sandboxNow() || body.force_refresh === true) {
      token = { value: randomBytes(48).toString('base64url'), expiresAtMs: sandboxNow() + TOKEN_TTL_S * 1000 };
      rememberIssued(wechatSandboxState.issuedAccessTokens, token.value);
    }
    ctx.body = { access_token: token.value, expires_in: Math.floor((token.expiresAtMs - sandboxNow()) / 1000) };
  });

  router.post('/wxa/business/getuserphonenumber', (ctx) => {
    if (!token || ctx.query.access_token !== token.value) return fail(ctx, 40001, 'invalid credential');
    if (token.expiresAtMs <= sandboxNow()) return fail(ctx, 42001, 'access_token expired');
    const { code, openid } = (ctx.request.body ?? {}) as Record<string, unknown>;
    if (typeof code !== 'string' || !code) return fail(ctx, 41008, 'missing code');
    const issued = codes.get(code);
    if (!issued || issued.issuedAtMs + PHONE_CODE_TTL_MS <= sandboxNow()) return fail(ctx, 40029, 'invalid code');
    if (issued.used) return fail(ctx, 40029, 'code been used');
    if (issued.openid && openid !== undefined && openid !== issued.openid) return fail(ctx, 40029, 'openid mismatch');
    issued.used = true;
    const prefix = issued.countryCode === '86' ? '' : `+${issued.countryCode}`;
    ctx.body = {
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: `${prefix}${issued.purePhoneNumber}`,
        purePhoneNumber: issued.purePhoneNumber,
        countryCode: issued.countryCode,
        watermark: { timestamp: Math.floor(issued.issuedAtMs / 1000), appid: issued.watermarkAppId },
      },
    };
  });

  return router;
}

function fail(ctx: { body: unknown }, errcode: number, errmsg: string) {
  ctx.body = { errcode, errmsg: `${errmsg}, rid: ${randomBytes(6).toString('hex')}` };
}
