/**
 * The sandbox's memory of JSAPI orders (one process), with WeChat Pay's rules: a repeated prepay with the same
 * parameters returns the same prepay_id, with other parameters it is refused, a paid order is never re-opened,
 * and paying twice creates one transaction.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { formatWechatTime } from './v3-crypto';

export type SandboxTradeState = 'NOTPAY' | 'SUCCESS' | 'CLOSED';

export interface SandboxOrder {
  appid: string;
  mchid: string;
  outTradeNo: string;
  description: string;
  amountFen: number;
  openid: string;
  notifyUrl: string;
  attach: string;
  timeExpire?: string;
  prepayId: string;
  state: SandboxTradeState;
  transactionId?: string;
  successTime?: string;
  /** The notification body, built once so that redeliveries repeat the same notification id. */
  notificationBody?: string;
}

/** WeChat Pay's error answer: HTTP status and body { code, message }. */
export interface SandboxRefusal {
  status: number;
  code: string;
  message: string;
}

type Outcome<T> = { ok: T } | { refused: SandboxRefusal };
const refuse = (status: number, code: string, message: string) => ({ refused: { status, code, message } });

export interface SandboxRefund {
  outRefundNo: string;
  outTradeNo: string;
  transactionId: string;
  refundId: string;
  refundFen: number;
  totalFen: number;
  status: 'PROCESSING' | 'SUCCESS' | 'CLOSED';
  createTime: string;
  successTime?: string;
  notifyUrl: string;
  mchid: string;
  notificationBody?: string;
}

/** A refund as WeChat Pay describes it: create and query answers use `status`, the notification `refund_status`. */
export function describeRefund(refund: SandboxRefund, as: 'answer' | 'notification'): Record<string, unknown> {
  const state = as === 'answer' ? { status: refund.status } : { refund_status: refund.status, mchid: refund.mchid };
  return {
    refund_id: refund.refundId,
    out_refund_no: refund.outRefundNo,
    transaction_id: refund.transactionId,
    out_trade_no: refund.outTradeNo,
    channel: 'ORIGINAL',
    user_received_account: '支付用户零钱',
    create_time: refund.createTime,
    ...(refund.successTime ? { success_time: refund.successTime } : {}),
    ...state,
    amount: {
      total: refund.totalFen,
      refund: refund.refundFen,
      payer_total: refund.totalFen,
      payer_refund: refund.refundFen,
      currency: 'CNY',
    },
  };
}

export class SandboxLedger {
  private readonly refunds = new Map<string, SandboxRefund>();
  /** How many times each out_refund_no was asked for (tests show a retry reuses the number). */
  readonly refundCalls = new Map<string, number>();
  private readonly byOutTradeNo = new Map<string, SandboxOrder>();
  private readonly byPrepayId = new Map<string, SandboxOrder>();

  constructor(private readonly merchant: { appId: string; mchId: string }) {}

  prepay(body: unknown): Outcome<SandboxOrder> {
    const parsed = this.parseJsapiBody(body);
    if ('refused' in parsed) return parsed;
    const request = parsed.ok;
    const existing = this.byOutTradeNo.get(request.outTradeNo);
    if (existing) {
      if (existing.state === 'SUCCESS') return refuse(400, 'ORDERPAID', '该订单已支付');
      if (existing.state === 'CLOSED') return refuse(400, 'ORDERCLOSED', '订单已关闭');
      if (fingerprint(existing) !== fingerprint(request)) {
        return refuse(400, 'INVALID_REQUEST', '201 商户订单号重复');
      }
      return { ok: existing };
    }
    const order: SandboxOrder = { ...request, prepayId: newPrepayId(), state: 'NOTPAY' };
    this.byOutTradeNo.set(order.outTradeNo, order);
    this.byPrepayId.set(order.prepayId, order);
    return { ok: order };
  }

  find(outTradeNo: string): SandboxOrder | undefined {
    return this.byOutTradeNo.get(outTradeNo);
  }

  /**
   * The user pays at the cashier. Idempotent: a paid order keeps its one transaction. `force` pays a closed order
   * too: money landing on a trade the merchant closed (a test control for the late-payment path).
   */
  pay(prepayId: string, now: Date, force = false): Outcome<SandboxOrder> {
    const order = this.byPrepayId.get(prepayId);
    if (!order) return refuse(404, 'ORDER_NOT_EXIST', '订单不存在');
    if (order.state === 'SUCCESS') return { ok: order };
    if (order.state === 'CLOSED' && !force) return refuse(400, 'ORDERCLOSED', '订单已关闭');
    if (order.timeExpire && Date.parse(order.timeExpire) < now.getTime()) {
      return refuse(400, 'ORDER_EXPIRED', '订单已过支付期限');
    }
    order.state = 'SUCCESS';
    order.transactionId = `4200${formatWechatTime(now).slice(0, 10).replace(/-/g, '')}${randomDigits(16)}`;
    order.successTime = formatWechatTime(now);
    return { ok: order };
  }

  close(outTradeNo: string): Outcome<SandboxOrder> {
    const order = this.byOutTradeNo.get(outTradeNo);
    if (!order) return refuse(404, 'ORDER_NOT_EXIST', '订单不存在');
    if (order.state === 'SUCCESS') return refuse(400, 'ORDERPAID', '该订单已支付');
    order.state = 'CLOSED';
    return { ok: order };
  }

  /**
   * POST /v3/refund/domestic/refunds: one refund per out_refund_no (a repeat with the same amount answers the same
   * refund, with another amount INVALID_REQUEST), never more than the order's total over all its refunds.
   */
  refund(body: unknown): Outcome<SandboxRefund> {
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const amount = (typeof b.amount === 'object' && b.amount !== null ? b.amount : {}) as Record<string, unknown>;
    const param = (field: string) => refuse(400, 'PARAM_ERROR', `输入源"/body/${field}"映射到值字段无效`);
    if (typeof b.out_refund_no !== 'string' || !/^[A-Za-z0-9_\-|*@]{1,64}$/.test(b.out_refund_no)) {
      return param('out_refund_no');
    }
    if (!Number.isSafeInteger(amount.refund) || (amount.refund as number) <= 0) return param('amount/refund');
    if (!Number.isSafeInteger(amount.total)) return param('amount/total');
    this.refundCalls.set(b.out_refund_no, (this.refundCalls.get(b.out_refund_no) ?? 0) + 1);
    const existing = this.refunds.get(b.out_refund_no);
    if (existing) {
      if (existing.refundFen !== amount.refund) return refuse(400, 'INVALID_REQUEST', '同一退款单号参数不一致');
      return { ok: existing };
    }
    const order = typeof b.out_trade_no === 'string' ? this.byOutTradeNo.get(b.out_trade_no) : undefined;
    if (!order) return refuse(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
    if (order.state !== 'SUCCESS') return refuse(400, 'INVALID_REQUEST', '订单未支付');
    if (amount.total !== order.amountFen) return refuse(400, 'INVALID_REQUEST', '订单金额与原订单不一致');
    const refundedFen = [...this.refunds.values()]
      .filter((r) => r.outTradeNo === order.outTradeNo && r.status !== 'CLOSED') // a closed refund returned nothing
      .reduce((sum, r) => sum + r.refundFen, 0);
    if (refundedFen + (amount.refund as number) > order.amountFen) {
      return refuse(400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额');
    }
    const refund: SandboxRefund = {
      outRefundNo: b.out_refund_no,
      outTradeNo: order.outTradeNo,
      transactionId: order.transactionId ?? '',
      refundId: `50300${randomDigits(24)}`,
      refundFen: amount.refund as number,
      totalFen: order.amountFen,
      status: 'PROCESSING',
      createTime: formatWechatTime(new Date()),
      notifyUrl: typeof b.notify_url === 'string' ? b.notify_url : order.notifyUrl,
      mchid: order.mchid,
    };
    this.refunds.set(refund.outRefundNo, refund);
    return { ok: refund };
  }

  findRefund(outRefundNo: string): SandboxRefund | undefined {
    return this.refunds.get(outRefundNo);
  }

  /** Every order and every refund the sandbox processed (its trade bills are made from them). */
  processed(): { orders: SandboxOrder[]; refunds: SandboxRefund[] } {
    return { orders: [...this.byOutTradeNo.values()], refunds: [...this.refunds.values()] };
  }

  private parseJsapiBody(body: unknown): Outcome<Omit<SandboxOrder, 'prepayId' | 'state'>> {
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const amount = (typeof b.amount === 'object' && b.amount !== null ? b.amount : {}) as Record<string, unknown>;
    const payer = (typeof b.payer === 'object' && b.payer !== null ? b.payer : {}) as Record<string, unknown>;
    const param = (field: string) => refuse(400, 'PARAM_ERROR', `输入源"/body/${field}"映射到值字段无效`);
    if (typeof b.appid !== 'string' || !b.appid) return param('appid');
    if (typeof b.mchid !== 'string' || !b.mchid) return param('mchid');
    if (b.appid !== this.merchant.appId || b.mchid !== this.merchant.mchId) {
      return refuse(400, 'APPID_MCHID_NOT_MATCH', 'appid和mch_id不匹配');
    }
    if (typeof b.description !== 'string' || !b.description || b.description.length > 127) return param('description');
    if (typeof b.out_trade_no !== 'string' || !/^[A-Za-z0-9_\-|*]{6,32}$/.test(b.out_trade_no))
      return param('out_trade_no');
    if (typeof b.notify_url !== 'string' || !/^https?:\/\/[^\s?#]+$/.test(b.notify_url)) return param('notify_url');
    if (!Number.isSafeInteger(amount.total) || (amount.total as number) <= 0) return param('amount/total');
    if (amount.currency !== undefined && amount.currency !== 'CNY') return param('amount/currency');
    if (typeof payer.openid !== 'string' || !payer.openid) return param('payer/openid');
    if (b.attach !== undefined && (typeof b.attach !== 'string' || b.attach.length > 128)) return param('attach');
    if (b.time_expire !== undefined && (typeof b.time_expire !== 'string' || Number.isNaN(Date.parse(b.time_expire)))) {
      return param('time_expire');
    }
    return {
      ok: {
        appid: b.appid,
        mchid: b.mchid,
        outTradeNo: b.out_trade_no,
        description: b.description,
        amountFen: amount.total as number,
        openid: payer.openid,
        notifyUrl: b.notify_url,
        attach: (b.attach as string | undefined) ?? '',
        timeExpire: b.time_expire as string | undefined,
      },
    };
  }
}

/** The transaction as WeChat Pay describes it: the notification resource and the query answer. */
export function describeTransaction(order: SandboxOrder): Record<string, unknown> {
  const base = { appid: order.appid, mchid: order.mchid, out_trade_no: order.outTradeNo, attach: order.attach };
  if (order.state !== 'SUCCESS') {
    return {
      ...base,
      trade_state: order.state,
      trade_state_desc: order.state === 'CLOSED' ? '订单已关闭' : '订单未支付',
      amount: { total: order.amountFen, payer_currency: 'CNY' },
    };
  }
  return {
    ...base,
    transaction_id: order.transactionId,
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    bank_type: 'OTHERS',
    success_time: order.successTime,
    payer: { openid: order.openid },
    amount: { total: order.amountFen, payer_total: order.amountFen, currency: 'CNY', payer_currency: 'CNY' },
  };
}

function fingerprint(o: Omit<SandboxOrder, 'prepayId' | 'state'>): string {
  return JSON.stringify([
    o.appid,
    o.mchid,
    o.description,
    o.amountFen,
    o.openid,
    o.notifyUrl,
    o.attach,
    o.timeExpire ?? '',
  ]);
}

function newPrepayId(): string {
  return `wx${formatWechatTime(new Date()).slice(0, 19).replace(/\D/g, '')}${randomBytes(12).toString('hex')}`;
}

function randomDigits(count: number): string {
  let out = '';
  for (let i = 0; i < count; i += 1) out += String(randomInt(10));
  return out;
}
