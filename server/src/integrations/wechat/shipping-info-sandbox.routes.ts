/**
 * Sandbox twin of the mini-program shipping-information service: upload_shipping_info and get_order with the
 * checks WeChat makes (a valid access_token; the order key: mchid + out_trade_no, or transaction_id, of a payment
 * it knows; logistics_type, delivery_mode and is_all_delivered; 1..15 parcels, tracking_no and express_company for
 * couriers, a receiver contact for SF; item_desc up to 120 characters; an RFC 3339 upload_time later than the last
 * one; the payer's openid; one modification at most). Records every accepted upload for tests and the quickstart.
 * Memory, one process; mounted under /sandbox/wechat; never in production.
 */
import { randomBytes } from 'node:crypto';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { Context } from 'koa';
import { wechatSandboxState } from './sandbox-state';
import { PAYMENT_NOT_FOUND_ERRCODE, type UploadShippingInfoRequest } from './shipping-info';
import { WECHAT_SANDBOX_PATH } from './wechat-sandbox.routes';

/** The payment WeChat Pay knows under an order key (the sandbox asks the composition root). */
export interface SandboxTrade {
  transactionId: string;
  outTradeNo: string;
  openid: string;
}

export interface ShippingSandboxOptions {
  mchId: string;
  /** Delivery ids get_delivery_list would list. */
  deliveryIds: readonly string[];
  findTrade(key: { transactionId?: string; outTradeNo?: string }): Promise<SandboxTrade | null>;
}

export interface SandboxShippingRecord {
  transactionId: string;
  request: UploadShippingInfoRequest;
  at: string;
}

const INVALID = 47001; // sandbox code for a malformed argument (WeChat answers 47001 "data format error")

export function createShippingInfoSandboxRouter(opts: ShippingSandboxOptions): Router {
  const accepted: SandboxShippingRecord[] = [];
  const byTransaction = new Map<string, { uploads: number; lastUploadMs: number }>();
  let failNext: 'before' | 'after' | null = null;

  const router = new Router({ prefix: WECHAT_SANDBOX_PATH });
  router.use(bodyParser());
  const fail = (ctx: Context, errcode: number, errmsg: string) => {
    ctx.body = { errcode, errmsg: `${errmsg} rid: ${randomBytes(6).toString('hex')}` };
  };
  const tokenIsValid = (ctx: Context) => {
    const token = ctx.query.access_token;
    if (typeof token === 'string' && wechatSandboxState.issuedAccessTokens.has(token)) return true;
    fail(ctx, 40001, 'invalid credential, access_token is invalid');
    return false;
  };

  router.post('/wxa/sec/order/upload_shipping_info', async (ctx) => {
    if (!tokenIsValid(ctx)) return;
    if (failNext === 'before') {
      failNext = null;
      return fail(ctx, -1, 'system error');
    }
    const body = (ctx.request.body ?? {}) as Partial<UploadShippingInfoRequest> & Record<string, unknown>;
    const problem = shapeProblem(body, opts);
    if (problem) return fail(ctx, INVALID, problem);
    const request = body as UploadShippingInfoRequest;
    const key = request.order_key;
    const trade =
      key.order_number_type === 2
        ? await opts.findTrade({ transactionId: key.transaction_id })
        : await opts.findTrade({ outTradeNo: key.out_trade_no });
    if (!trade) return fail(ctx, PAYMENT_NOT_FOUND_ERRCODE, '支付单不存在');
    if (request.payer.openid !== trade.openid) return fail(ctx, INVALID, 'payer openid does not match the payment');
    const seen = byTransaction.get(trade.transactionId) ?? { uploads: 0, lastUploadMs: 0 };
    const uploadMs = Date.parse(request.upload_time);
    if (seen.uploads >= 2) return fail(ctx, 10060004, '发货信息已修改过一次，不能再修改');
    if (uploadMs <= seen.lastUploadMs) return fail(ctx, INVALID, 'upload_time must be later than the last upload');
    byTransaction.set(trade.transactionId, { uploads: seen.uploads + 1, lastUploadMs: uploadMs });
    accepted.push({ transactionId: trade.transactionId, request, at: new Date().toISOString() });
    if (failNext === 'after') {
      failNext = null; // recorded, but the answer is lost: the caller must not upload again
      return fail(ctx, -1, 'system error');
    }
    ctx.body = { errcode: 0, errmsg: 'ok' };
  });

  router.post('/wxa/sec/order/get_order', async (ctx) => {
    if (!tokenIsValid(ctx)) return;
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const trade =
      typeof body.transaction_id === 'string'
        ? await opts.findTrade({ transactionId: body.transaction_id })
        : body.merchant_id === opts.mchId && typeof body.merchant_trade_no === 'string'
          ? await opts.findTrade({ outTradeNo: body.merchant_trade_no })
          : null;
    if (!trade) return fail(ctx, PAYMENT_NOT_FOUND_ERRCODE, '支付单不存在');
    const shipped = accepted.filter((r) => r.transactionId === trade.transactionId);
    ctx.body = {
      errcode: 0,
      errmsg: 'ok',
      order: {
        transaction_id: trade.transactionId,
        merchant_id: opts.mchId,
        merchant_trade_no: trade.outTradeNo,
        openid: trade.openid,
        order_state: shipped.length ? 2 : 1,
        shipping: shipped.length ? { shipping_list: shipped[shipped.length - 1].request.shipping_list } : undefined,
      },
    };
  });

  /** Control: make the next upload fail before it is recorded, or after (the answer lost on the way back). */
  router.post('/shipping-uploads/fail-next', (ctx) => {
    const { when } = (ctx.request.body ?? {}) as { when?: string };
    failNext = when === 'after' ? 'after' : 'before';
    ctx.body = { failNext };
  });

  router.get('/shipping-uploads', (ctx) => {
    const transactionId = typeof ctx.query.transactionId === 'string' ? ctx.query.transactionId : undefined;
    ctx.body = { items: accepted.filter((r) => !transactionId || r.transactionId === transactionId) };
  });

  return router;
}

function shapeProblem(b: Partial<UploadShippingInfoRequest>, opts: ShippingSandboxOptions): string | null {
  const key = b.order_key as Record<string, unknown> | undefined;
  if (!key || (key.order_number_type !== 1 && key.order_number_type !== 2)) return 'order_key.order_number_type';
  if (key.order_number_type === 1) {
    if (key.mchid !== opts.mchId) return 'order_key.mchid does not match the merchant';
    if (typeof key.out_trade_no !== 'string' || !key.out_trade_no) return 'order_key.out_trade_no';
  } else if (typeof key.transaction_id !== 'string' || !/^\d{28,32}$/.test(key.transaction_id)) {
    return 'order_key.transaction_id';
  }
  if (![1, 2, 3, 4].includes(b.logistics_type as number)) return 'logistics_type';
  if (b.delivery_mode !== 1 && b.delivery_mode !== 2) return 'delivery_mode';
  if (b.delivery_mode === 2 && b.logistics_type !== 1) return 'split delivery is for couriers only';
  if (b.delivery_mode === 2 && typeof b.is_all_delivered !== 'boolean') return 'is_all_delivered';
  const list = b.shipping_list;
  if (!Array.isArray(list) || list.length < 1 || list.length > 15) return 'shipping_list must hold 1 to 15 items';
  if (b.delivery_mode === 1 && list.length !== 1) return 'unified delivery has exactly one parcel';
  for (const [i, item] of list.entries()) {
    if (typeof item?.item_desc !== 'string' || !item.item_desc || item.item_desc.length > 120)
      return `shipping_list[${i}].item_desc`;
    if (b.logistics_type === 1) {
      if (typeof item.tracking_no !== 'string' || !item.tracking_no) return `shipping_list[${i}].tracking_no`;
      if (!opts.deliveryIds.includes(String(item.express_company))) return `shipping_list[${i}].express_company`;
      if (
        item.express_company === 'SF' &&
        !/\d{4}$/.test(item.contact?.receiver_contact ?? item.contact?.consignor_contact ?? '')
      )
        return `shipping_list[${i}].contact is required for SF`;
    }
  }
  if (
    typeof b.upload_time !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(b.upload_time) ||
    Number.isNaN(Date.parse(b.upload_time))
  )
    return 'upload_time';
  if (typeof b.payer?.openid !== 'string' || !b.payer.openid) return 'payer.openid';
  return null;
}
