import type { Context } from 'koa';
import { NotifyRejected, verifyNotification } from '../../integrations/wechatpay';
import { DomainError } from '../../platform/errors';
import { applyTransferBill } from './wechat-transfer';
import { Withdrawal } from './withdrawal.model';
import type { WithdrawalsDeps } from './withdrawals-deps';

type Outcome = { ack: true; outcome: string } | { ack: false; status: number; outcome: string; message: string };

/**
 * POST /api/withdrawals/wechat/notify: MCHTRANSFER.BILL.FINISHED, verified as every WeChat Pay notification is
 * (platform signature over the raw body, 5-minute freshness, probes refused, AES-256-GCM tag), then checked to be
 * ours (merchant, bill number, amount) and applied once. 204 acknowledges; anything else makes WeChat retry.
 */
export async function handleTransferNotify(deps: WithdrawalsDeps, ctx: Context): Promise<void> {
  const result = await process(deps, ctx);
  deps.metrics.businessEvents.inc({ event: 'wechat_transfer_notify', outcome: result.outcome });
  if (result.ack) {
    ctx.status = 204;
    return;
  }
  deps.logger.warn({ requestId: ctx.state.requestId, outcome: result.outcome }, 'wechat transfer notification refused');
  ctx.status = result.status;
  ctx.body = { code: 'FAIL', message: result.message };
}

async function process(deps: WithdrawalsDeps, ctx: Context): Promise<Outcome> {
  const rawBody = (ctx.request as { rawBody?: string }).rawBody ?? '';
  let notification;
  try {
    notification = verifyNotification(deps.wechatpayConfig, { headers: ctx.headers, rawBody });
  } catch (error) {
    if (error instanceof NotifyRejected)
      return { ack: false, status: 401, outcome: error.reason, message: '签名验证失败' };
    throw error;
  }
  if (notification.eventType !== 'MCHTRANSFER.BILL.FINISHED') return { ack: true, outcome: 'ignored_event' };
  const r = notification.resource;
  const mchId = r.mch_id ?? r.mchid;
  if (mchId !== deps.wechatpayConfig.mchId)
    return { ack: false, status: 400, outcome: 'MCHID_MISMATCH', message: '商户号不一致' };
  const withdrawalNo = String(r.out_bill_no ?? '');
  const row = await Withdrawal.findOne({ where: { withdrawalNo, channel: 'wechat' } });
  if (!row) return { ack: false, status: 404, outcome: 'UNKNOWN_OUT_BILL_NO', message: '单据不存在' };
  if (r.transfer_amount !== row.netFen)
    return { ack: false, status: 400, outcome: 'AMOUNT_MISMATCH', message: '转账金额不一致' };
  if (row.transferBillNo && r.transfer_bill_no !== row.transferBillNo)
    return { ack: false, status: 400, outcome: 'BILL_NO_MISMATCH', message: '微信单号不一致' };
  try {
    const outcome = await applyTransferBill(deps, withdrawalNo, {
      outBillNo: withdrawalNo,
      transferBillNo: typeof r.transfer_bill_no === 'string' ? r.transfer_bill_no : undefined,
      state: String(r.state),
      failReason: typeof r.fail_reason === 'string' ? r.fail_reason : undefined,
    });
    return { ack: true, outcome };
  } catch (error) {
    if (error instanceof DomainError && error.status < 500)
      return { ack: false, status: error.status, outcome: error.code, message: error.message };
    throw error;
  }
}
