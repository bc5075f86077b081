/**
 * Outgoing WeChat Pay v3 calls (JSAPI prepay, query, close) through wechatpay-node-v3, whose host is hard-coded:
 * WechatPayHttp re-routes its requests to cfg.baseUrl and checks the answers' signatures. The SDK returns errors
 * instead of throwing; this gateway throws WechatPayApiError on every non-2xx answer. Notifications are verified
 * by notify-verifier.ts, not the SDK. (The SDK's Authorization nonce comes from Math.random: acceptable, since the
 * signature covers the timestamp and WeChat Pay uses the nonce only against replays.)
 */
import { createPrivateKey } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type Pay from 'wechatpay-node-v3';
import { BillUnavailableError, type PlatformBill } from '../platform-bill';
import { billSha1, parseWechatTradeBill } from './trade-bill';
import { WechatPayHttp } from './wechatpay-http';
import { formatWechatTime, randomNonce, signSha256Rsa, unixSeconds } from './v3-crypto';
import { WechatPayApiError } from './wechatpay-errors';
import type {
  JsapiPrepayInput,
  RefundInput,
  RefundResult,
  TransactionQueryResult,
  WechatPayConfig,
  WechatPayGateway,
} from './wechatpay.types';

const OUT_TRADE_NO = /^[A-Za-z0-9_\-|*]{6,32}$/; // WeChat Pay's rule for out_trade_no
const OUT_REFUND_NO = /^[A-Za-z0-9_\-|*@]{1,64}$/;

export function createWechatPayGateway(cfg: WechatPayConfig): WechatPayGateway {
  const merchantKey = createPrivateKey(cfg.merchantPrivateKeyPem);
  // The SDK (and superagent under it) loads on the first call, not at boot, where it took a large share of the time.
  let sdk: Promise<Pay> | undefined;
  const paySdk = () =>
    (sdk ??= import('wechatpay-node-v3').then(({ default: Sdk }) => {
      const pay = new Sdk({
        appid: cfg.appId,
        mchid: cfg.mchId,
        serial_no: cfg.merchantSerialNo,
        // The SDK reads the merchant certificate only to derive serial_no, which we give; it just must be non-empty.
        publicKey: Buffer.from(cfg.merchantSerialNo),
        privateKey: Buffer.from(cfg.merchantPrivateKeyPem),
        userAgent: 'distro-mall-server',
      });
      pay.createHttp(new WechatPayHttp(cfg));
      return pay;
    }));

  return {
    async jsapiPrepay(input: JsapiPrepayInput) {
      assertOutTradeNo(input.outTradeNo);
      if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) {
        throw new RangeError(`amountFen must be a positive integer, got ${input.amountFen}`);
      }
      if (Number.isNaN(input.expiresAt.getTime())) throw new RangeError('expiresAt is not a valid date');
      const result = await (
        await paySdk()
      ).transactions_jsapi({
        description: input.description.slice(0, 127),
        out_trade_no: input.outTradeNo,
        time_expire: formatWechatTime(input.expiresAt),
        attach: input.attach,
        notify_url: cfg.notifyUrl,
        amount: { total: input.amountFen, currency: 'CNY' },
        payer: { openid: input.openid },
      });
      // On 200 the SDK replaces the answer with its own wx.requestPayment parameters; the prepay id is in `package`.
      const pkg: unknown = result.status === 200 ? result.data?.package : undefined;
      if (typeof pkg !== 'string' || !pkg.startsWith('prepay_id=')) throw apiError('jsapi prepay', result);
      return { prepayId: pkg.slice('prepay_id='.length) };
    },

    async queryByOutTradeNo(outTradeNo: string): Promise<TransactionQueryResult | null> {
      assertOutTradeNo(outTradeNo);
      const result = await (await paySdk()).query({ out_trade_no: outTradeNo });
      if (result.status === 404 && errorCode(result.error) === 'ORDER_NOT_EXIST') return null;
      if (result.status !== 200 || typeof result.data?.trade_state !== 'string') throw apiError('query', result);
      return toQueryResult(result.data as Record<string, unknown>);
    },

    async close(outTradeNo: string): Promise<void> {
      assertOutTradeNo(outTradeNo);
      const result = await (await paySdk()).close(outTradeNo);
      // Nothing to close when WeChat Pay never saw the order: no payment can arrive for it either.
      if (result.status === 404 && errorCode(result.error) === 'ORDER_NOT_EXIST') return;
      if (result.status !== 204 && result.status !== 200) throw apiError('close', result);
    },

    async refund(input: RefundInput): Promise<RefundResult> {
      assertOutTradeNo(input.outTradeNo);
      if (!OUT_REFUND_NO.test(input.outRefundNo)) throw new RangeError(`bad out_refund_no ${input.outRefundNo}`);
      const result = await (
        await paySdk()
      ).refunds({
        out_trade_no: input.outTradeNo,
        out_refund_no: input.outRefundNo,
        reason: input.reason.slice(0, 80),
        notify_url: cfg.notifyUrl,
        amount: { refund: input.refundFen, total: input.totalFen, currency: 'CNY' },
      });
      if (result.status !== 200 || typeof result.data?.status !== 'string') throw apiError('refund', result);
      return toRefundResult(result.data as unknown as Record<string, unknown>);
    },

    async queryRefund(outRefundNo: string): Promise<RefundResult | null> {
      const result = await (await paySdk()).find_refunds(outRefundNo);
      if (result.status === 404) return null;
      if (result.status !== 200 || typeof result.data?.status !== 'string') throw apiError('refund query', result);
      return toRefundResult(result.data as unknown as Record<string, unknown>);
    },

    async tradeBill(billDate: string): Promise<PlatformBill> {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(billDate)) throw new RangeError(`bill_date must be YYYY-MM-DD: ${billDate}`);
      const pay = await paySdk();
      const applied = await pay.tradebill({ bill_date: billDate, bill_type: 'ALL', tar_type: 'GZIP' });
      const code = errorCode(applied.error);
      // no payment and no refund that day: there is no file, and nothing to compare but our side
      if (code === 'NO_STATEMENT_EXIST') return { billDate, rows: [], summary: null };
      if (code === 'STATEMENT_CREATING') {
        throw new BillUnavailableError(code, `WeChat Pay is still making the bill of ${billDate}`, true);
      }
      const answer = (applied.status === 200 ? applied.data : undefined) as Record<string, unknown> | undefined;
      if (typeof answer?.download_url !== 'string' || typeof answer.hash_value !== 'string') {
        throw apiError('trade bill', applied);
      }
      // the URL lives about 30 seconds: fetched at once
      const downloaded = await pay.downloadBill(answer.download_url);
      if (downloaded.status !== 200 || !Buffer.isBuffer(downloaded.data)) throw apiError('bill download', downloaded);
      let bill: Buffer;
      try {
        bill = gunzipSync(downloaded.data as Buffer);
      } catch (error) {
        throw new BillUnavailableError('BILL_MALFORMED', `the bill is not gzip: ${(error as Error).message}`, true);
      }
      // the download is not signed by WeChat Pay: the SHA-1 of the uncompressed bill is what vouches for it
      if (answer.hash_type !== 'SHA1' || billSha1(bill).toLowerCase() !== answer.hash_value.toLowerCase()) {
        throw new BillUnavailableError(
          'BILL_HASH_MISMATCH',
          `the downloaded bill of ${billDate} does not match its ${String(answer.hash_type)} hash`,
          false,
        );
      }
      return parseWechatTradeBill(bill.toString('utf8'), billDate);
    },

    requestPaymentParams(prepayId: string) {
      const timeStamp = unixSeconds();
      const nonceStr = randomNonce(32);
      const pkg = `prepay_id=${prepayId}`;
      const paySign = signSha256Rsa(`${cfg.appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`, merchantKey);
      return { appId: cfg.appId, timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign };
    },
  };
}

function toRefundResult(data: Record<string, unknown>): RefundResult {
  const amount = (data.amount ?? {}) as Record<string, unknown>;
  return {
    status: data.status as string,
    refundId: typeof data.refund_id === 'string' ? data.refund_id : undefined,
    refundFen: typeof amount.refund === 'number' ? amount.refund : undefined,
  };
}

function assertOutTradeNo(outTradeNo: string): void {
  if (!OUT_TRADE_NO.test(outTradeNo)) throw new RangeError(`out_trade_no must match ${OUT_TRADE_NO}: ${outTradeNo}`);
}

function toQueryResult(data: Record<string, unknown>): TransactionQueryResult {
  const amount = (data.amount ?? {}) as Record<string, unknown>;
  const payer = (data.payer ?? {}) as Record<string, unknown>;
  return {
    tradeState: data.trade_state as string,
    transactionId: typeof data.transaction_id === 'string' ? data.transaction_id : undefined,
    amountFen: typeof amount.total === 'number' ? amount.total : undefined,
    payerOpenid: typeof payer.openid === 'string' ? payer.openid : undefined,
    successTime: typeof data.success_time === 'string' ? data.success_time : undefined,
  };
}

function errorCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as Record<string, unknown>).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

function apiError(call: string, result: { status: number; error?: unknown }): WechatPayApiError {
  const body =
    typeof result.error === 'object' && result.error !== null ? (result.error as Record<string, unknown>) : {};
  const message = typeof body.message === 'string' ? body.message : `unexpected answer (HTTP ${result.status})`;
  return new WechatPayApiError(
    result.status,
    errorCode(body) ?? 'UNEXPECTED_RESPONSE',
    `WeChat Pay ${call}: ${message}`,
  );
}
