/**
 * Outgoing Alipay calls through alipay-sdk 4 (OpenAPI v2 gateway, RSA2). Answers are verified (validateSign) with
 * the Alipay public key; business refusals (code != 10000) become AlipayApiError with Alipay's sub_code, since the
 * SDK returns them instead of throwing. The gateway may be the sandbox (cfg.gateway).
 */
import type * as alipay from 'alipay-sdk';
import { fenToYuanString, yuanStringToFen } from '@mall/shared';
import { BillUnavailableError, type PlatformBill } from '../platform-bill';
import { AlipayApiError } from './alipay-errors';
import { alipayTime } from './alipay-sign';
import { decodeGbk } from './gbk';
import { parseAlipayTradeBill } from './trade-bill';
import { readZip } from './zip';
import type { AlipayConfig, AlipayGateway } from './alipay.types';

const OUT_TRADE_NO = /^[0-9A-Za-z_]{1,64}$/;

export function createAlipayGateway(cfg: AlipayConfig): AlipayGateway {
  const privateKey = cfg.appPrivateKeyPem.trim(); // the SDK re-wraps the PEM and keeps a trailing empty line
  // made on first use: alipay-sdk (with urllib and undici) is a large share of a boot that may never call Alipay
  let made: alipay.AlipaySdk | undefined;
  const sdkOf = (): alipay.AlipaySdk => {
    if (made) return made;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { AlipaySdk: Sdk } = require('alipay-sdk') as typeof alipay;
    return (made = new Sdk({
      appId: cfg.appId,
      privateKey,
      keyType: privateKey.includes('BEGIN RSA PRIVATE KEY') ? 'PKCS1' : 'PKCS8',
      alipayPublicKey: cfg.alipayPublicKeyPem.trim(),
      gateway: cfg.gateway,
      camelcase: false,
      timeout: 10_000,
    }));
  };

  async function call(method: string, bizContent: Record<string, unknown>, common: Record<string, string> = {}) {
    let answer: Record<string, unknown>;
    try {
      answer = await sdkOf().exec(method, { bizContent, ...common }, { validateSign: true });
    } catch (error) {
      const message = (error as Error).message;
      const code = message.includes('验签失败') ? 'RESPONSE_BAD_SIGNATURE' : 'NETWORK_ERROR';
      throw new AlipayApiError(code, `Alipay ${method}: ${message.slice(0, 120)}`);
    }
    if (answer.code !== '10000') {
      const subCode = typeof answer.sub_code === 'string' ? answer.sub_code : String(answer.code);
      const subMsg = typeof answer.sub_msg === 'string' ? answer.sub_msg : String(answer.msg);
      throw new AlipayApiError(subCode, `Alipay ${method}: ${subMsg}`);
    }
    return answer;
  }

  return {
    async createTrade(input) {
      assertOutTradeNo(input.outTradeNo);
      const answer = await call(
        'alipay.trade.create',
        {
          out_trade_no: input.outTradeNo,
          total_amount: fenToYuanString(input.amountFen),
          subject: input.subject.replace(/[/=&]/g, ' ').slice(0, 256),
          product_code: 'JSAPI_PAY',
          op_app_id: cfg.appId,
          buyer_open_id: input.buyerOpenId,
          time_expire: alipayTime(input.expiresAt),
        },
        { notify_url: cfg.notifyUrl },
      );
      if (typeof answer.trade_no !== 'string') throw new AlipayApiError('UNEXPECTED_RESPONSE', 'no trade_no');
      return { tradeNo: answer.trade_no };
    },

    wapPayUrl(input) {
      assertOutTradeNo(input.outTradeNo);
      return sdkOf().pageExec('alipay.trade.wap.pay', 'GET', {
        bizContent: {
          out_trade_no: input.outTradeNo,
          total_amount: fenToYuanString(input.amountFen),
          subject: input.subject.replace(/[/=&]/g, ' ').slice(0, 256),
          product_code: 'QUICK_WAP_WAY',
          time_expire: alipayTime(input.expiresAt),
          quit_url: input.returnUrl ?? cfg.returnUrl,
        },
        notify_url: cfg.notifyUrl,
        return_url: input.returnUrl ?? cfg.returnUrl,
      });
    },

    async query(outTradeNo) {
      assertOutTradeNo(outTradeNo);
      let answer: Record<string, unknown>;
      try {
        answer = await call('alipay.trade.query', { out_trade_no: outTradeNo });
      } catch (error) {
        if (error instanceof AlipayApiError && error.code === 'ACQ.TRADE_NOT_EXIST') return null;
        throw error;
      }
      const text = (key: string) => (typeof answer[key] === 'string' ? answer[key] : undefined);
      return {
        tradeStatus: text('trade_status') ?? 'UNKNOWN',
        tradeNo: text('trade_no'),
        totalFen: text('total_amount') ? yuanStringToFen(text('total_amount')!) : undefined,
        buyerId: text('buyer_open_id') ?? text('buyer_user_id'),
        paidAt: text('send_pay_date'),
      };
    },

    async close(outTradeNo) {
      assertOutTradeNo(outTradeNo);
      try {
        await call('alipay.trade.close', { out_trade_no: outTradeNo });
      } catch (error) {
        // never opened (a wap trade exists only once the cashier opened): nothing can be paid on it either
        if (error instanceof AlipayApiError && error.code === 'ACQ.TRADE_NOT_EXIST') return;
        throw error;
      }
    },

    async refund(input) {
      assertOutTradeNo(input.outTradeNo);
      const answer = await call('alipay.trade.refund', {
        out_trade_no: input.outTradeNo,
        refund_amount: fenToYuanString(input.refundFen),
        out_request_no: input.outRequestNo,
        refund_reason: input.reason.slice(0, 256),
      });
      return { fundChange: answer.fund_change === 'Y' };
    },

    async refundSucceeded(outTradeNo, outRequestNo) {
      const answer = await call('alipay.trade.fastpay.refund.query', {
        out_trade_no: outTradeNo,
        out_request_no: outRequestNo,
      });
      return answer.refund_status === 'REFUND_SUCCESS';
    },

    async tradeBill(billDate: string): Promise<PlatformBill> {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(billDate)) throw new RangeError(`bill_date must be YYYY-MM-DD: ${billDate}`);
      let answer: Record<string, unknown>;
      try {
        answer = await call('alipay.data.dataservice.bill.downloadurl.query', {
          bill_type: 'trade',
          bill_date: billDate,
        });
      } catch (error) {
        // no trade that day: Alipay has no file, and there is nothing to compare but our side
        if (error instanceof AlipayApiError && error.code === 'isp.bill_not_exist') {
          return { billDate, rows: [], summary: null };
        }
        throw error;
      }
      if (typeof answer.bill_download_url !== 'string') {
        throw new AlipayApiError('UNEXPECTED_RESPONSE', 'no bill_download_url');
      }
      return downloadBill(answer.bill_download_url, billDate);
    },

    verifyNotification(form) {
      try {
        return sdkOf().checkNotifySignV2(form);
      } catch {
        return false; // an unparsable signature is an untrusted one
      }
    },
  };
}

/** The URL lives 30 seconds and needs no signature: fetched at once, unzipped, the detail file read as GBK. */
async function downloadBill(url: string, billDate: string): Promise<PlatformBill> {
  let zip: Buffer;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    zip = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    throw new BillUnavailableError('BILL_DOWNLOAD_FAILED', `Alipay bill download: ${(error as Error).message}`, true);
  }
  let detail: Buffer | undefined;
  try {
    detail = readZip(zip).find((e) => e.name.endsWith('.csv') && !e.name.includes('汇总'))?.data;
  } catch (error) {
    throw new BillUnavailableError('BILL_MALFORMED', `Alipay bill archive: ${(error as Error).message}`, true);
  }
  if (!detail) throw new BillUnavailableError('BILL_MALFORMED', 'the Alipay bill archive has no detail file', false);
  return parseAlipayTradeBill(decodeGbk(detail), billDate);
}

function assertOutTradeNo(outTradeNo: string): void {
  if (!OUT_TRADE_NO.test(outTradeNo)) throw new RangeError(`out_trade_no must match ${OUT_TRADE_NO}: ${outTradeNo}`);
}
