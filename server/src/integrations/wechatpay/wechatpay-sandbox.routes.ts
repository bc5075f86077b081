/**
 * The WeChat Pay v3 sandbox: the real paths under /sandbox/wechatpay (so cfg.baseUrl is
 * http://HOST:PORT/sandbox/wechatpay), plus POST /sandbox/wechatpay/confirm standing in for the cashier.
 * State lives in memory, in one process.
 */
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { Context } from 'koa';
import { createSandboxNotifier, type SandboxLog } from './sandbox-notifier';
import { requireMerchantSignature, signPlatformResponses } from './sandbox-http-signing';
import { SandboxLedger, describeRefund, describeTransaction, type SandboxRefusal } from './sandbox-ledger';
import { formatWechatTime } from './v3-crypto';
import { parseBillTampers } from '../sandbox-bill-tamper';
import { createSandboxBills } from './sandbox-bills';
import { SandboxTransfers, describeTransfer } from './sandbox-transfers';
import type { SandboxKeyMaterial } from './wechatpay.types';

export const WECHATPAY_SANDBOX_PATH = '/sandbox/wechatpay';

export function createWechatPaySandboxRouter(opts: {
  keys: SandboxKeyMaterial;
  log?: SandboxLog;
  /** Which Wechatpay-Serial the sandbox signs with: the PUB_KEY_ID_ id (default) or the platform certificate serial. */
  platformSerialMode?: 'public-key' | 'certificate';
}): Router {
  const { keys } = opts;
  const serial =
    opts.platformSerialMode === 'certificate' ? keys.platformCertificateSerialNo : keys.platformPublicKeyId;
  const signer = { platformPrivateKeyPem: keys.platformPrivateKeyPem, serial, apiV3Key: keys.apiV3Key };
  const ledger = new SandboxLedger({ appId: keys.appId, mchId: keys.mchId });
  const bills = createSandboxBills(ledger, { appId: keys.appId, mchId: keys.mchId });
  const merchantSigned = requireMerchantSignature({
    mchId: keys.mchId,
    merchantCertificatePem: keys.merchantCertificatePem,
    basePath: WECHATPAY_SANDBOX_PATH,
  });
  const notifier = createSandboxNotifier({ signer, log: opts.log });
  const transfers = new SandboxTransfers({
    appId: keys.appId,
    mchId: keys.mchId,
    platformPrivateKeyPem: keys.platformPrivateKeyPem,
    serials: [keys.platformPublicKeyId, keys.platformCertificateSerialNo],
  });
  const control = { refundTimeoutOnce: false, refundCloseOnce: false };
  const completing = new Set<string>();
  const v3 = [signPlatformResponses(signer), merchantSigned];

  const router = new Router({ prefix: WECHATPAY_SANDBOX_PATH });
  router.use(bodyParser()); // a no-op when the app already parsed the body (and kept ctx.request.rawBody)

  router.post('/v3/pay/transactions/jsapi', ...v3, (ctx) => {
    const outcome = ledger.prepay(ctx.request.body);
    if ('refused' in outcome) return answerRefusal(ctx, outcome.refused);
    ctx.body = { prepay_id: outcome.ok.prepayId };
  });

  router.get('/v3/pay/transactions/out-trade-no/:outTradeNo', ...v3, (ctx) => {
    if (ctx.query.mchid !== keys.mchId)
      return answerRefusal(ctx, { status: 400, code: 'PARAM_ERROR', message: 'mchid 无效' });
    const order = ledger.find(ctx.params.outTradeNo);
    if (!order) return answerRefusal(ctx, { status: 404, code: 'ORDER_NOT_EXIST', message: '订单不存在' });
    ctx.body = describeTransaction(order);
  });

  router.post('/v3/pay/transactions/out-trade-no/:outTradeNo/close', ...v3, (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    if (body.mchid !== keys.mchId)
      return answerRefusal(ctx, { status: 400, code: 'PARAM_ERROR', message: 'mchid 无效' });
    const outcome = ledger.close(ctx.params.outTradeNo);
    if ('refused' in outcome) return answerRefusal(ctx, outcome.refused);
    ctx.status = 204;
  });

  router.post('/v3/refund/domestic/refunds', ...v3, (ctx) => {
    const outcome = ledger.refund(ctx.request.body);
    if ('refused' in outcome) return answerRefusal(ctx, outcome.refused);
    const refund = outcome.ok;
    if (control.refundTimeoutOnce) {
      // accepted, but the answer is lost (and the bank is slow): the merchant must ask again with the same number
      control.refundTimeoutOnce = false;
      ctx.req.socket.destroy();
      ctx.respond = false;
      return;
    }
    if (refund.status === 'PROCESSING' && !completing.has(refund.outRefundNo)) {
      // the bank takes a moment: the refund succeeds after the answer, then WeChat Pay notifies
      completing.add(refund.outRefundNo);
      // the bank may also refuse it for good (the buyer's card closed): WeChat Pay then reports REFUND.CLOSED
      const closes = control.refundCloseOnce;
      control.refundCloseOnce = false;
      setTimeout(() => {
        refund.status = closes ? 'CLOSED' : 'SUCCESS';
        if (!closes) refund.successTime = formatWechatTime(new Date());
        void notifier.deliverRefund(refund);
      }, 20).unref();
    }
    ctx.body = describeRefund(refund, 'answer');
  });

  router.get('/v3/refund/domestic/refunds/:outRefundNo', ...v3, (ctx) => {
    const refund = ledger.findRefund(ctx.params.outRefundNo);
    if (!refund) return answerRefusal(ctx, { status: 404, code: 'RESOURCE_NOT_EXISTS', message: '退款单不存在' });
    ctx.body = describeRefund(refund, 'answer');
  });

  router.get('/v3/bill/tradebill', ...v3, (ctx) => {
    const outcome = bills.apply(ctx.query);
    if ('refused' in outcome) return answerRefusal(ctx, outcome.refused!);
    ctx.body = outcome.ok;
  });

  // the bill file: the request is signed by the merchant, the answer is raw bytes WeChat Pay does not sign
  router.get('/v3/billdownload/file', merchantSigned, (ctx) => {
    const file = bills.download(String(ctx.query.token ?? ''));
    if (!file) return answerRefusal(ctx, { status: 400, code: 'INVALID_REQUEST', message: '下载链接已失效' });
    ctx.type = 'application/octet-stream';
    ctx.body = file;
  });

  // merchant transfer (商家转账), 2025 version: the bill waits for the member's confirmation
  const TRANSFER = '/v3/fund-app/mch-transfer/transfer-bills';
  router.post(TRANSFER, ...v3, (ctx) => {
    const outcome = transfers.create(ctx.request.body, ctx.get('Wechatpay-Serial') || undefined);
    if ('refused' in outcome) return answerRefusal(ctx, outcome.refused);
    ctx.body = describeTransfer(outcome.ok, 'create');
  });

  router.get(`${TRANSFER}/out-bill-no/:outBillNo`, ...v3, (ctx) => {
    const bill = transfers.find(ctx.params.outBillNo);
    if (!bill) return answerRefusal(ctx, { status: 404, code: 'NOT_FOUND', message: '单据不存在' });
    ctx.body = describeTransfer(bill, 'query');
  });

  router.post(`${TRANSFER}/out-bill-no/:outBillNo/cancel`, ...v3, async (ctx) => {
    const outcome = transfers.cancel(ctx.params.outBillNo);
    if ('refused' in outcome) return answerRefusal(ctx, outcome.refused);
    const bill = outcome.ok;
    ctx.body = {
      out_bill_no: bill.outBillNo,
      transfer_bill_no: bill.transferBillNo,
      state: bill.state,
      update_time: bill.updateTime,
    };
    void notifier.deliverTransfer(bill);
  });

  // Test control standing in for the member on the confirm page: { outcome: 'success' | 'fail', failReason?,
  // notify?: false } (false loses the notification: only a query then learns the end). Unsigned: not a WeChat API.
  router.post('/transfers/:outBillNo/outcome', async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    if (body.outcome !== 'success' && body.outcome !== 'fail')
      return answerRefusal(ctx, { status: 400, code: 'PARAM_ERROR', message: 'outcome is success or fail' });
    const failReason = typeof body.failReason === 'string' ? body.failReason : undefined;
    const outcome = transfers.settle(ctx.params.outBillNo, body.outcome, failReason);
    if ('refused' in outcome) return answerRefusal(ctx, outcome.refused);
    const notified = body.notify === false ? false : await notifier.deliverTransfer(outcome.ok);
    ctx.body = { state: outcome.ok.state, notified };
  });

  // Test control: the bill of `billDate` disagrees with what the sandbox processed (see sandbox-bill-tamper.ts);
  // an empty list makes it truthful again
  router.post('/bills/tamper', (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const changes = parseBillTampers(body.changes);
    if (typeof body.billDate !== 'string' || typeof changes === 'string') {
      return answerRefusal(ctx, { status: 400, code: 'PARAM_ERROR', message: String(changes) });
    }
    bills.tamper(body.billDate, changes);
    ctx.body = { billDate: body.billDate, changes };
  });

  // what the sandbox saw of one refund number (unsigned: a test's window, not a WeChat Pay API)
  // notifications still being sent or waiting for a retry (a test's window: it waits for none)
  router.get('/notifications/pending', (ctx) => {
    ctx.body = { pending: notifier.pending() };
  });

  router.get('/refunds/:outRefundNo', (ctx) => {
    ctx.body = { calls: ledger.refundCalls.get(ctx.params.outRefundNo) ?? 0 };
  });

  // Test controls: the next refund call is carried out but its answer is lost (a timeout seen by the merchant), or
  // the next refund is closed by the bank instead of succeeding.
  router.post('/control', (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    control.refundTimeoutOnce = body.refundTimeoutOnce === true;
    control.refundCloseOnce = body.refundCloseOnce === true;
    ctx.body = { ...control };
  });

  // The cashier stand-in: what the user's tap on "pay" in WeChat would do. Not a WeChat Pay API, so unsigned.
  router.post('/confirm', async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    if (typeof body.prepayId !== 'string') {
      return answerRefusal(ctx, { status: 400, code: 'PARAM_ERROR', message: 'prepayId is required' });
    }
    const outcome = ledger.pay(body.prepayId, new Date(), body.force === true);
    if ('refused' in outcome) return answerRefusal(ctx, outcome.refused);
    // notify: false loses the notification (a test of what only the bill then shows)
    const notified = body.notify === false ? false : await notifier.deliver(outcome.ok);
    ctx.body = { transactionId: outcome.ok.transactionId, notified };
  });

  return router;
}

function answerRefusal(ctx: Context, refusal: SandboxRefusal): void {
  ctx.status = refusal.status;
  ctx.body = { code: refusal.code, message: refusal.message };
}
