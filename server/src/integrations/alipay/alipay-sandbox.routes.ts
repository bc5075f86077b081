/**
 * The Alipay sandbox gateway under /sandbox/alipay, speaking the OpenAPI v2 protocol alipay-sdk uses: parameters in
 * the query string and the form body, RSA2-signed by the app (verified with the app's public key, else
 * isv.invalid-signature), answers `{"<method>_response":{...},"sign":"..."}` signed with the sandbox "Alipay" key.
 * Page APIs (alipay.trade.wap.pay) answer a cashier page; paying posts a signed notification to the notify_url.
 * State lives in memory, in one process.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { Context } from 'koa';
import { fenToYuanString, yuanStringToFen } from '@mall/shared';
import { alipayTime, rsa2Sign, rsa2Verify, signContent, signNotificationForm } from './alipay-sign';
import { AlipaySandboxLedger, type Refusal, type SandboxTrade } from './sandbox-ledger';
import { parseBillTampers } from '../sandbox-bill-tamper';
import { createAlipaySandboxBills } from './sandbox-bills';

export const ALIPAY_SANDBOX_PATH = '/sandbox/alipay';

export type SandboxLog = (msg: string, extra?: object) => void;

export function createAlipaySandboxRouter(opts: {
  appId: string;
  sellerId: string;
  /** The app's private key from the configuration: the sandbox knows its public half, as Alipay does. */
  appPrivateKeyPem: string;
  alipayPrivateKeyPem: string;
  log?: SandboxLog;
}): Router {
  const appPublicKey: KeyObject = createPublicKey(opts.appPrivateKeyPem);
  const ledger = new AlipaySandboxLedger();
  const bills = createAlipaySandboxBills(ledger, opts.sellerId);
  const control = { refundTimeoutOnce: false };
  const router = new Router({ prefix: ALIPAY_SANDBOX_PATH });
  router.use(bodyParser({ enableTypes: ['json', 'form'] }));

  const answer = (ctx: Context, method: string, body: Record<string, unknown>) => {
    const inner = JSON.stringify(body);
    const key = `${method.replace(/\./g, '_')}_response`;
    ctx.type = 'application/json';
    ctx.body = `{"${key}":${inner},"sign":"${rsa2Sign(inner, opts.alipayPrivateKeyPem)}"}`;
  };
  const ok = (extra: Record<string, unknown>) => ({ code: '10000', msg: 'Success', ...extra });
  const failed = (r: Refusal) => ({ code: '40004', msg: 'Business Failed', sub_code: r.subCode, sub_msg: r.subMsg });

  /** The request's parameters (query and form), when the app's signature holds; null otherwise. */
  const signedParams = (ctx: Context): Record<string, string> | null => {
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...ctx.query, ...((ctx.request.body as object | undefined) ?? {}) })) {
      if (typeof v === 'string') params[k] = v;
    }
    if (!params.sign || params.app_id !== opts.appId) return null;
    return rsa2Verify(signContent(params, ['sign']), params.sign, appPublicKey) ? params : null;
  };

  // Alipay retries a notification that was not answered `success` (8 times over about 25 hours); the sandbox
  // retries twice, after 2 and 10 seconds
  const RETRY_DELAYS_MS = [2_000, 10_000];
  const retrying = new Set<string>();
  let inFlight = 0;

  async function notify(trade: SandboxTrade, extra: Record<string, string> = {}, attempt = 0): Promise<boolean> {
    inFlight++;
    const acknowledged = await notifyOnce(trade, extra).finally(() => inFlight--);
    const key = `${trade.outTradeNo}:${trade.status}`;
    if (!acknowledged && attempt < RETRY_DELAYS_MS.length && !retrying.has(key)) {
      retrying.add(key);
      setTimeout(() => {
        retrying.delete(key);
        void notify(trade, extra, attempt + 1);
      }, RETRY_DELAYS_MS[attempt]).unref();
    }
    return acknowledged;
  }

  async function notifyOnce(trade: SandboxTrade, extra: Record<string, string>): Promise<boolean> {
    if (!trade.notifyUrl) return false;
    const fields: Record<string, string> = {
      notify_time: alipayTime(new Date()),
      notify_type: 'trade_status_sync',
      notify_id: `sandbox${Date.now()}${Math.floor(Math.random() * 1e6)}`,
      app_id: opts.appId,
      charset: 'utf-8',
      version: '1.0',
      trade_no: trade.tradeNo,
      out_trade_no: trade.outTradeNo,
      buyer_open_id: trade.buyerOpenId,
      seller_id: opts.sellerId,
      trade_status: trade.status,
      total_amount: fenToYuanString(trade.totalFen),
      receipt_amount: fenToYuanString(trade.totalFen),
      buyer_pay_amount: fenToYuanString(trade.totalFen),
      subject: trade.subject,
      gmt_create: trade.gmtCreate,
      ...(trade.gmtPayment ? { gmt_payment: trade.gmtPayment } : {}),
      ...extra,
    };
    try {
      const response = await fetch(trade.notifyUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: new URLSearchParams(signNotificationForm(fields, opts.alipayPrivateKeyPem)).toString(),
        signal: AbortSignal.timeout(5_000),
      });
      const acknowledged = (await response.text()).trim() === 'success';
      opts.log?.('alipay sandbox notification delivered', { outTradeNo: trade.outTradeNo, acknowledged });
      return acknowledged;
    } catch (error) {
      opts.log?.('alipay sandbox notification failed', { error: (error as Error).message });
      return false;
    }
  }

  function bizOf(params: Record<string, string>): Record<string, unknown> {
    try {
      const biz: unknown = JSON.parse(params.biz_content ?? '{}');
      return typeof biz === 'object' && biz !== null ? (biz as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  const fenOf = (value: unknown) => {
    try {
      return typeof value === 'string' ? yuanStringToFen(value) : NaN;
    } catch {
      return NaN;
    }
  };

  router.post('/gateway.do', (ctx) => {
    const method = String(ctx.query.method ?? '');
    const params = signedParams(ctx);
    if (!params) {
      return answer(ctx, method, {
        code: '40002',
        msg: 'Invalid Arguments',
        sub_code: 'isv.invalid-signature',
        sub_msg: '验签出错',
      });
    }
    const biz = bizOf(params);
    const outTradeNo = String(biz.out_trade_no ?? '');
    switch (method) {
      case 'alipay.trade.create': {
        const opened = ledger.open({
          outTradeNo,
          totalFen: fenOf(biz.total_amount),
          subject: String(biz.subject ?? ''),
          notifyUrl: params.notify_url ?? '',
          buyerOpenId: String(biz.buyer_open_id ?? ''),
        });
        return answer(
          ctx,
          method,
          'refused' in opened ? failed(opened.refused) : ok({ out_trade_no: outTradeNo, trade_no: opened.ok.tradeNo }),
        );
      }
      case 'alipay.trade.query': {
        const trade = ledger.find(outTradeNo);
        if (!trade) return answer(ctx, method, failed({ subCode: 'ACQ.TRADE_NOT_EXIST', subMsg: '交易不存在' }));
        return answer(
          ctx,
          method,
          ok({
            trade_no: trade.tradeNo,
            out_trade_no: trade.outTradeNo,
            trade_status: trade.status,
            total_amount: fenToYuanString(trade.totalFen),
            buyer_open_id: trade.buyerOpenId,
            ...(trade.gmtPayment ? { send_pay_date: trade.gmtPayment } : {}),
          }),
        );
      }
      case 'alipay.trade.close': {
        const closed = ledger.close(outTradeNo);
        return answer(
          ctx,
          method,
          'refused' in closed ? failed(closed.refused) : ok({ trade_no: closed.ok.tradeNo, out_trade_no: outTradeNo }),
        );
      }
      case 'alipay.trade.refund': {
        const outRequestNo = String(biz.out_request_no ?? outTradeNo);
        const refunded = ledger.refund(outTradeNo, outRequestNo, fenOf(biz.refund_amount));
        if ('refused' in refunded) return answer(ctx, method, failed(refunded.refused));
        const { trade } = refunded.ok;
        if (control.refundTimeoutOnce) {
          // the refund happened, but the answer never arrives: the merchant must retry with the same out_request_no
          control.refundTimeoutOnce = false;
          ctx.req.socket.destroy();
          ctx.respond = false;
          return;
        }
        return answer(
          ctx,
          method,
          ok({
            trade_no: trade.tradeNo,
            out_trade_no: outTradeNo,
            fund_change: refunded.ok.fundChange ? 'Y' : 'N',
            refund_fee: fenToYuanString(trade.refundedFen),
            gmt_refund_pay: trade.refunds.get(outRequestNo)?.at,
          }),
        );
      }
      case 'alipay.trade.fastpay.refund.query': {
        const trade = ledger.find(outTradeNo);
        const refund = trade?.refunds.get(String(biz.out_request_no ?? outTradeNo));
        if (!trade) return answer(ctx, method, failed({ subCode: 'ACQ.TRADE_NOT_EXIST', subMsg: '交易不存在' }));
        // a missing refund_status means the refund was not received (Alipay's own convention)
        return answer(
          ctx,
          method,
          ok({
            trade_no: trade.tradeNo,
            out_trade_no: outTradeNo,
            out_request_no: biz.out_request_no,
            ...(refund ? { refund_status: 'REFUND_SUCCESS', refund_amount: fenToYuanString(refund.fen) } : {}),
          }),
        );
      }
      case 'alipay.data.dataservice.bill.downloadurl.query': {
        const billDate = String(biz.bill_date ?? '');
        if (biz.bill_type !== 'trade' || !/^\d{4}-\d{2}-\d{2}$/.test(billDate)) {
          return answer(ctx, method, failed({ subCode: 'isv.invalid-bill-type', subMsg: '账单类型或日期不正确' }));
        }
        // on the host the gateway was called at (Koa 3: ctx.origin is the Origin header, not this)
        const url = bills.urlFor(billDate, `${ctx.protocol}://${ctx.host}${ALIPAY_SANDBOX_PATH}`);
        if (!url) return answer(ctx, method, failed({ subCode: 'isp.bill_not_exist', subMsg: '账单不存在' }));
        return answer(ctx, method, ok({ bill_download_url: url }));
      }
      default:
        return answer(ctx, method, {
          code: '40004',
          msg: 'Business Failed',
          sub_code: 'isv.invalid-method',
          sub_msg: '不存在的方法名',
        });
    }
  });

  // alipay.trade.wap.pay is a page: the browser lands here with the signed request and sees the cashier
  router.get('/gateway.do', (ctx) => {
    const params = signedParams(ctx);
    ctx.type = 'text/html; charset=utf-8';
    if (!params || params.method !== 'alipay.trade.wap.pay') {
      ctx.status = 400;
      ctx.body = '<h1>支付宝（沙箱）</h1><p>验签出错</p>';
      return;
    }
    const biz = bizOf(params);
    const opened = ledger.open({
      outTradeNo: String(biz.out_trade_no ?? ''),
      totalFen: fenOf(biz.total_amount),
      subject: String(biz.subject ?? ''),
      notifyUrl: params.notify_url ?? '',
      returnUrl: params.return_url ?? '',
    });
    if ('refused' in opened) {
      ctx.body = `<h1>支付宝（沙箱）</h1><p>${escapeHtml(opened.refused.subMsg)}</p>`;
      return;
    }
    const trade = opened.ok;
    ctx.body = `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>支付宝（沙箱）</title></head><body style="font-family:sans-serif;text-align:center;padding:2em">
<h1>支付宝（沙箱）</h1><p>${escapeHtml(trade.subject)}</p><p style="font-size:2em">¥${fenToYuanString(trade.totalFen)}</p>
<form method="post" action="${ALIPAY_SANDBOX_PATH}/cashier"><input type="hidden" name="out_trade_no" value="${escapeHtml(trade.outTradeNo)}">
<button id="alipay-sandbox-pay" type="submit" style="font-size:1.2em;padding:.6em 2em">确认付款</button></form></body></html>`;
  });

  router.post('/cashier', async (ctx) => {
    const outTradeNo = String((ctx.request.body as Record<string, unknown> | undefined)?.out_trade_no ?? '');
    const paid = ledger.pay(outTradeNo);
    ctx.type = 'text/html; charset=utf-8';
    if ('refused' in paid) {
      ctx.status = 409;
      ctx.body = `<h1>支付宝（沙箱）</h1><p>${escapeHtml(paid.refused.subMsg)}</p>`;
      return;
    }
    await notify(paid.ok);
    const back = paid.ok.returnUrl;
    if (back) {
      const sep = back.includes('?') ? '&' : '?';
      ctx.redirect(`${back}${sep}out_trade_no=${encodeURIComponent(outTradeNo)}&trade_no=${paid.ok.tradeNo}`);
    } else ctx.body = '<h1>支付成功</h1>';
  });

  // the bill archive behind bill_download_url: no signature, the URL's token is the key (30 seconds)
  router.get('/bills/download', (ctx) => {
    const file = bills.download(String(ctx.query.token ?? ''));
    if (!file) {
      ctx.status = 404;
      ctx.body = 'expired';
      return;
    }
    ctx.type = 'application/oct-stream';
    ctx.set('Content-Disposition', `attachment; filename="${String(ctx.query.bizDates ?? 'bill')}.csv.zip"`);
    ctx.body = file;
  });

  // Test control: the bill of `billDate` disagrees with what the sandbox processed (see sandbox-bill-tamper.ts)
  router.post('/bills/tamper', (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const changes = parseBillTampers(body.changes);
    if (typeof body.billDate !== 'string' || typeof changes === 'string') {
      ctx.status = 400;
      ctx.body = { code: 'PARAM_ERROR', message: String(changes) };
      return;
    }
    bills.tamper(body.billDate, changes);
    ctx.body = { billDate: body.billDate, changes };
  });

  // notifications still being sent or waiting for a retry (a test's window: it waits for none)
  router.get('/notifications/pending', (ctx) => {
    ctx.body = { pending: inFlight + retrying.size };
  });

  // my.tradePay stand-in for the mini-program buyer (and tests)
  router.post('/pay', async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const paid = ledger.pay(String(body.outTradeNo ?? ''), body.force === true);
    if ('refused' in paid) {
      ctx.status = 409;
      ctx.body = { code: paid.refused.subCode, message: paid.refused.subMsg };
      return;
    }
    // notify: false loses the notification (a test of what only the bill then shows)
    ctx.body = { tradeNo: paid.ok.tradeNo, notified: body.notify === false ? false : await notify(paid.ok) };
  });

  // what the sandbox saw of one refund number: how often it was asked, and what the trade has refunded in all
  router.get('/refunds/:outRequestNo', (ctx) => {
    ctx.body = { calls: ledger.refundCalls.get(ctx.params.outRequestNo) ?? 0 };
  });

  router.post('/control', (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    control.refundTimeoutOnce = body.refundTimeoutOnce === true;
    ctx.body = { ...control };
  });

  return router;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
