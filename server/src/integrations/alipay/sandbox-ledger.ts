/**
 * The Alipay sandbox's memory of trades and refunds (one process), with Alipay's rules: one trade per
 * out_trade_no, only WAIT_BUYER_PAY can be closed, a refund per out_request_no happens once (a repeat answers
 * fund_change N, a repeat with another amount is refused), refunds never exceed the trade, a fully refunded trade
 * is TRADE_CLOSED.
 */
import { randomInt } from 'node:crypto';
import { alipayTime } from './alipay-sign';

export interface SandboxTrade {
  outTradeNo: string;
  tradeNo: string;
  totalFen: number;
  subject: string;
  status: 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_CLOSED' | 'TRADE_FINISHED';
  notifyUrl: string;
  returnUrl: string;
  buyerOpenId: string;
  gmtCreate: string;
  gmtPayment?: string;
  refunds: Map<string, { fen: number; at: string }>;
  refundedFen: number;
}

export type Refusal = { subCode: string; subMsg: string };
type Outcome<T> = { ok: T } | { refused: Refusal };
const refuse = (subCode: string, subMsg: string) => ({ refused: { subCode, subMsg } });

const digits = (n: number) => Array.from({ length: n }, () => String(randomInt(10))).join('');

export class AlipaySandboxLedger {
  private readonly trades = new Map<string, SandboxTrade>();
  /** How many times each out_request_no was asked for (tests show a retry reuses the number). */
  readonly refundCalls = new Map<string, number>();

  open(input: {
    outTradeNo: string;
    totalFen: number;
    subject: string;
    notifyUrl: string;
    returnUrl?: string;
    buyerOpenId?: string;
  }): Outcome<SandboxTrade> {
    const existing = this.trades.get(input.outTradeNo);
    if (existing) {
      if (existing.status === 'TRADE_SUCCESS' || existing.status === 'TRADE_FINISHED') {
        return refuse('ACQ.TRADE_HAS_SUCCESS', '交易已被支付');
      }
      if (existing.status === 'TRADE_CLOSED') return refuse('ACQ.TRADE_HAS_CLOSE', '交易已经关闭');
      if (existing.totalFen !== input.totalFen) return refuse('ACQ.CONTEXT_INCONSISTENT', '交易信息被篡改');
      return { ok: existing };
    }
    const now = new Date();
    const trade: SandboxTrade = {
      outTradeNo: input.outTradeNo,
      tradeNo: `${alipayTime(now).slice(0, 10).replace(/-/g, '')}22001${digits(15)}`,
      totalFen: input.totalFen,
      subject: input.subject,
      status: 'WAIT_BUYER_PAY',
      notifyUrl: input.notifyUrl,
      returnUrl: input.returnUrl ?? '',
      buyerOpenId: input.buyerOpenId ?? `sandbox-buyer-${digits(8)}`,
      gmtCreate: alipayTime(now),
      refunds: new Map(),
      refundedFen: 0,
    };
    this.trades.set(trade.outTradeNo, trade);
    return { ok: trade };
  }

  find(outTradeNo: string): SandboxTrade | undefined {
    return this.trades.get(outTradeNo);
  }

  /** Every trade the sandbox opened, with its refunds (its trade bills are made from them). */
  processed(): SandboxTrade[] {
    return [...this.trades.values()];
  }

  /** The buyer pays. `force` pays a closed trade too: money landing on a trade the merchant closed (tests). */
  pay(outTradeNo: string, force = false): Outcome<SandboxTrade> {
    const trade = this.trades.get(outTradeNo);
    if (!trade) return refuse('ACQ.TRADE_NOT_EXIST', '交易不存在');
    if (trade.status === 'TRADE_SUCCESS') return { ok: trade };
    if (trade.status === 'TRADE_CLOSED' && !force) return refuse('ACQ.TRADE_HAS_CLOSE', '交易已经关闭');
    trade.status = 'TRADE_SUCCESS';
    trade.gmtPayment = alipayTime(new Date());
    return { ok: trade };
  }

  close(outTradeNo: string): Outcome<SandboxTrade> {
    const trade = this.trades.get(outTradeNo);
    if (!trade) return refuse('ACQ.TRADE_NOT_EXIST', '交易不存在');
    if (trade.status !== 'WAIT_BUYER_PAY') return refuse('ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
    trade.status = 'TRADE_CLOSED';
    return { ok: trade };
  }

  refund(outTradeNo: string, outRequestNo: string, fen: number): Outcome<{ trade: SandboxTrade; fundChange: boolean }> {
    const trade = this.trades.get(outTradeNo);
    if (!trade) return refuse('ACQ.TRADE_NOT_EXIST', '交易不存在');
    this.refundCalls.set(outRequestNo, (this.refundCalls.get(outRequestNo) ?? 0) + 1);
    const earlier = trade.refunds.get(outRequestNo);
    if (earlier) {
      if (earlier.fen !== fen) return refuse('ACQ.DISCORDANT_REPEAT_REQUEST', '不一致的请求');
      return { ok: { trade, fundChange: false } };
    }
    if (trade.status !== 'TRADE_SUCCESS') return refuse('ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
    if (!Number.isSafeInteger(fen) || fen <= 0 || trade.refundedFen + fen > trade.totalFen) {
      return refuse('ACQ.REASON_TRADE_REFUND_FEE_ERR', '退款金额无效');
    }
    trade.refunds.set(outRequestNo, { fen, at: alipayTime(new Date()) });
    trade.refundedFen += fen;
    if (trade.refundedFen === trade.totalFen) trade.status = 'TRADE_CLOSED';
    return { ok: { trade, fundChange: true } };
  }
}
