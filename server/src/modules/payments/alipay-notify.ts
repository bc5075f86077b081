import type { Context } from 'koa';
import { yuanStringToFen } from '@mall/shared';
import { DomainError } from '../../platform/errors';
import { applyPaidTransaction } from './apply-payment';
import { Payment } from './payment.model';
import type { PaymentsDeps } from './payments-deps';
import { alipayTimeToIso } from './settle-payment';

type Outcome = { ack: boolean; outcome: string };

/**
 * POST /api/payments/alipay/notify (form-encoded). Verify first (checkNotifySignV2 on the form parsed from the raw
 * body), then check it is ours (app_id, seller_id, out_trade_no) and for the right total_amount, then apply it
 * once. Only TRADE_SUCCESS and TRADE_FINISHED mean paid (a partial refund keeps TRADE_SUCCESS: a duplicate here).
 * The literal "success" acknowledges; anything else makes Alipay retry (8 times in about 25 hours).
 */
export async function handleAlipayNotify(deps: PaymentsDeps, ctx: Context): Promise<void> {
  const rawBody = (ctx.request as { rawBody?: string }).rawBody;
  const form: Record<string, string> =
    typeof rawBody === 'string'
      ? Object.fromEntries(new URLSearchParams(rawBody))
      : Object.fromEntries(
          Object.entries((ctx.request.body ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
        );
  const result = await process(deps, form);
  deps.metrics.businessEvents.inc({ event: 'alipay_notify', outcome: result.outcome });
  if (!result.ack)
    deps.logger.warn({ requestId: ctx.state.requestId, outcome: result.outcome }, 'alipay notification refused');
  ctx.type = 'text/plain';
  ctx.status = result.ack ? 200 : 400;
  ctx.body = result.ack ? 'success' : 'fail';
}

async function process(deps: PaymentsDeps, form: Record<string, string>): Promise<Outcome> {
  const cfg = deps.config.alipay;
  if (!deps.alipay || !cfg) return { ack: false, outcome: 'CHANNEL_DISABLED' };
  if (!deps.alipay.verifyNotification(form)) return { ack: false, outcome: 'BAD_SIGNATURE' };
  if (form.app_id !== cfg.appId) return { ack: false, outcome: 'APP_ID_MISMATCH' };
  if (form.seller_id !== cfg.sellerId) return { ack: false, outcome: 'SELLER_ID_MISMATCH' };
  const payment = await Payment.findOne({ where: { outTradeNo: form.out_trade_no ?? '', channel: 'alipay' } });
  if (!payment) return { ack: false, outcome: 'UNKNOWN_OUT_TRADE_NO' };
  let totalFen: number;
  try {
    totalFen = yuanStringToFen(form.total_amount ?? '');
  } catch {
    return { ack: false, outcome: 'AMOUNT_MISMATCH' };
  }
  if (totalFen !== payment.amountFen) {
    deps.logger.error({ outTradeNo: payment.outTradeNo }, 'alipay notification amount differs from our payment');
    return { ack: false, outcome: 'AMOUNT_MISMATCH' };
  }
  if (form.trade_status !== 'TRADE_SUCCESS' && form.trade_status !== 'TRADE_FINISHED') {
    return { ack: true, outcome: `state_${form.trade_status ?? 'missing'}` };
  }
  if (!form.trade_no) return { ack: false, outcome: 'BAD_BODY' };
  try {
    const applied = await applyPaidTransaction(
      deps,
      {
        outTradeNo: payment.outTradeNo,
        transactionId: form.trade_no,
        amountFen: totalFen,
        payerOpenid: form.buyer_open_id ?? form.buyer_id,
        successTime: alipayTimeToIso(form.gmt_payment),
      },
      'alipay:notify',
    );
    return { ack: true, outcome: applied };
  } catch (error) {
    if (error instanceof DomainError && error.status < 500) return { ack: false, outcome: error.code };
    throw error;
  }
}
