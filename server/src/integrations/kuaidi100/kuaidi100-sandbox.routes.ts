/**
 * Sandbox carrier speaking Kuaidi100's protocol (query.do with its MD5 sign, subscribe, signed pushes). A parcel
 * moves through 已揽收 → 运输中 → 派送中 → 已签收, one step per query (mode `per_poll`, the default) or one step
 * per call of the control endpoint (mode `manual`), so tests and the quickstart advance deterministically.
 * Memory, one process; mounted under /sandbox/kuaidi100; never in production.
 */
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { Context } from 'koa';
import { formatBeijingTime, pushSign, querySign, type Kuaidi100Point } from './kuaidi100-client';

export const KUAIDI100_SANDBOX_PATH = '/sandbox/kuaidi100';

const STEPS = [
  { state: '1', status: '揽收', context: '【杭州市】快件已被【杭州西湖营业部】揽收', area: '浙江省,杭州市' },
  { state: '0', status: '在途', context: '【杭州市】快件已发往【上海转运中心】', area: '浙江省,杭州市' },
  { state: '5', status: '派件', context: '【上海市】快件正在派送中，派件员：张师傅 13800000000', area: '上海,上海市' },
  { state: '3', status: '签收', context: '【上海市】快件已签收，签收人：本人', area: '上海,上海市' },
] as const;

interface Parcel {
  com: string;
  num: string;
  mode: 'per_poll' | 'manual';
  step: number;
  polls: number;
  startedAt: Date;
  subscription?: { callbackUrl: string; salt: string };
}

export interface Kuaidi100SandboxOptions {
  customer: string;
  key: string;
  log?: (message: string, extra?: Record<string, unknown>) => void;
}

const fail = (ctx: Context, returnCode: string, message: string) => {
  ctx.body = { result: false, returnCode, message };
};

function trackOf(p: Parcel) {
  const data: Kuaidi100Point[] = STEPS.slice(0, p.step)
    .map((s, i) => {
      const at = new Date(p.startedAt.getTime() + i * 3_600_000);
      const ftime = formatBeijingTime(at);
      return { time: ftime, ftime, context: s.context, status: s.status, areaName: s.area, location: s.area };
    })
    .reverse();
  const state = p.step ? STEPS[p.step - 1].state : '';
  return {
    message: 'ok',
    nu: p.num,
    ischeck: state === '3' ? '1' : '0',
    com: p.com,
    status: '200',
    state,
    condition: 'F00',
    data,
  };
}

export function createKuaidi100SandboxRouter(opts: Kuaidi100SandboxOptions): Router {
  const parcels = new Map<string, Parcel>();
  const keyOf = (com: string, num: string) => `${com}|${num}`;
  const parcelOf = (com: string, num: string) => {
    const key = keyOf(com, num);
    let parcel = parcels.get(key);
    if (!parcel) {
      parcel = {
        com,
        num,
        mode: 'per_poll',
        step: 0,
        polls: 0,
        startedAt: new Date(Math.floor(Date.now() / 1000) * 1000),
      };
      parcels.set(key, parcel);
    }
    return parcel;
  };
  const push = async (p: Parcel) => {
    if (!p.subscription) return null;
    const lastResult = trackOf(p);
    const param = JSON.stringify({
      status: lastResult.state === '3' ? 'shutdown' : 'polling',
      message: '',
      lastResult,
    });
    const response = await fetch(p.subscription.callbackUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ param, sign: pushSign(param, p.subscription.salt) }).toString(),
      signal: AbortSignal.timeout(8_000),
    });
    return { status: response.status, body: await response.text() };
  };

  const router = new Router({ prefix: KUAIDI100_SANDBOX_PATH });
  router.use(bodyParser({ enableTypes: ['form', 'json'] }));
  const form = (ctx: Context) => (ctx.request.body ?? {}) as Record<string, string>;

  router.post('/poll/query.do', (ctx) => {
    const { customer, sign, param } = form(ctx);
    if (customer !== opts.customer) return fail(ctx, '600', '授权码无效');
    if (typeof param !== 'string' || typeof sign !== 'string') return fail(ctx, '400', '参数不完整');
    if (sign !== querySign(param, opts.key, opts.customer)) return fail(ctx, '408', '签名验证失败');
    let p: { com?: unknown; num?: unknown; phone?: unknown };
    try {
      p = JSON.parse(param) as typeof p;
    } catch {
      return fail(ctx, '400', 'param 不是 JSON');
    }
    if (typeof p.com !== 'string' || !/^[a-z0-9]+$/.test(p.com)) return fail(ctx, '400', 'com 无效');
    if (typeof p.num !== 'string' || p.num.length > 32) return fail(ctx, '400', 'num 无效');
    if (p.com === 'shunfeng' && (typeof p.phone !== 'string' || p.phone.length < 4))
      return fail(ctx, '400', '顺丰单号需要手机号');
    const parcel = parcelOf(p.com, p.num);
    parcel.polls++;
    if (parcel.mode === 'per_poll' && parcel.step < STEPS.length) parcel.step++;
    if (parcel.step === 0) return fail(ctx, '500', '查询无结果，请隔段时间再查');
    ctx.body = trackOf(parcel);
  });

  router.post('/poll', (ctx) => {
    const { schema, param } = form(ctx);
    if (schema !== 'json' || typeof param !== 'string') return fail(ctx, '700', '参数错误');
    let p: { company?: string; number?: string; key?: string; parameters?: { callbackurl?: string; salt?: string } };
    try {
      p = JSON.parse(param) as typeof p;
    } catch {
      return fail(ctx, '700', 'param 不是 JSON');
    }
    if (p.key !== opts.key) return fail(ctx, '600', '您不是合法的订阅者');
    if (!p.company || !p.number || !p.parameters?.callbackurl) return fail(ctx, '700', '订阅参数错误');
    const parcel = parcelOf(p.company, p.number);
    if (parcel.subscription) return fail(ctx, '501', '重复订阅');
    parcel.subscription = { callbackUrl: p.parameters.callbackurl, salt: p.parameters.salt ?? '' };
    ctx.body = { result: true, returnCode: '200', message: '提交成功' };
  });

  /** Control: register a parcel in `manual` mode (advanced only by /parcels/advance), or back to `per_poll`. */
  router.post('/parcels', (ctx) => {
    const { com, num, mode } = form(ctx);
    if (!com || !num) return void ((ctx.status = 400), (ctx.body = { code: 'INVALID', message: 'com and num' }));
    const parcel = parcelOf(com, num);
    parcel.mode = mode === 'manual' ? 'manual' : 'per_poll';
    ctx.body = { ...parcel, subscription: !!parcel.subscription };
  });

  /** Control: one step forward, then the signed push to the subscriber (if any), as Kuaidi100 would. */
  router.post('/parcels/advance', async (ctx) => {
    const { com, num } = form(ctx);
    const parcel = parcels.get(keyOf(com ?? '', num ?? ''));
    if (!parcel) return void ((ctx.status = 404), (ctx.body = { code: 'NOT_FOUND', message: 'no such parcel' }));
    if (parcel.step < STEPS.length) parcel.step++;
    const pushed = await push(parcel).catch((error: unknown) => ({ status: 0, body: String(error) }));
    opts.log?.('kuaidi100 sandbox advanced a parcel', { com, num, step: parcel.step });
    ctx.body = { step: parcel.step, state: trackOf(parcel).state, pushed };
  });

  router.get('/parcels/:com/:num', (ctx) => {
    const parcel = parcels.get(keyOf(ctx.params.com, ctx.params.num));
    if (!parcel) return void ((ctx.status = 404), (ctx.body = { code: 'NOT_FOUND', message: 'no such parcel' }));
    ctx.body = {
      com: parcel.com,
      num: parcel.num,
      mode: parcel.mode,
      step: parcel.step,
      polls: parcel.polls,
      subscribed: !!parcel.subscription,
    };
  });

  return router;
}
