import type { Context } from 'koa';
import type { RefundStatus } from '@mall/shared';
import {
  checkTransactionMatches,
  NotifyRejected,
  verifyNotification,
  type WechatPayConfig,
} from '../../integrations/wechatpay';
import { DomainError } from '../../platform/errors';
import type { PlatformDeps } from '../../platform/deps';
import { applyPaidTransaction } from './apply-payment';
import { Payment } from './payment.model';
import { Refund } from './refund.model';
import { applyRefundState } from './refund-state';

type Outcome = { ack: true; outcome: string } | { ack: false; status: number; outcome: string; message: string };

const REFUND_STATUS: Record<string, RefundStatus> = { SUCCESS: 'succeeded', CLOSED: 'closed', ABNORMAL: 'abnormal' };

/**
 * POST /api/payments/wechat/notify. Verify first (signature over the raw body, freshness, probes, GCM tag),
 * then check the transaction is ours and for the right amount, then apply it once. WeChat reads 200/204 as
 * "received"; anything else with {"code":"FAIL"} makes it retry for about 24 hours.
 */
export async function handleWechatNotify(
  deps: PlatformDeps & { wechatpayConfig: WechatPayConfig },
  ctx: Context,
): Promise<void> {
  const result = await process(deps, ctx);
  deps.metrics.businessEvents.inc({ event: 'wechatpay_notify', outcome: result.outcome });
  if (result.ack) {
    ctx.status = 204;
    return;
  }
  deps.logger.warn({ requestId: ctx.state.requestId, outcome: result.outcome }, 'wechatpay notification refused');
  ctx.status = result.status;
  ctx.body = { code: 'FAIL', message: result.message };
}

async function process(deps: PlatformDeps & { wechatpayConfig: WechatPayConfig }, ctx: Context): Promise<Outcome> {
  const rawBody = (ctx.request as { rawBody?: string }).rawBody ?? '';
  let notification;
  try {
    notification = verifyNotification(deps.wechatpayConfig, { headers: ctx.headers, rawBody });
  } catch (error) {
    if (error instanceof NotifyRejected)
      return { ack: false, status: 401, outcome: error.reason, message: '签名验证失败' };
    throw error;
  }
  if (notification.eventType.startsWith('REFUND.')) return applyRefundNotification(deps, notification.resource);
  if (!notification.eventType.startsWith('TRANSACTION.')) {
    deps.logger.warn(
      { eventType: notification.eventType, id: notification.id },
      'unhandled wechatpay event acknowledged',
    );
    return { ack: true, outcome: 'ignored_event' };
  }
  const resource = notification.resource;
  const outTradeNo = String(resource.out_trade_no ?? '');
  const payment = await Payment.findOne({ where: { outTradeNo, channel: 'wechatpay' } });
  if (!payment) return { ack: false, status: 404, outcome: 'UNKNOWN_OUT_TRADE_NO', message: '订单不存在' };
  const mismatch = checkTransactionMatches(deps.wechatpayConfig, resource, {
    outTradeNo,
    amountFen: payment.amountFen,
  });
  if (mismatch) {
    deps.logger.error(
      { outTradeNo, mismatch, notifyId: notification.id },
      'wechatpay notification does not match our payment',
    );
    return { ack: false, status: 400, outcome: mismatch, message: '订单信息不一致' };
  }
  if (resource.trade_state !== 'SUCCESS') return { ack: true, outcome: `state_${String(resource.trade_state)}` };
  try {
    const applied = await applyPaidTransaction(
      deps,
      {
        outTradeNo,
        transactionId: String(resource.transaction_id),
        amountFen: payment.amountFen,
        payerOpenid: (resource.payer as { openid?: string } | undefined)?.openid,
        successTime: typeof resource.success_time === 'string' ? resource.success_time : undefined,
      },
      'wechatpay:notify',
    );
    return { ack: true, outcome: applied };
  } catch (error) {
    if (error instanceof DomainError && error.status < 500) {
      return { ack: false, status: error.status, outcome: error.code, message: error.message };
    }
    throw error;
  }
}

/** REFUND.SUCCESS / CLOSED / ABNORMAL: ours (mchid, refund number, order, amount), then applied once. */
async function applyRefundNotification(
  deps: PlatformDeps & { wechatpayConfig: WechatPayConfig },
  resource: Record<string, unknown>,
): Promise<Outcome> {
  const refuse = (status: number, outcome: string, message: string): Outcome => ({
    ack: false,
    status,
    outcome,
    message,
  });
  if (resource.mchid !== deps.wechatpayConfig.mchId) return refuse(400, 'MCHID_MISMATCH', '商户号不一致');
  const refund = await Refund.findOne({ where: { refundNo: String(resource.out_refund_no ?? '') } });
  if (!refund || refund.channel !== 'wechatpay') return refuse(404, 'UNKNOWN_OUT_REFUND_NO', '退款单不存在');
  const payment = await Payment.findByPk(refund.paymentId);
  const amount = (resource.amount ?? {}) as Record<string, unknown>;
  if (resource.out_trade_no !== payment?.outTradeNo) return refuse(400, 'OUT_TRADE_NO_MISMATCH', '订单号不一致');
  if (amount.refund !== refund.amountFen) return refuse(400, 'AMOUNT_MISMATCH', '退款金额不一致');
  const to = REFUND_STATUS[String(resource.refund_status)];
  if (!to) return { ack: true, outcome: `refund_state_${String(resource.refund_status)}` };
  const changed = await applyRefundState(deps, refund.refundNo, to, {
    providerRefundId: typeof resource.refund_id === 'string' ? resource.refund_id : undefined,
    source: 'wechatpay:notify',
  });
  return { ack: true, outcome: changed === 'changed' ? `refund_${to}` : 'refund_duplicate' };
}
