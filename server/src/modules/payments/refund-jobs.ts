import type { RefundStatus } from '@mall/shared';
import { AlipayApiError } from '../../integrations/alipay';
import { WechatPayApiError } from '../../integrations/wechatpay';
import { Payment } from './payment.model';
import type { PaymentsDeps } from './payments-deps';
import { Refund } from './refund.model';
import { applyRefundState } from './refund-state';
import { REFUND_QUERY_JOB, REFUND_SUBMIT_JOB } from './request-refund';

/** WeChat Pay asks to start querying about a minute after a refund was accepted. */
const REFUND_QUERY_DELAY_MS = 60_000;

/** Failures worth another try with the same refund number; anything else is a refusal for good. */
const RETRYABLE_WECHAT = new Set([
  'NETWORK_ERROR',
  'SYSTEM_ERROR',
  'BIZ_ERR_NEED_RETRY',
  'FREQUENCY_LIMITED',
  'NOT_ENOUGH',
]);
const RETRYABLE_ALIPAY = new Set([
  'NETWORK_ERROR',
  'ACQ.SYSTEM_ERROR',
  'RESPONSE_BAD_SIGNATURE',
  'aop.ACQ.SYSTEM_ERROR',
]);

const WECHAT_STATUS: Record<string, RefundStatus> = {
  SUCCESS: 'succeeded',
  CLOSED: 'closed',
  ABNORMAL: 'abnormal',
  PROCESSING: 'processing',
};

export function registerRefundJobs(deps: PaymentsDeps) {
  const queue = deps.queues.payments;
  void queue.process(REFUND_SUBMIT_JOB, 4, (job) => submitRefund(deps, (job.data as { refundNo: string }).refundNo));
  void queue.process(REFUND_QUERY_JOB, 2, (job) => queryRefund(deps, (job.data as { refundNo: string }).refundNo));
}

/**
 * Calls the channel with the stored refund number. A lost answer or a platform hiccup throws, so Bull retries with
 * the same number (the platform refunds once per number); a refusal for good marks the refund failed.
 */
export async function submitRefund(deps: PaymentsDeps, refundNo: string): Promise<string> {
  const refund = await Refund.findOne({ where: { refundNo } });
  if (!refund || refund.status !== 'pending') return refund?.status ?? 'missing';
  const payment = await Payment.findByPk(refund.paymentId);
  if (!payment) return 'missing';
  await refund.increment('attempts');
  try {
    if (refund.channel === 'wechatpay') {
      const answer = await deps.wechatpay.refund({
        outTradeNo: payment.outTradeNo,
        outRefundNo: refund.refundNo,
        refundFen: refund.amountFen,
        totalFen: payment.amountFen,
        reason: refund.reason,
      });
      const to = WECHAT_STATUS[answer.status] ?? 'processing';
      await applyRefundState(deps, refundNo, to, { providerRefundId: answer.refundId, source: 'wechatpay:refund' });
      if (to === 'processing' || to === 'abnormal') await scheduleQuery(deps, refundNo);
      return to;
    }
    if (refund.channel === 'alipay') {
      if (!deps.alipay) throw new Error('Alipay is not configured');
      // code 10000 is the refund done (fund_change N on a replay of the same out_request_no: done before)
      await deps.alipay.refund({
        outTradeNo: payment.outTradeNo,
        outRequestNo: refund.refundNo,
        refundFen: refund.amountFen,
        reason: refund.reason,
      });
      await applyRefundState(deps, refundNo, 'succeeded', { source: 'alipay:refund' });
      return 'succeeded';
    }
    return 'manual';
  } catch (error) {
    const code =
      error instanceof WechatPayApiError || error instanceof AlipayApiError ? error.code : 'UNEXPECTED_ERROR';
    const retryable =
      error instanceof WechatPayApiError
        ? RETRYABLE_WECHAT.has(code) || error.httpStatus >= 500 || code.startsWith('RESPONSE_')
        : error instanceof AlipayApiError
          ? RETRYABLE_ALIPAY.has(code)
          : true;
    await refund.update({ lastError: `${code}: ${(error as Error).message}`.slice(0, 200) });
    if (retryable) throw error; // Bull retries with backoff, same refund number
    await applyRefundState(deps, refundNo, 'failed', { error: code, source: `${refund.channel}:refund` });
    deps.logger.error({ refundNo, code }, 'refund refused by the platform');
    return 'failed';
  }
}

async function scheduleQuery(deps: PaymentsDeps, refundNo: string) {
  await deps.queues.payments.add(
    REFUND_QUERY_JOB,
    { refundNo },
    {
      jobId: `${REFUND_QUERY_JOB}:${refundNo}`,
      delay: REFUND_QUERY_DELAY_MS,
      attempts: 10,
      backoff: { type: 'exponential', delay: REFUND_QUERY_DELAY_MS },
    },
  );
}

/** When no REFUND.* notification arrives: ask the platform; still processing throws, so Bull asks again later. */
export async function queryRefund(deps: PaymentsDeps, refundNo: string): Promise<string> {
  const refund = await Refund.findOne({ where: { refundNo } });
  if (!refund || ['succeeded', 'closed', 'failed'].includes(refund.status)) return refund?.status ?? 'missing';
  if (refund.channel === 'wechatpay') {
    const answer = await deps.wechatpay.queryRefund(refundNo);
    if (!answer) return refund.status; // never reached WeChat Pay: the submit job owns it
    const to = WECHAT_STATUS[answer.status] ?? 'processing';
    await applyRefundState(deps, refundNo, to, { providerRefundId: answer.refundId, source: 'wechatpay:query' });
    if (to === 'processing') throw new Error(`refund ${refundNo} still processing`);
    return to;
  }
  if (refund.channel === 'alipay' && deps.alipay) {
    const payment = await Payment.findByPk(refund.paymentId);
    if (payment && (await deps.alipay.refundSucceeded(payment.outTradeNo, refundNo))) {
      await applyRefundState(deps, refundNo, 'succeeded', { source: 'alipay:query' });
      return 'succeeded';
    }
    throw new Error(`refund ${refundNo} not confirmed yet`);
  }
  return refund.status;
}
