/**
 * Sandbox twin of WeChat's server-side open APIs used by sharing and messages (the access token comes from
 * the phone sandbox's stable_token, which records what it issued): wxacode.getUnlimited (answers a generated PNG whose QR encodes page and scene, or WeChat's errcodes) and
 * subscribeMessage.send (needs a grant, as a member's "accept" in wx.requestSubscribeMessage gives one; records
 * every message it received). Memory, one process; mounted under /sandbox/wechat beside the login sandbox.
 */
import { randomBytes } from 'node:crypto';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { Context } from 'koa';
import { qrPng } from '../../platform/qr-png';
import { wechatSandboxState } from './sandbox-state';
import { WECHAT_SANDBOX_PATH } from './wechat-sandbox.routes';
import { SCENE_PATTERN } from './wxacode';

const OPENID = /^[A-Za-z0-9_-]{1,64}$/;

export interface SandboxSubscribeRecord {
  touser: string;
  templateId: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogramState?: string;
  outcome: 'sent' | 'refused';
  at: string;
}

export function createWechatOpenApiSandboxRouter(): Router {
  const grants = new Map<string, number>(); // `${openid}|${templateId}` -> remaining
  const received: SandboxSubscribeRecord[] = [];

  const router = new Router({ prefix: WECHAT_SANDBOX_PATH });
  router.use(bodyParser());
  const body = (ctx: Context) => (ctx.request.body ?? {}) as Record<string, unknown>;
  const fail = (ctx: Context, errcode: number, errmsg: string) => {
    ctx.type = 'application/json';
    ctx.body = { errcode, errmsg: `${errmsg} rid: ${randomBytes(6).toString('hex')}` };
  };
  const tokenIsValid = (ctx: Context) => {
    const token = ctx.query.access_token;
    if (typeof token === 'string' && wechatSandboxState.issuedAccessTokens.has(token)) return true;
    fail(ctx, 40001, 'invalid credential, access_token is invalid');
    return false;
  };

  router.post('/wxa/getwxacodeunlimit', (ctx) => {
    if (!tokenIsValid(ctx)) return;
    const { scene, page, width, check_path: checkPath } = body(ctx);
    if (typeof scene !== 'string' || !SCENE_PATTERN.test(scene)) return fail(ctx, 40169, 'invalid length for scene');
    const pagePath = typeof page === 'string' && page ? page : 'pages/index/index';
    // check_path: WeChat refuses pages not in the published version; here "published" means a page path shape
    if (checkPath !== false && !/^(pages|subpackages)\/[\w/-]+$/.test(pagePath))
      return fail(ctx, 41030, 'invalid page');
    const size = typeof width === 'number' ? Math.min(1280, Math.max(280, width)) : 430;
    ctx.type = 'image/png';
    ctx.body = qrPng(`wxacode:${pagePath}?scene=${encodeURIComponent(scene)}`, { width: size });
  });

  router.post('/cgi-bin/message/subscribe/send', (ctx) => {
    if (!tokenIsValid(ctx)) return;
    const { touser, template_id: templateId, page, data, miniprogram_state: state } = body(ctx);
    if (typeof touser !== 'string' || !OPENID.test(touser)) return fail(ctx, 40003, 'invalid openid');
    if (typeof templateId !== 'string' || !templateId) return fail(ctx, 40037, 'invalid template_id');
    if (!data || typeof data !== 'object') return fail(ctx, 47003, 'argument invalid! data');
    const key = `${touser}|${templateId}`;
    const remaining = grants.get(key) ?? 0;
    const record = {
      touser,
      templateId,
      page: typeof page === 'string' ? page : undefined,
      data: data as Record<string, { value: string }>,
      miniprogramState: typeof state === 'string' ? state : undefined,
      at: new Date().toISOString(),
    };
    if (remaining < 1) {
      received.push({ ...record, outcome: 'refused' });
      return fail(ctx, 43101, 'user refuse to accept the msg');
    }
    grants.set(key, remaining - 1);
    received.push({ ...record, outcome: 'sent' });
    ctx.body = { errcode: 0, errmsg: 'ok' };
  });

  /** Plays the member tapping "allow" in wx.requestSubscribeMessage: one more message allowed. */
  router.post('/subscribe-grants', (ctx) => {
    const { openid, templateId } = body(ctx);
    if (typeof openid !== 'string' || !OPENID.test(openid) || typeof templateId !== 'string' || !templateId) {
      ctx.status = 400;
      ctx.body = { code: 'INVALID_GRANT', message: 'openid and templateId are required' };
      return;
    }
    const key = `${openid}|${templateId}`;
    grants.set(key, (grants.get(key) ?? 0) + 1);
    ctx.body = { remaining: grants.get(key) };
  });

  /** What the sandbox received, for tests and for a developer looking at the quickstart. */
  router.get('/subscribe-messages', (ctx) => {
    const openid = typeof ctx.query.openid === 'string' ? ctx.query.openid : undefined;
    ctx.body = { items: received.filter((r) => !openid || r.touser === openid) };
  });

  return router;
}
